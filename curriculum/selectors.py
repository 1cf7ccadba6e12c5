"""Reads of the training system: course freshness, the coverage analysis, version diffs and counts."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.counting import kept_rows

from .choices import AchievementKind, AchievementStatus, CoverageClass
from .competency import DEMAND_COLUMNS, all_demand_sources
from .models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseCompetency,
    CourseRevision,
    JobPostCompetency,
    Program,
    ProgramCourse,
    StudentAchievement,
)

# --- course freshness ---------------------------------------------------------------------------


def stale_cutoff(today: dt.date | None = None) -> dt.date:
    """Content last changed before this date is stale (exactly COURSE_STALE_MONTHS ago is still fresh)."""
    today = today or timezone.localdate()
    return today - relativedelta(months=int(settings.IEI["COURSE_STALE_MONTHS"]))


def with_freshness(qs: QuerySet[Course], today: dt.date | None = None) -> QuerySet[Course]:
    """Annotates ``last_revised`` (latest revision, else the content date) and ``is_stale``."""
    latest = (CourseRevision.objects.filter(course_id=OuterRef("pk")).order_by().values("course_id")
              .annotate(d=Max("revised_on")).values("d"))
    cutoff = stale_cutoff(today)
    qs = qs.annotate(last_revised=Coalesce(Subquery(latest, output_field=DateField()), "content_since"))
    return qs.annotate(is_stale=Case(When(last_revised__lt=cutoff, then=Value(True)), default=Value(False),
                                     output_field=BooleanField()))


def with_course_counts(qs: QuerySet[Program]) -> QuerySet[Program]:
    """Annotates ``course_count`` and ``required_course_count``: what the programme list answers instead of
    the course rows. Correlated subqueries rather than ``Count("program_courses")``: no GROUP BY over the
    page's joins, and a filter that joins the courses later cannot multiply the counts."""
    rows = ProgramCourse.objects.filter(program_id=OuterRef("pk")).order_by().values("program_id")

    def counted(q: QuerySet[ProgramCourse]) -> Coalesce:
        return Coalesce(Subquery(q.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)

    return qs.annotate(course_count=counted(rows), required_course_count=counted(rows.filter(is_required=True)))


def course_list(*, user, stale: bool | None = None) -> QuerySet[Course]:
    qs = with_freshness(Course.objects.visible_to(user).select_related("module", "owner"))
    if stale is not None:
        qs = qs.filter(is_stale=stale)
    return qs


# --- coverage analysis --------------------------------------------------------------------------
#
# Demand of a competency = number of current job posts + published internship postings + open or
# running industry projects that ask for it (each counts 1); each app says which of its records count
# (competency.py, the registry's ``competency`` hook), so curriculum imports none of them. Supply = the
# sum of the levels (1–4) at which catalogue courses cover it. With ratio = supply / demand:
#   gap      demand > 0 and supply == 0
#   thin     demand > 0 and ratio < THIN_BELOW       (less than one "aware" level per unit of demand)
#   covered  THIN_BELOW <= ratio <= SURPLUS_ABOVE
#   surplus  ratio > SURPLUS_ABOVE, or supply > 0 with no demand at all
#   none     neither demanded nor taught
THIN_BELOW = Decimal("1")
SURPLUS_ABOVE = Decimal("3")


def classify(demand: int, supply: int) -> str:
    if demand == 0:
        return CoverageClass.SURPLUS if supply > 0 else CoverageClass.NONE
    if supply == 0:
        return CoverageClass.GAP
    ratio = Decimal(supply) / Decimal(demand)
    if ratio < THIN_BELOW:
        return CoverageClass.THIN
    if ratio > SURPLUS_ABOVE:
        return CoverageClass.SURPLUS
    return CoverageClass.COVERED


@dataclass
class CoverageRow:
    competency_id: int
    code: str
    name: str
    category: str
    job_posts: int
    postings: int
    projects: int
    supply: int
    courses: int
    asked: int = 0
    demand: int = field(init=False)
    status: str = field(init=False)

    def __post_init__(self) -> None:
        self.demand = self.job_posts + self.postings + self.projects
        self.status = classify(self.demand, self.supply)

    @property
    def status_label(self) -> str:
        return str(CoverageClass(self.status).label)

    @property
    def ratio(self) -> Decimal | None:
        return (Decimal(self.supply) / Decimal(self.demand)).quantize(Decimal("0.01")) if self.demand else None

    def as_dict(self) -> dict:
        return {
            "competency": self.competency_id, "code": self.code, "name": self.name, "category": self.category,
            "job_posts": self.job_posts, "postings": self.postings, "projects": self.projects,
            "demand": self.demand, "supply": self.supply, "courses": self.courses,
            "ratio": str(self.ratio) if self.ratio is not None else None, "status": self.status,
        }


def _tagged(qs, tag: str, n=None, m=None) -> QuerySet:
    """(competency id, tag, n, m) per competency of a through table: one part of the UNION below."""
    return (qs.order_by().values_list("competency_id")
            .annotate(tag=Value(tag, output_field=CharField()), n=n or Count("*"), m=m or Value(0))
            .values_list("competency_id", "tag", "n", "m"))


def coverage_rows(*, enterprise_ids: frozenset[int] | set[int] | None = None,
                  category: str | None = None) -> list[CoverageRow]:
    """One row per competency. With ``enterprise_ids`` only the competencies those enterprises asked
    for are returned, with ``asked`` = how many of their own posts, postings and projects.

    Two queries whatever the size: the competencies, and one UNION ALL of a grouped count over each
    whole through table (the demand of each source, the supply, and what the enterprises asked for),
    kept a while when it is expensive (a province's 290,000 posting requirements take 50 ms, on every
    dashboard). A correlated count per competency read the 29,000 posting requirements of a college once
    per competency (120 times, 100 ms); a query per through table cost a dashboard five round trips.
    """
    sources = all_demand_sources()
    competencies = Competency.objects.order_by("category", "code").only("id", "code", "name", "category")
    if category:
        competencies = competencies.filter(category=category)
    competencies = list(competencies)
    parts = [_tagged(source.requirements, source.column) for source in sources]
    parts.append(_tagged(CourseCompetency.objects.all(), "supply", n=Sum("level"), m=Count("*")))
    if enterprise_ids is not None:
        ids = list(enterprise_ids)
        parts += [_tagged(source.requirements.filter(**{f"{source.enterprise_field}__in": ids}), "asked")
                  for source in sources]
    demand: dict[str, dict[int, int]] = {column: defaultdict(int) for column in DEMAND_COLUMNS}
    supply: dict[int, int] = {}
    courses: dict[int, int] = {}
    asked: dict[int, int] | None = None if enterprise_ids is None else defaultdict(int)
    for comp_id, tag, n, m in kept_rows(parts[0].union(*parts[1:], all=True)):
        if tag == "supply":
            supply[comp_id], courses[comp_id] = n or 0, m
        elif tag == "asked":
            asked[comp_id] += n
        else:
            demand[tag][comp_id] += n
    return [
        CoverageRow(competency_id=c.pk, code=c.code, name=c.name, category=c.category,
                    job_posts=demand["job_posts"].get(c.pk, 0), postings=demand["postings"].get(c.pk, 0),
                    projects=demand["projects"].get(c.pk, 0), supply=supply.get(c.pk, 0), courses=courses.get(c.pk, 0),
                    asked=0 if asked is None else asked.get(c.pk, 0))
        for c in competencies
        if asked is None or asked.get(c.pk, 0) > 0
    ]


# Each cell of the competency map names at most this many (the strongest first) and counts the rest: at
# province scale a competency is taught by hundreds of courses, and a page of 25 listed 6,000 of them.
MAP_CELL = 8


def _count_of(rows):
    """The number of ``rows`` (a table with a ``competency_id``) of each competency, as a subquery."""
    counted = rows.filter(competency_id=OuterRef("pk")).order_by().values("competency_id").annotate(
        n=Count("*")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def competency_map(*, user) -> QuerySet:
    """岗课赛证 per competency the user sees: how many current job posts, courses, competitions and
    certificates meet it (``n_*``) and the first MAP_CELL of each (``first_*``), strongest first."""
    current_reqs = JobPostCompetency.objects.filter(job_post__is_current=True, job_post__archived_at__isnull=True)
    return Competency.objects.visible_to(user).annotate(
        n_job_posts=_count_of(current_reqs),
        n_courses=_count_of(CourseCompetency.objects),
        n_competitions=_count_of(Competition.competencies.through.objects),
        n_certificates=_count_of(Certificate.competencies.through.objects),
    ).prefetch_related(
        Prefetch("job_requirements", queryset=current_reqs.select_related("job_post")
                 .order_by("-level", "job_post__title", "pk")[:MAP_CELL], to_attr="first_job_requirements"),
        Prefetch("course_coverage", queryset=CourseCompetency.objects.select_related("course")
                 .order_by("-level", "course__code", "pk")[:MAP_CELL], to_attr="first_course_coverage"),
        Prefetch("competitions", queryset=Competition.objects.order_by("name", "pk")[:MAP_CELL],
                 to_attr="first_competitions"),
        Prefetch("certificates", queryset=Certificate.objects.order_by("name", "pk")[:MAP_CELL],
                 to_attr="first_certificates"),
    )


# Above this many courses the heat map shows one column per course module (the highest level of its
# courses), and above this many modules one per kind of module: a college's 600 courses × 120
# competencies were 72,000 cells and a 7.5 MB page; a province has 6,000 courses in 360 modules.
HEAT_MAX_COLUMNS = 60


def coverage_matrix(rows: list[CoverageRow]) -> tuple[list[tuple[int, str]], dict[tuple[int, int], int], bool]:
    """Columns, the level per (competency, column) and whether columns group courses.

    Columns are the courses that cover any listed competency; with more than HEAT_MAX_COLUMNS of them,
    their modules (courses without a module in one column); with more modules than that, the three
    kinds of module. A grouped cell holds the highest level of its courses. The database counts the
    columns and groups the cells (at province scale 28,000 coverage rows became at most 120 × 60
    cells in Python; now it returns only the cells).
    """
    from .choices import ModuleKind

    ids = [r.competency_id for r in rows]
    coverage = CourseCompetency.objects.filter(competency_id__in=ids).order_by()
    sizes = coverage.aggregate(courses=Count("course_id", distinct=True),
                               modules=Count("course__module_id", distinct=True),
                               unmoduled=Count("pk", filter=Q(course__module__isnull=True)))
    n_modules = sizes["modules"] + (1 if sizes["unmoduled"] else 0)
    level_of = ("course" if sizes["courses"] <= HEAT_MAX_COLUMNS
                else "module" if n_modules <= HEAT_MAX_COLUMNS else "kind")
    group = {"course": ("course_id", "course__code"), "module": ("course__module_id", "course__module__name"),
             "kind": ("course__module__kind",)}[level_of]
    found = kept_rows(coverage.values_list("competency_id", *group).annotate(level=Max("level")))
    kinds = {value: i for i, value in enumerate(ModuleKind.values, start=1)}
    labels = dict(ModuleKind.choices)
    no_module = str(_("No module"))
    cells: dict[tuple[int, int], int] = {}
    columns: dict[int, str] = {}
    for comp_id, *column, level in found:
        if level_of == "course":
            key, label = column
        elif column[0] is None:
            key, label = 0, no_module
        elif level_of == "module":
            key, label = -column[0], column[1]  # negative: never the id of a course column
        else:
            key, label = -kinds.get(column[0], 0), str(labels.get(column[0], column[0]))
        cells[(comp_id, key)] = max(level, cells.get((comp_id, key), 0))
        columns[key] = label
    return sorted(columns.items(), key=lambda kv: kv[1]), cells, level_of != "course"


HEAT_COLOURS = {0: "#f4f6fa", 1: "#d6e6f7", 2: "#9cc3ea", 3: "#4f8fd1", 4: "#1d4f91"}
STATUS_COLOURS = {"gap": "#d64545", "thin": "#e8a33d", "covered": "#3a9a5b", "surplus": "#6b6fd6", "none": "#b7bcc8"}


def coverage_heatmap_svg(rows: list[CoverageRow], matrix=None) -> str:
    """A server-rendered heat map: competencies down, courses across, darker = higher level, plus the
    demand and the class of each row. Markup is built from escaped values only."""
    courses, cells, _by_module = matrix or coverage_matrix(rows)
    cell, left, top = 26, 190, 90
    extra = 3 * cell + 70
    width = left + cell * len(courses) + extra + 10
    height = top + cell * len(rows) + 10
    # outside the f-string: xgettext does not see a gettext call inside one, so it was never translated
    title = escape(_("Competency coverage heat map"))
    parts = [f'<svg class="chart heatmap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{title}">']
    for j, (_cid, code) in enumerate(courses):
        x = left + j * cell + cell / 2
        parts.append(f'<text x="{x}" y="{top - 6}" font-size="10" transform="rotate(-60 {x} {top - 6})">'
                     f'{escape(code)}</text>')
    xd = left + len(courses) * cell + 8
    for k, label in enumerate((_("Demand"), _("Supply"))):
        x = xd + k * cell + cell / 2
        parts.append(f'<text x="{x}" y="{top - 6}" font-size="10" transform="rotate(-60 {x} {top - 6})">'
                     f'{escape(label)}</text>')
    for i, r in enumerate(rows):
        y = top + i * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell * 0.65}" font-size="11" text-anchor="end">'
                     f'{escape(r.code)} {escape(r.name[:12])}</text>')
        for j, (cid, code) in enumerate(courses):
            lvl = cells.get((r.competency_id, cid), 0)
            parts.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="{HEAT_COLOURS[lvl]}"><title>{escape(r.code)} × {escape(code)}: {lvl}</title></rect>')
        for k, value in enumerate((r.demand, r.supply)):
            parts.append(f'<text x="{xd + k * cell + cell / 2}" y="{y + cell * 0.65}" font-size="11" '
                         f'text-anchor="middle">{value}</text>')
        parts.append(f'<rect x="{xd + 2 * cell}" y="{y + 3}" width="{cell + 40}" height="{cell - 8}" rx="4" '
                     f'fill="{STATUS_COLOURS[r.status]}"/><text x="{xd + 2 * cell + (cell + 40) / 2}" '
                     f'y="{y + cell * 0.65}" font-size="10" fill="#fff" text-anchor="middle">'
                     f'{escape(r.status_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


COVERAGE_COLUMNS = ("code", "name", "category", "job_posts", "postings", "projects", "demand", "supply", "courses",
                    "ratio", "status")


def coverage_headers() -> list[str]:
    return [_("Code"), _("Competency"), _("Category"), _("Job posts"), _("Postings"), _("Projects"), _("Demand"),
            _("Supply"), _("Courses"), _("Ratio"), _("Coverage")]


def coverage_table(rows: list[CoverageRow]) -> list[list]:
    from .choices import CompetencyCategory

    out = []
    for r in rows:
        d = r.as_dict()
        d["category"] = str(CompetencyCategory(r.category).label)
        d["status"] = r.status_label
        d["ratio"] = float(r.ratio) if r.ratio is not None else None
        out.append([d[c] for c in COVERAGE_COLUMNS])
    return out


# --- programme versions -------------------------------------------------------------------------

def program_diff(old: Program, new: Program) -> dict:
    """What changed from ``old`` to ``new``: fields, goals (by dimension and wording) and courses."""
    fields = []
    for name in ("title", "length_years", "summary", "department"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            fields.append({"field": str(Program._meta.get_field(name).verbose_name), "old": a, "new": b})

    def goal_map(p: Program) -> dict:
        return {(g.dimension, g.statement): g for g in p.goals.all()}

    og, ng = goal_map(old), goal_map(new)
    goals = {
        "added": [ng[k] for k in ng if k not in og],
        "removed": [og[k] for k in og if k not in ng],
        "changed": [(og[k], ng[k]) for k in ng if k in og and (og[k].outcome, og[k].target) != (ng[k].outcome,
                                                                                               ng[k].target)],
    }

    def course_map(p: Program) -> dict:
        return {pc.course_id: pc for pc in p.program_courses.select_related("course")}

    oc, nc = course_map(old), course_map(new)
    courses = {
        "added": [nc[k] for k in nc if k not in oc],
        "removed": [oc[k] for k in oc if k not in nc],
        "changed": [(oc[k], nc[k]) for k in nc if k in oc and (oc[k].semester, oc[k].is_required)
                    != (nc[k].semester, nc[k].is_required)],
    }
    empty = not fields and not any(goals.values()) and not any(courses.values())
    return {"fields": fields, "goals": goals, "courses": courses, "empty": empty}


# --- achievements -------------------------------------------------------------------------------

def achievement_counts(*, user) -> list[dict]:
    """Verified awards and certificates per programme major and cohort (one grouped query)."""
    rows = kept_rows(StudentAchievement.objects.visible_to(user).filter(status=AchievementStatus.VERIFIED)
                     .values("program__major", "program__cohort_year")
                     .annotate(awards=Count("id", filter=Q(kind=AchievementKind.AWARD)),
                               certificates=Count("id", filter=Q(kind=AchievementKind.CERTIFICATE)),
                               students=Count("student", distinct=True))
                     .order_by("-program__cohort_year", "program__major"))
    return [
        {"major": r["program__major"] or _("(no programme)"), "cohort": r["program__cohort_year"],
         "awards": r["awards"], "certificates": r["certificates"], "students": r["students"]}
        for r in rows
    ]
