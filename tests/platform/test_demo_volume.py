"""The demo college is worth looking at: every list has rows, every state shows up, the KPI history meets
today's figures, and loading it again duplicates nothing (issue 23 item 1)."""
import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import Membership, Organization, User
from attendance.models import CheckIn
from curriculum.models import Program
from faculty.models import TeacherPlacement
from funding.models import Booking
from internships.choices import ApplicationStatus
from internships.models import Application, InternEvaluation, Placement, Posting, WeeklyLog
from partnerships.models import Agreement, Enterprise
from reports.kpi import compute_kpis
from reports.models import KpiSnapshot

MODELS = [Organization, User, Membership, Enterprise, Agreement, Posting, Application, Placement, WeeklyLog,
          InternEvaluation, TeacherPlacement, Booking, CheckIn, Program, KpiSnapshot]


def _counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.mark.django_db(transaction=False)
def test_demo_college_volume_states_kpis_and_idempotence():
    call_command("seed_demo", password="Seed-Pass-2026", verbosity=0)
    first = _counts()

    assert Membership.objects.filter(role="student").count() >= 300
    assert first["Enterprise"] >= 30
    assert Placement.objects.count() >= 100
    assert set(Placement.objects.values_list("status", flat=True)) >= {"pending", "active", "completed"}
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    assert set(WeeklyLog.objects.values_list("status", flat=True)) == {"submitted", "reviewed"}
    assert first["WeeklyLog"] >= 1000 and first["InternEvaluation"] >= 100 and first["CheckIn"] >= 1000
    assert first["Booking"] >= 50 and first["TeacherPlacement"] >= 10
    assert Program.objects.filter(status="in_review").count() >= 3
    assert Posting.objects.filter(status="published").count() >= 20
    # late weekly logs: of the running placements begun the same day, some miss their latest week
    bulk = Placement.objects.filter(status="active").exclude(student__username="student")
    weeks = list(bulk.annotate(n=Count("weekly_logs")).values_list("n", flat=True))
    assert len(set(weeks)) == 2 and weeks.count(min(weeks)) >= 10
    # same data in both languages: every organisation has its English name
    assert not Organization.objects.filter(name_en="").exists()

    # The KPI history meets today: the current month's snapshot is what the live figures say, and no
    # trend line falls (or jumps) where history meets today.
    snaps = list(KpiSnapshot.objects.order_by("period"))
    assert len(snaps) == 12
    live = {k: v for k, v in compute_kpis().items() if v is not None}
    assert snaps[-1].figures == pytest.approx(live)
    for key in ("active_placements", "active_agreements", "partner_enterprises", "published_postings",
                "teachers", "open_slots"):
        now, before = snaps[-1].figures[key], snaps[-2].figures[key]
        assert now >= 10, key
        assert before / 2 <= now <= before * 2, (key, before, now)

    call_command("seed_demo", password="Seed-Pass-2026", verbosity=0)
    assert _counts() == first
