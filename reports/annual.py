"""The annual industry–education integration report: figures per pathway, as XLSX and as PDF with charts.

The host of the figures the domain apps register: each lists its sections in
``<app>/report_figures.py`` as ``ANNUAL_SECTIONS`` (``core.hosts.AnnualSection``), in
``settings.DOMAIN_APPS`` order, and may say which enterprises took part in the year
(``participating_enterprises``) and which competencies it asked for (``competency_demand``); the
host hands both to every section (``core.hosts.ReportYear``). Every figure is as of the year, never
today's state, so a past year's report stays the same. ``build_xlsx`` and ``build_pdf`` lay the
report out in the active language.

A section whose tables are missing (a database behind its migrations) shows without figures; a
figure that reads a field that does not exist fails the report loudly instead of dropping its row.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from core import formatting
from core.hosts import ReportYear, Section
from core.registry import app_modules

from .charts import has_data, integer_step, report_bar_drawing
from .sources import safe

CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

__all__ = ["AnnualReport", "Figure", "Section", "build_pdf", "build_xlsx", "compute_report"]


KIND_COUNT, KIND_MONEY, KIND_PERCENT, KIND_NUMBER, KIND_TEXT = "count", "money", "percent", "number", "text"
# The sections say a figure's unit in its label (``… (CNY)``, ``… (%)``), in either language.
MONEY_MARKS = ("(CNY)", "（元）", "(元)")
PERCENT_MARKS = ("(%)", "（%）")


def figure_kind(label: str, value: Any) -> str:
    text = str(label).strip()
    if text.endswith(MONEY_MARKS):
        return KIND_MONEY
    if text.endswith(PERCENT_MARKS):
        return KIND_PERCENT
    if isinstance(value, bool) or value is None:
        return KIND_NUMBER
    if isinstance(value, int):
        return KIND_COUNT
    if isinstance(value, (Decimal, float)):
        return KIND_NUMBER
    return KIND_TEXT


def _num(v: Any) -> Decimal | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, Decimal)):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(str(v))
    return None


@dataclass
class Figure:
    """One figure of a pathway this year beside last year's, with the change."""

    label: str
    value: Any
    previous: Any
    kind: str

    @property
    def change(self) -> Decimal | None:
        now, before = _num(self.value), _num(self.previous)
        return None if now is None or before is None else now - before

    @property
    def relative(self) -> Decimal | None:
        """The change in percent of last year's figure; none from zero (no base to compare with)."""
        change, before = self.change, _num(self.previous)
        if change is None or not before:
            return None
        return (change * 100 / abs(before)).quantize(Decimal("0.1"))


@dataclass
class AnnualReport:
    year: int
    college: str
    sections: list[Section]
    previous: AnnualReport | None = None  # last year's figures, to set beside this year's

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def value(self, key: str, label: str) -> Any:
        return dict(self.section(key).rows)[label]

    def previous_section(self, key: str) -> Section | None:
        if self.previous is None:
            return None
        return next((s for s in self.previous.sections if s.key == key), None)

    def figures(self, key: str) -> list[Figure]:
        """This year's figures of a pathway beside last year's (matched by label, in this year's order)."""
        before = dict(self.previous_section(key).rows) if self.previous_section(key) else {}
        return [Figure(str(label), v, before.get(label), figure_kind(label, v if v is not None else before.get(label)))
                for label, v in self.section(key).rows]

    def chart_series(self, key: str) -> list[tuple[str, list[tuple[str, float]]]]:
        """The pathway's chart as last year's and this year's bars over the same categories.

        A section without a chart of its own is drawn from its counts.
        """
        s, p = self.section(key), self.previous_section(key)
        if s.chart_title or (p and p.chart):
            now, before = dict(s.chart), dict(p.chart) if p else {}
        else:
            counts = [f for f in self.figures(key) if f.kind == KIND_COUNT]
            now = {f.label: float(f.value or 0) for f in counts}
            before = {f.label: float(f.previous or 0) for f in counts}
        categories = list(now) + [c for c in before if c not in now]
        series = [(str(self.year), [(c, float(now.get(c, 0))) for c in categories])]
        if self.previous is not None:
            series.insert(0, (str(self.previous.year), [(c, float(before.get(c, 0))) for c in categories]))
        return series

    def chart_title(self, key: str) -> str:
        s = self.section(key)
        return s.chart_title or gettext("Counts")

    def chart_is_count(self, key: str) -> bool:
        s = self.section(key)
        if not s.chart_title:
            return True
        return not str(s.chart_title).strip().endswith(MONEY_MARKS)

    def summary(self, key: str) -> str:
        return summarise(self.figures(key), self.previous.year if self.previous else self.year - 1)


def show(kind: str, v: Any) -> str:
    """A figure in the active language's format (money ``¥1,650,000.00``, percent ``12.5%``)."""
    if v is None:
        return gettext("not available")
    if kind == KIND_MONEY:
        return formatting.money(v)
    if kind == KIND_PERCENT:
        return formatting.percent(v)
    if kind in (KIND_COUNT, KIND_NUMBER):
        return formatting.number(v)
    return str(v)


def show_change(f: Figure) -> str:
    change = f.change
    if change is None:
        return formatting.NA
    sign = "+" if change > 0 else ("-" if change < 0 else "±")
    if f.kind == KIND_PERCENT:
        # a rate's change is in percentage points, not a percent of a percent
        return sign + gettext("%(n)s pp") % {"n": formatting.number(abs(change), 1)}
    if f.kind == KIND_MONEY:
        return sign + formatting.money(abs(change))
    return sign + formatting.number(abs(change))


def show_relative(f: Figure) -> str:
    rel = f.relative
    if rel is None:
        return gettext("new this year") if (f.change or 0) > 0 and not _num(f.previous) else formatting.NA
    return ("+" if rel > 0 else "") + formatting.percent(rel)


def plain_label(label: str) -> str:
    """A figure's name without its unit mark, for a sentence where the value carries the unit."""
    text = str(label).strip()
    for mark in MONEY_MARKS + PERCENT_MARKS:
        if text.endswith(mark):
            return text[: -len(mark)].rstrip()
    return text


def summarise(figures: list[Figure], last_year: int, most: int = 2) -> str:
    """What changed most in a pathway: the largest relative changes among its figures, in words.

    Rates are compared by their change in points (a rate from 50% to 60% moved 10 points, and 10 is
    set beside the other figures' percent changes); figures new this year (from zero) follow.
    """
    def weight(f: Figure) -> Decimal | None:
        if f.kind == KIND_PERCENT:
            return f.change
        return f.relative

    moved = [f for f in figures if weight(f)]
    moved.sort(key=lambda f: abs(weight(f)), reverse=True)
    parts = []
    for f in moved[:most]:
        rose = f.change > 0
        if f.kind == KIND_PERCENT:
            template = (gettext("%(figure)s rose by %(points)s points, from %(before)s to %(after)s.") if rose
                        else gettext("%(figure)s fell by %(points)s points, from %(before)s to %(after)s."))
        else:
            template = (gettext("%(figure)s rose by %(pct)s, from %(before)s to %(after)s.") if rose
                        else gettext("%(figure)s fell by %(pct)s, from %(before)s to %(after)s."))
        parts.append(template % {
            "figure": plain_label(f.label), "pct": formatting.percent(abs(f.relative or 0)),
            "points": formatting.number(abs(f.change), 1),
            "before": show(f.kind, f.previous), "after": show(f.kind, f.value)})
    new = [f for f in figures if f.relative is None and f.kind != KIND_PERCENT and (f.change or 0) > 0]
    if len(parts) < most and new:
        f = max(new, key=lambda f: f.change)
        parts.append(gettext("%(figure)s: %(after)s, none in %(year)s.")
                     % {"figure": plain_label(f.label), "after": show(f.kind, f.value), "year": last_year})
    if not parts:
        if not figures:
            return gettext("The figures of this pathway could not be read.")
        if not any(_num(f.value) or _num(f.previous) for f in figures):
            return gettext("Nothing recorded in %(last)s or %(year)s.") % {"last": last_year, "year": last_year + 1}
        return gettext("No figure changed from %(year)s.") % {"year": last_year}
    return " ".join(parts)


def compute_report(year: int, *, compare: bool = True) -> AnnualReport:
    """The year's figures, and (``compare``) last year's beside them, each as of its own year."""
    providers = app_modules("report_figures")
    period = ReportYear(year)
    participants: set[int] = set()
    demand: dict[int, int] = {}
    for mod in providers:
        if hasattr(mod, "participating_enterprises"):
            participants |= safe(lambda mod=mod: set(mod.participating_enterprises(period)), set())
        if hasattr(mod, "competency_demand"):
            for comp_id, n in (safe(lambda mod=mod: mod.competency_demand(period), {}) or {}).items():
                demand[comp_id] = demand.get(comp_id, 0) + n
    period = ReportYear(year, participants=frozenset(participants), competency_demand=demand)
    sections = []
    for mod in providers:
        for entry in getattr(mod, "ANNUAL_SECTIONS", ()):
            section = safe(lambda entry=entry: entry.build(period))
            sections.append(section if section is not None else Section(entry.key, str(entry.title)))
    previous = compute_report(year - 1, compare=False) if compare else None
    return AnnualReport(year=year, college=settings.IEI["COLLEGE_NAME"], sections=sections, previous=previous)


# --- Output -----------------------------------------------------------------------------------------

def _title(report: AnnualReport) -> str:
    return gettext("Annual industry–education integration report %(year)s") % {"year": report.year}


def _prepared_on() -> str:
    return gettext("Prepared on %(date)s") % {"date": formatting.day(timezone.localdate())}


def _header(report: AnnualReport) -> list[str]:
    last = report.previous.year if report.previous else report.year - 1
    return [gettext("Figure"), str(report.year), str(last), gettext("Change on last year"),
            gettext("Change on last year (%)")]


def _cell(v: Any) -> Any:
    """A figure as a spreadsheet number (a formula of the reader may use it), else words."""
    if isinstance(v, Decimal):
        return float(v)
    if v is None:
        return gettext("not available")
    return v


# Native number formats, so a reader's spreadsheet shows the report's format and keeps numbers.
XLSX_FORMATS = {KIND_MONEY: '"¥"#,##0.00', KIND_PERCENT: '0.0"%"', KIND_COUNT: "#,##0", KIND_NUMBER: "#,##0.##"}


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join("-" if c in "[]:*?/\\·" else c for c in str(title))[:31] or "-"
    while name in taken:
        name = name[:29] + f"~{len(taken)}"
    taken.add(name)
    return name


def build_xlsx(report: AnnualReport, path: str) -> None:
    """The same figures as the PDF: per pathway this year, last year, the change; a native bar chart each."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font

    header = _header(report)
    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    taken: set[str] = set()
    ws.title = _sheet_name(gettext("Summary"), taken)
    ws.append([_title(report)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([report.college])
    ws.append([_prepared_on()])
    ws.append([])
    ws.append([gettext("Pathway"), *header])
    for c in ws[ws.max_row]:
        c.font = bold

    def put(sheet, f: Figure, lead: list) -> None:
        change, rel = f.change, f.relative
        sheet.append([*lead, f.label, _cell(f.value), _cell(f.previous),
                      float(change) if change is not None else None,
                      float(rel) / 100 if rel is not None else None])
        row, first = sheet.max_row, len(lead) + 2
        fmt = XLSX_FORMATS.get(f.kind)
        for col in (first, first + 1, first + 2):
            if fmt:
                sheet.cell(row=row, column=col).number_format = fmt
        if f.kind == KIND_PERCENT:
            sheet.cell(row=row, column=first + 2).number_format = '+0.0" pp";-0.0" pp";0'
        sheet.cell(row=row, column=first + 3).number_format = "+0.0%;-0.0%;0.0%"

    for s in report.sections:
        figures = report.figures(s.key)
        sheet = wb.create_sheet(title=_sheet_name(s.title, taken))
        sheet.append([s.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([report.summary(s.key)])
        sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=5)
        sheet.row_dimensions[2].height = 48
        sheet.append([])
        sheet.append(header)
        for c in sheet[sheet.max_row]:
            c.font = bold
        for f in figures:
            put(sheet, f, [])
            put(ws, f, [s.title])
        sheet.column_dimensions["A"].width = 44
        for col in "BCDE":
            sheet.column_dimensions[col].width = 16
        series = report.chart_series(s.key)
        first = sheet.max_row + 2
        sheet.cell(row=first, column=1, value=report.chart_title(s.key)).font = bold
        for j, (name, _points) in enumerate(series, start=2):
            sheet.cell(row=first, column=j, value=name).font = bold
        for i, (label, _v) in enumerate(series[0][1], start=1):
            sheet.cell(row=first + i, column=1, value=label)
            for j, (_name, points) in enumerate(series, start=2):
                sheet.cell(row=first + i, column=j, value=points[i - 1][1])
        if not has_data(series):
            sheet.cell(row=first + len(series[0][1]) + 1, column=1, value=gettext("No data for this year or the last."))
            continue
        chart = BarChart()
        chart.type = "col"
        chart.title = report.chart_title(s.key)
        chart.y_axis.majorGridlines = None
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        if report.chart_is_count(s.key):
            chart.y_axis.numFmt = "0"
            top = max(v for _n, points in series for _l, v in points)
            chart.y_axis.majorUnit = integer_step(top)
            chart.y_axis.scaling.min = 0
        n = len(series[0][1])
        chart.add_data(Reference(sheet, min_col=2, max_col=1 + len(series), min_row=first, max_row=first + n),
                       titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=first + n))
        chart.width, chart.height = 18, 9
        sheet.add_chart(chart, "G4")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 44
    for col in "CDEF":
        ws.column_dimensions[col].width = 16
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
    """The report as a college publishes it: a cover, contents, and per pathway a summary of what
    changed most, this year's figures beside last year's with the change, and a chart of both years."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.tableofcontents import TableOfContents

    font = _register_cjk_font()
    ink, accent, rule = colors.HexColor("#1f2933"), colors.HexColor("#2f5f8f"), colors.HexColor("#c8d1dc")
    cover_title = ParagraphStyle("cover", fontName=font, fontSize=26, leading=36, textColor=ink,
                                 wordWrap="CJK")
    cover_line = ParagraphStyle("coverline", fontName=font, fontSize=14, leading=22, textColor=accent)
    h1 = ParagraphStyle("h1", fontName=font, fontSize=17, leading=24, spaceAfter=8, textColor=accent)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, textColor=ink, wordWrap="CJK")
    lead = ParagraphStyle("lead", parent=body, fontSize=10.5, leading=16, backColor=colors.HexColor("#eef3f8"),
                          borderPadding=6, spaceBefore=2, spaceAfter=10)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)
    num = ParagraphStyle("num", parent=cell, alignment=2)
    title = _title(report)
    last = report.previous.year if report.previous else report.year - 1

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's hook: contents entries from headings
            if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
                self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#6b7785"))
        canvas.drawString(18 * mm, 10 * mm, f"{report.college} · {title}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    def cover(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(accent)
        canvas.rect(0, A4[1] - 70 * mm, A4[0], 8 * mm, stroke=0, fill=1)
        canvas.restoreState()

    frame = Frame(18 * mm, 18 * mm, A4[0] - 36 * mm, A4[1] - 36 * mm, id="body")
    doc = Doc(path, pagesize=A4, title=title, author=report.college,
              pageTemplates=[PageTemplate("cover", [frame], onPage=cover),
                             PageTemplate("page", [frame], onPage=footer)])
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("toc", fontName=font, fontSize=12, leading=22, textColor=ink)]
    story: list = [Spacer(1, 70 * mm), Paragraph(title, cover_title), Spacer(1, 10 * mm),
                   Paragraph(report.college, cover_line),
                   Paragraph(gettext("Year %(year)s, compared with %(last)s") % {"year": report.year, "last": last},
                             body),
                   Spacer(1, 4 * mm), Paragraph(_prepared_on(), body),
                   NextPageTemplate("page"), PageBreak(),
                   Paragraph(gettext("Contents"), ParagraphStyle("h1toc", parent=h1)), Spacer(1, 4 * mm), toc,
                   PageBreak()]
    width = A4[0] - 36 * mm
    cols = [width - 3 * 31 * mm - 22 * mm, 31 * mm, 31 * mm, 31 * mm, 22 * mm]
    for n, s in enumerate(report.sections, start=1):
        story.append(Paragraph(f"{n}. {s.title}", h1))
        story.append(Paragraph(report.summary(s.key), lead))
        figures = report.figures(s.key)
        if figures:
            head = [Paragraph(t, cell if i == 0 else num) for i, t in enumerate(_header(report))]
            data = [head] + [[Paragraph(f.label, cell), Paragraph(show(f.kind, f.value), num),
                              Paragraph(show(f.kind, f.previous), num), Paragraph(show_change(f), num),
                              Paragraph(show_relative(f), num)] for f in figures]
            t = Table(data, colWidths=cols, repeatRows=1)
            t.setStyle(TableStyle([
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, accent),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, rule),
                ("BACKGROUND", (1, 1), (1, -1), colors.HexColor("#f3f6fa")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story.append(t)
        story.append(Spacer(1, 6 * mm))
        is_count = report.chart_is_count(s.key)
        drawing = report_bar_drawing(
            report.chart_series(s.key), title=report.chart_title(s.key), font=font, width=width, height=62 * mm,
            integer=is_count, no_data=gettext("No data for this year or the last."),
            fmt=lambda v: formatting.number(v, 0))
        story.append(KeepTogether([drawing]))
        story.append(PageBreak())
    doc.multiBuild(story[:-1] if story and isinstance(story[-1], PageBreak) else story)
