import datetime as dt

import pytest
from django.urls import reverse


@pytest.fixture
def agreement(college, enterprise_org):
    from partnerships.models import Agreement

    a = Agreement.objects.create(
        code="AG-T-1", title="订单班协议", kind="order_class", college=college,
        start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31),
    )
    a.title = "订单班协议（修订）"
    a.save()
    return a


@pytest.mark.django_db
def test_admin_sees_changes_with_before_and_after(client, admin_user, agreement):
    client.force_login(admin_user)
    page = client.get(reverse("accounts:audit_log")).content.decode()
    assert "订单班协议（修订）" in page
    detail = client.get(reverse("accounts:object_history", args=["partnerships.agreement", agreement.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "订单班协议" in html and "订单班协议（修订）" in html


@pytest.mark.django_db
def test_audit_is_for_college_admins_only(client, teacher, enterprise_user, agreement):
    for user in (teacher, enterprise_user):
        client.force_login(user)
        assert client.get(reverse("accounts:audit_log")).status_code == 403


@pytest.mark.django_db
def test_unknown_model_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("accounts:object_history", args=["accounts.nothing", 1])).status_code == 404


@pytest.mark.django_db
def test_audit_log_query_count_constant(client, admin_user, agreement, django_assert_max_num_queries):
    from core.audit import audited_models

    client.force_login(admin_user)
    budget = len(audited_models()) + 12
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("accounts:audit_log")).status_code == 200
    for i in range(15):
        agreement.title = f"修订 {i}"
        agreement.save()
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("accounts:audit_log")).status_code == 200
