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
from django.utils.translation import gettext

from core.hosts import ReportYear, Section
from core.registry import app_modules

from .sources import safe

CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

__all__ = ["AnnualReport", "Section", "build_pdf", "build_xlsx", "compute_report"]


@dataclass
class AnnualReport:
    year: int
    college: str
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def value(self, key: str, label: str) -> Any:
        return dict(self.section(key).rows)[label]


def compute_report(year: int) -> AnnualReport:
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
    return AnnualReport(year=year, college=settings.IEI["COLLEGE_NAME"], sections=sections)


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
