"""Funding's messages show amounts through core.formatting.money, like every page (¥1,500,000.00)."""
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from core.domain import RuleViolation
from funding import services
from funding.models import Expenditure

from .factories import BudgetFactory, BudgetLineFactory, FundingSourceFactory

pytestmark = pytest.mark.django_db


def test_overspend_refusal_names_what_is_left_formatted(admin_user, teacher):
    line = BudgetLineFactory(amount=Decimal("1500000.00"))
    with translation.override("en"), pytest.raises(RuleViolation) as exc:
        services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="x",
                                    description="y", amount=Decimal("1500000.01"))
    assert "¥1,500,000.00 left" in str(exc.value.message)


def test_source_messages_format_their_amounts(admin_user):
    grant = FundingSourceFactory(amount=Decimal("2500000.00"))
    services.budget_line_create(budget=BudgetFactory(), by=admin_user, category="curriculum", name="课程",
                                amount=Decimal("1200000.00"), source=grant)
    with translation.override("en"):
        with pytest.raises(RuleViolation) as exc:
            services.funding_source_update(source=grant, by=admin_user, amount=Decimal("1000.00"))
        assert "¥1,200,000.00 of this source" in str(exc.value.message)
        with pytest.raises(RuleViolation) as exc:
            services.budget_line_create(budget=BudgetFactory(), by=admin_user, category="curriculum", name="二",
                                        amount=Decimal("1300000.01"), source=grant)
        assert "only ¥1,300,000.00 left" in str(exc.value.message)


def test_expenditure_text_formats_the_amount():
    line = BudgetLineFactory(amount=Decimal("3000000.00"))
    e = Expenditure(line=line, spent_on=date(2026, 4, 1), payee="渲染公司", amount=Decimal("2150000.00"))
    assert str(e).endswith("渲染公司 ¥2,150,000.00")
