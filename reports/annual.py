"""The annual industry–education integration report: figures per pathway, as XLSX and as PDF with charts.

``compute_report(year)`` gathers the figures (one section per pathway of the paper, plus internships);
``build_xlsx`` and ``build_pdf`` lay them out in the active language. A figure an app cannot provide
yet is shown as "not available" rather than guessed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext

from .kpi import budget_execution, teacher_figures
from .sources import model, safe

CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


@dataclass
class Section:
    key: str
    title: str
    rows: list[tuple[str, Any]] = field(default_factory=list)
    chart_title: str = ""
    chart: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class AnnualReport:
    year: int
    college: str
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def value(self, key: str, label: str) -> Any:
        return dict(self.section(key).rows)[label]


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _choices(m, field_name: str) -> dict[str, str]:
    return {k: str(v) for k, v in m._meta.get_field(field_name).flatchoices}


def compute_report(year: int) -> AnnualReport:
    start, end = date(year, 1, 1), date(year, 12, 31)
    sections = [
        _training(year, start, end),
        _partnerships(year, start, end),
        _internships(year, start, end),
        _faculty(year, start, end),
        _funding(year, start, end),
    ]
    return AnnualReport(year=year, college=settings.IEI["COLLEGE_NAME"], sections=sections)


def _training(year: int, start: date, end: date) -> Section:
    s = Section("training", gettext("Pathway 1 · Training system"))
    program = model("curriculum.Program", "status")
    if program:
        s.rows.append((gettext("Approved talent-training programmes"),
                       safe(lambda: program.objects.filter(status="approved").count())))
    course = model("curriculum.Course", "module")
    module = model("curriculum.CourseModule", "kind")
    if course and module:
        kinds = _choices(module, "kind")
        counts = safe(lambda: dict(course.objects.values_list("module__kind").annotate(n=Count("pk"))
                                   .values_list("module__kind", "n")), {}) or {}
        s.rows.append((gettext("Courses"), sum(counts.values())))
        s.chart_title = gettext("Courses by module")
        s.chart = [(label, float(counts.get(k, 0))) for k, label in kinds.items()]
    comp = model("curriculum.Competency")
    if comp:
        # The coverage rule is curriculum's own (curriculum.selectors.coverage_rows): current demand from
        # job posts, published postings and open projects against the courses that cover each competency.
        from curriculum.selectors import coverage_rows

        rows = coverage_rows()
        demanded = [r for r in rows if r.demand]
        covered = [r for r in demanded if r.supply]
        s.rows.append((gettext("Competencies in the map"), len(rows)))
        s.rows.append((gettext("Competencies demanded by industry this year"), len(demanded)))
        s.rows.append((gettext("Competency coverage by courses (%)"), _pct(len(covered), len(demanded))))
    return s


def _partnerships(year: int, start: date, end: date) -> Section:
    s = Section("partnerships", gettext("Pathway 2 · School–enterprise collaboration"))
    agreement = model("partnerships.Agreement", "kind", "status", "start_date", "end_date")
    in_force = Q(status__in=["active", "expired", "terminated"], start_date__lte=end, end_date__gte=start)
    if agreement:
        kinds = _choices(agreement, "kind")
        counts = safe(lambda: dict(agreement.objects.filter(in_force).values_list("kind")
                                   .annotate(n=Count("pk")).values_list("kind", "n")), {}) or {}
        s.rows.append((gettext("Agreements in force during the year"), sum(counts.values())))
        s.rows.append((gettext("Agreements starting this year"),
                       safe(lambda: agreement.objects.filter(in_force, start_date__gte=start).count())))
        for k, label in kinds.items():
            s.rows.append((gettext("Agreements: %(kind)s") % {"kind": label}, counts.get(k, 0)))
        s.chart_title = gettext("Agreements by kind")
        s.chart = [(label, float(counts.get(k, 0))) for k, label in kinds.items() if counts.get(k)]
        kept = _commitments_kept(agreement, in_force, start, end)
        if kept is not None:
            s.rows.append((gettext("Commitments kept"), f"{kept[0]} / {kept[1]}"))
    ent_ids = _participating_enterprises(agreement, in_force, start, end)
    s.rows.append((gettext("Participating enterprises"), len(ent_ids) if ent_ids is not None else None))
    enterprise = model("partnerships.Enterprise", "is_certified_iei")
    if enterprise and ent_ids is not None:
        s.rows.append((gettext("of which certified integration enterprises"),
                       safe(lambda: enterprise.objects.filter(pk__in=ent_ids, is_certified_iei=True).count())))
    project = model("partnerships.IndustryProject", "status", "start_date")
    if project:
        s.rows.append((gettext("Industry projects started this year"),
                       safe(lambda: project.objects.exclude(status="draft").filter(start_date__year=year).count())))
    s.rows.append((gettext("Enterprise investment (CNY)"), _enterprise_investment(start, end)))
    order_class = model("partnerships.OrderClass", "graduation_date")
    enrollment = model("partnerships.Enrollment", "order_class", "status", "outcome")
    if order_class and enrollment:
        def hiring():
            qs = enrollment.objects.filter(order_class__graduation_date__range=(start, end), status="graduated")
            return qs.count(), qs.filter(outcome="hired").count()

        graduated, hired = safe(hiring, (None, None))
        s.rows.append((gettext("Order-class graduates this year"), graduated))
        s.rows.append((gettext("Order-class hiring rate (%)"), _pct(hired, graduated)))
    return s


def _participating_enterprises(agreement, in_force: Q, start: date, end: date) -> set[int] | None:
    from accounts.models import Organization

    ids: set[int] = set()
    if agreement:
        ids |= set(safe(lambda: list(Organization.objects.enterprises()
                                     .filter(agreements__in=agreement.objects.filter(in_force))
                                     .values_list("pk", flat=True)), []) or [])
    project = model("partnerships.IndustryProject", "start_date", "status")
    if project:
        ids |= set(safe(lambda: list(project.objects.exclude(status="draft").filter(start_date__year=start.year)
                                     .values_list("enterprise_id", flat=True)), []) or [])
    posting = model("internships.Posting", "status", "start_date")
    if posting:
        ids |= set(safe(lambda: list(posting.objects.exclude(status="draft").filter(start_date__year=start.year)
                                     .values_list("enterprise_id", flat=True)), []) or [])
    return ids


def _metrics(org_ids: list[int], start: date, end: date) -> dict[int, dict[str, float]]:
    """Adds up every app's metrics plug-in (core.registry) for the enterprises in the period."""
    from core.registry import app_modules

    total: dict[int, dict[str, float]] = {}
    for mod in app_modules("metrics"):
        fn = getattr(mod, "enterprise_metrics", None)
        if not fn:
            continue
        got = safe(lambda fn=fn: fn(org_ids, start=start, end=end), {}) or {}
        for org_id, values in got.items():
            bucket = total.setdefault(org_id, {})
            for k, v in values.items():
                bucket[k] = bucket.get(k, 0) + float(v or 0)
    return total


def _commitments_kept(agreement, in_force: Q, start: date, end: date) -> tuple[int, int] | None:
    commitment = model("partnerships.AgreementCommitment", "agreement", "kind", "amount")
    if not commitment:
        return None

    def compute():
        rows = list(commitment.objects.filter(agreement__in=agreement.objects.filter(in_force))
                    .values_list("agreement_id", "kind", "amount"))
        parties: dict[int, set[int]] = {}
        for a_id, org_id in agreement.parties.through.objects.filter(
                **{f"{agreement._meta.model_name}_id__in": {r[0] for r in rows}}
        ).values_list(f"{agreement._meta.model_name}_id", "organization_id"):
            parties.setdefault(a_id, set()).add(org_id)
        metrics = _metrics(sorted(set().union(*parties.values())) if parties else [], start, end)
        kept = 0
        for a_id, kind, amount in rows:
            actual = sum(metrics.get(o, {}).get(kind, 0) for o in parties.get(a_id, ()))
            kept += actual >= float(amount or 0)
        return kept, len(rows)

    return safe(compute)


def _enterprise_investment(start: date, end: date) -> Decimal | None:
    """The funding app's own measure (its metrics plug-in: confirmed cash and in-kind investment)."""
    from accounts.models import Organization

    if not model("funding.FundingSource"):
        return None
    ids = safe(lambda: list(Organization.objects.enterprises().values_list("pk", flat=True)))
    if ids is None:
        return None
    metrics = _metrics(ids, start, end)
    total = sum((Decimal(str(m.get("investment_cny", 0))) for m in metrics.values()), Decimal("0"))
    return total.quantize(Decimal("0.01"))


def _internships(year: int, start: date, end: date) -> Section:
    s = Section("internships", gettext("Internships, compliance and employment"))
    posting = model("internships.Posting", "status", "slots", "start_date")
    if posting:
        agg = safe(lambda: posting.objects.exclude(status__in=["draft", "pending_approval"])
                   .filter(start_date__year=year).aggregate(n=Count("pk"), slots=Sum("slots")), {}) or {}
        s.rows.append((gettext("Postings this year"), agg.get("n")))
        s.rows.append((gettext("Internship slots offered"), agg.get("slots") or (0 if agg else None)))
    placement = model("internships.Placement", "status", "start_date", "agreement_signed_on", "insurance_start",
                      "insurance_end", "night_shift", "overtime")
    if placement:
        def compliance():
            qs = placement.objects.filter(start_date__range=(start, end)).exclude(status="pending")
            ok = qs.filter(agreement_signed_on__isnull=False, agreement_signed_on__lte=F("start_date"),
                           insurance_start__lte=F("start_date"), insurance_end__gte=F("end_date"),
                           night_shift=False, overtime=False)
            return qs.count(), ok.count()

        started, compliant = safe(compliance, (None, None))
        s.rows.append((gettext("Placements started this year"), started))
        s.rows.append((gettext("Compliant placements (%)"), _pct(compliant, started)))
    outcome = model("internships.EmploymentOutcome", "kind", "recorded_on")
    if outcome:
        kinds = _choices(outcome, "kind")
        counts = safe(lambda: dict(outcome.objects.filter(recorded_on__range=(start, end)).values_list("kind")
                                   .annotate(n=Count("pk")).values_list("kind", "n")), {}) or {}
        total = sum(counts.values())
        s.rows.append((gettext("Employment outcomes recorded"), total))
        industry = counts.get("host_enterprise", 0) + counts.get("other_enterprise", 0)
        s.rows.append((gettext("Employed in the industry (%)"), _pct(industry, total)))
        s.chart_title = gettext("Employment outcomes")
        s.chart = [(label, float(counts.get(k, 0))) for k, label in kinds.items()]
    return s


def _faculty(year: int, start: date, end: date) -> Section:
    s = Section("faculty", gettext("Pathway 3 · Composite faculty"))
    fig = teacher_figures(year)
    s.rows.append((gettext("Full-time teachers"), fig["teachers"]))
    s.rows.append((gettext("Dual-qualified teachers"), fig["dual_qualified"]))
    s.rows.append((gettext("Dual-qualified ratio (%)"), _pct(fig["dual_qualified"], fig["teachers"])))
    s.rows.append((gettext("Teacher placement days (confirmed)"), fig["placement_days"]))
    instructor = model("faculty.PartTimeInstructor", "is_active")
    if instructor:
        s.rows.append((gettext("Active part-time instructors from enterprises"),
                       safe(lambda: instructor.objects.filter(is_active=True).count())))
    assignment = model("faculty.TeachingAssignment", "hours", "term")
    if assignment:
        s.rows.append((gettext("Part-time teaching hours this year"),
                       safe(lambda: assignment.objects.filter(term__startswith=f"{year}")
                            .aggregate(h=Sum("hours"))["h"] or Decimal("0"))))
    return s


def _funding(year: int, start: date, end: date) -> Section:
    s = Section("funding", gettext("Pathway 4 · Support mechanisms"))
    source = model("funding.FundingSource", "kind", "amount", "received_on")
    if source:
        kinds = _choices(source, "kind")
        sums = safe(lambda: dict(source.objects.filter(received_on__range=(start, end)).values_list("kind")
                                 .annotate(t=Sum("amount")).values_list("kind", "t")), {}) or {}
        s.rows.append((gettext("Funding received (CNY)"), sum(sums.values(), Decimal("0"))))
        for k, label in kinds.items():
            if sums.get(k):
                s.rows.append((gettext("Funding: %(kind)s (CNY)") % {"kind": label}, sums[k]))
        s.chart_title = gettext("Funding by source (CNY)")
        s.chart = [(label, float(sums[k])) for k, label in kinds.items() if sums.get(k)]
    line = model("funding.BudgetLine", "amount", "spent", "budget")
    if line:
        agg = safe(lambda: line.objects.filter(budget__year=year).aggregate(a=Sum("amount"), s=Sum("spent")), {}) or {}
        s.rows.append((gettext("Budgeted (CNY)"), agg.get("a")))
        s.rows.append((gettext("Spent (CNY)"), agg.get("s")))
        s.rows.append((gettext("Budget execution (%)"), budget_execution(year)))
    base = model("funding.TrainingBase", "is_active")
    if base:
        s.rows.append((gettext("Active training bases"), safe(lambda: base.objects.filter(is_active=True).count())))
    booking = model("funding.Booking", "status")
    if booking:
        s.rows.append((gettext("Training-base bookings this year"), safe(lambda: _bookings_in_year(booking, year))))
    evaluation = model("funding.ProgramEvaluation")
    if evaluation:
        s.rows.append((gettext("Multi-party programme evaluations"), safe(lambda: _count_in_year(evaluation, year))))
    return s


def _bookings_in_year(booking, year: int) -> int:
    names = {f.name for f in booking._meta.get_fields()}
    qs = booking.objects.exclude(status__in=["cancelled", "rejected"])
    for f in ("starts_at", "start", "date"):
        if f in names:
            return qs.filter(**{f"{f}__year": year}).count()
    return qs.count()


def _count_in_year(m, year: int) -> int:
    names = {f.name for f in m._meta.get_fields()}
    for f in ("submitted_at", "evaluated_on", "created_at"):
        if f in names:
            return m.objects.filter(**{f"{f}__year": year}).count()
    return m.objects.count()


# --- Output -----------------------------------------------------------------------------------------

def _show(v: Any) -> Any:
    if v is None:
        return gettext("not available")
    return v


def build_xlsx(report: AnnualReport, path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = gettext("Summary")[:31]
    ws.append([gettext("Annual industry–education integration report %(year)s") % {"year": report.year}])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([report.college])
    for s in report.sections:
        sheet = wb.create_sheet(title=s.title[:31].replace("·", "-").replace("/", "-"))
        sheet.append([s.title])
        sheet["A1"].font = Font(bold=True)
        for label, value in s.rows:
            sheet.append([label, _show(value) if not isinstance(value, Decimal) else float(value)])
            ws.append([s.title, label, _show(value) if not isinstance(value, Decimal) else float(value)])
        sheet.column_dimensions["A"].width = 48
        if s.chart:
            first = sheet.max_row + 2
            sheet.cell(row=first, column=1, value=s.chart_title)
            for i, (label, v) in enumerate(s.chart, start=1):
                sheet.cell(row=first + i, column=1, value=label)
                sheet.cell(row=first + i, column=2, value=v)
            chart = BarChart()
            chart.title = s.chart_title
            chart.legend = None
            chart.add_data(Reference(sheet, min_col=2, min_row=first + 1, max_row=first + len(s.chart)))
            chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=first + len(s.chart)))
            sheet.add_chart(chart, "D2")
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 48
    wb.save(path)


class FontMissing(Exception):
    """The PDF cannot be drawn without a CJK font; the job fails with this message."""


def _register_cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not os.path.exists(CJK_FONT_PATH):
        msg = gettext("The CJK font %(path)s is missing; install the Debian package fonts-wqy-zenhei.")
        raise FontMissing(msg % {"path": CJK_FONT_PATH})
    if "WQY" in pdfmetrics.getRegisteredFontNames():
        return "WQY"
    pdfmetrics.registerFont(TTFont("WQY", CJK_FONT_PATH, subfontIndex=0))
    return "WQY"


def build_pdf(report: AnnualReport, path: str) -> None:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _register_cjk_font()
    h1 = ParagraphStyle("h1", fontName=font, fontSize=18, leading=24, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14)
    title = gettext("Annual industry–education integration report %(year)s") % {"year": report.year}
    story: list = [Paragraph(title, h1), Paragraph(report.college, body), Spacer(1, 6 * mm)]
    for s in report.sections:
        story.append(Paragraph(s.title, h2))
        data = [[Paragraph(str(label), body), Paragraph(str(_show(v)), body)] for label, v in s.rows]
        if data:
            t = Table(data, colWidths=[110 * mm, 50 * mm])
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story.append(t)
        if s.chart:
            d = Drawing(160 * mm, 60 * mm)
            chart = VerticalBarChart()
            chart.x, chart.y, chart.width, chart.height = 15 * mm, 12 * mm, 135 * mm, 40 * mm
            chart.data = [[v for _l, v in s.chart]]
            chart.categoryAxis.categoryNames = [lbl[:10] for lbl, _v in s.chart]
            chart.categoryAxis.labels.fontName = font
            chart.categoryAxis.labels.fontSize = 7
            chart.valueAxis.labels.fontName = font
            chart.valueAxis.valueMin = 0
            chart.bars[0].fillColor = colors.HexColor("#3b6ea5")
            d.add(chart)
            d.add(String(15 * mm, 55 * mm, s.chart_title, fontName=font, fontSize=9))
            story.append(d)
    SimpleDocTemplate(path, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm).build(story)
