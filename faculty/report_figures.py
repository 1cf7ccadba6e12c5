"""The faculty app's figures for the reports app (the ``report_figures`` hook of core/registry.py).

Every annual figure is as of the report's year (``ReportYear.as_of``): the teachers on record then,
dual-qualified by this app's own rule applied on that date, placements by the status they held then.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.hosts import AnnualSection, ChartCard, ReportYear, Section, status_as_of

from .kpis import PRACTICE_DONE, percent
from .models import PartTimeInstructor, TeacherPlacement, TeacherProfile, TeachingAssignment
from .services import dual_statuses


def faculty(period: ReportYear) -> Section:
    s = Section("faculty", gettext("Pathway 3 · Composite faculty"))
    profiles = list(TeacherProfile.objects.filter(created_at__lte=period.as_of))
    qualified = sum(1 for st in dual_statuses(profiles, as_of=period.as_of_date).values() if st.qualified)
    s.rows.append((gettext("Full-time teachers"), len(profiles)))
    s.rows.append((gettext("Dual-qualified teachers"), qualified))
    s.rows.append((gettext("Dual-qualified ratio (%)"), percent(qualified, len(profiles))))
    days = (TeacherPlacement.objects.filter(start_date__year=period.year)
            .annotate(status_then=status_as_of(TeacherPlacement, period.as_of))
            .filter(status_then__in=PRACTICE_DONE).aggregate(s=Sum("days"))["s"] or 0)
    s.rows.append((gettext("Teacher placement days (confirmed)"), int(days)))
    # Leaving is not dated, so whether an instructor is still active narrows only the current year.
    instructors = PartTimeInstructor.objects.filter(created_at__lte=period.as_of)
    if period.year >= timezone.localdate().year:
        instructors = instructors.active()
    s.rows.append((gettext("Active part-time instructors from enterprises"), instructors.count()))
    hours = TeachingAssignment.objects.filter(term__startswith=f"{period.year}").aggregate(h=Sum("hours"))["h"]
    s.rows.append((gettext("Part-time teaching hours this year"), hours or Decimal("0")))
    return s


ANNUAL_SECTIONS = [AnnualSection("faculty", _("Pathway 3 · Composite faculty"), faculty)]


# --- the role dashboards' charts (reports/dashboard.py) ---------------------------------------------------

def role_cards(role: str, user, acc) -> list[ChartCard]:
    """A teacher's practice standing as a chart beside the dashboard card of the same figure (one read)."""
    from .dashboard import my_standing

    if role != "teacher":
        return []
    standing = my_standing(user)
    if standing is None:
        return []
    done, need = standing.counted_days, standing.required_days
    years = settings.IEI["TEACHER_PRACTICE_WINDOW_YEARS"]
    return [ChartCard(title=gettext("Industry practice standing"), order=73, value=done,
                      detail=gettext("days in the last %(y)s years; %(need)s needed") % {"y": years, "need": need},
                      chart=[(gettext("Done"), float(done)), (gettext("Needed"), float(need))],
                      chart_title=gettext("Practice days"), key="practice_standing")]
