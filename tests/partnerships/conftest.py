import datetime as dt

import pytest

from partnerships import services
from partnerships.choices import AgreementKind

TODAY = dt.date.today()


@pytest.fixture
def make_agreement(admin_user, college, enterprise_org):
    """An agreement built through the service, optionally moved along its lifecycle."""

    def make(*, status="draft", parties=None, kind=AgreementKind.GENERAL, commitments=(), start=None, end=None,
             signature="electronic"):
        a = services.agreement_create(
            by=admin_user, title="星河影业校企合作协议", kind=kind, parties=parties or [enterprise_org],
            start_date=start or TODAY - dt.timedelta(days=30), end_date=end or TODAY + dt.timedelta(days=700),
            commitments=commitments,
        )
        if status == "draft":
            return a
        services.agreement_submit(agreement=a, by=admin_user)
        if status == "under_review":
            return a
        services.agreement_sign(agreement=a, by=admin_user, method=signature)
        services.agreement_approve(agreement=a, by=admin_user)
        a.refresh_from_db()
        return a

    return make
