"""KPI snapshots (monthly, idempotent), trend page and role dashboards."""
from datetime import date

import pytest
from django.urls import reverse

from reports.models import KpiSnapshot
from reports.services import kpi_snapshot_take

from .factories import KpiSnapshotFactory, ReportJobFactory

pytestmark = pytest.mark.django_db


def test_snapshot_is_one_per_month(college, enterprise_org):
    a = kpi_snapshot_take(period=date(2025, 3, 17))
    b = kpi_snapshot_take(period=date(2025, 3, 30))
    assert a.pk == b.pk and a.period == date(2025, 3, 1)
    assert KpiSnapshot.objects.count() == 1
    assert b.figures["partner_enterprises"] == 1
    assert set(b.figures) >= {"active_agreements", "published_postings", "dual_qualified_ratio", "budget_execution"}


def test_beat_task(college):
    from reports.tasks import take_kpi_snapshot

    take_kpi_snapshot()
    take_kpi_snapshot()
    assert KpiSnapshot.objects.count() == 1


def test_beat_schedules_are_registered():
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.filter(task__startswith="reports.").values_list("task", flat=True))
    assert tasks == {"reports.expire_report_files", "reports.requeue_stale_jobs", "reports.take_kpi_snapshot"}


def test_snapshots_are_for_admins_only(admin_user, student):
    KpiSnapshotFactory()
    assert KpiSnapshot.objects.visible_to(student).count() == 0
    assert KpiSnapshot.objects.visible_to(admin_user).count() == 1


def test_trend_page(web, admin_user, teacher, django_assert_max_num_queries):
    assert web.login_as(teacher).get(reverse("reports:kpi_trends")).status_code == 403
    client = web.login_as(admin_user)
    for _ in range(3):
        KpiSnapshotFactory()
    client.get(reverse("reports:kpi_trends"))
    with django_assert_max_num_queries(30) as ctx:
        resp = client.get(reverse("reports:kpi_trends"))
    assert resp.status_code == 200 and b"<svg" in resp.content
    baseline = len(ctx.captured_queries)
    for _ in range(9):
        KpiSnapshotFactory()
    with django_assert_max_num_queries(baseline):
        assert client.get(reverse("reports:kpi_trends")).status_code == 200


@pytest.mark.parametrize("who", ["admin_user", "teacher", "student", "enterprise_user"])
def test_dashboard_cards_constant_queries(request, who, django_assert_max_num_queries):
    from django.test import RequestFactory

    from reports.dashboard import cards

    user = request.getfixturevalue(who)
    rf = RequestFactory().get("/")
    rf.user = user
    ReportJobFactory(requested_by=user)
    for _i in range(3):
        KpiSnapshotFactory()
    with django_assert_max_num_queries(40) as ctx:
        first = cards(rf)
    baseline = len(ctx.captured_queries)
    for _ in range(10):
        ReportJobFactory(requested_by=user)
        KpiSnapshotFactory()
    from accounts.policy import clear_access_cache

    clear_access_cache(user)
    with django_assert_max_num_queries(baseline + 1):
        again = cards(rf)
    assert [c.title for c in again] == [c.title for c in first]
    assert any(c.title for c in again)
    if who == "admin_user":
        assert any(c.svg for c in again)


def test_dashboard_page_renders_for_admin(web, admin_user):
    KpiSnapshotFactory()
    KpiSnapshotFactory()
    resp = web.login_as(admin_user).get(reverse("dashboard"))
    assert resp.status_code == 200
