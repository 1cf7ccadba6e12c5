"""The annual report as a college publishes it (issue 23 item 5): a cover and contents, each pathway
this year beside last year with the change, integer axes for counts, "no data" instead of an empty
chart, money and percentages in the language's format, a generated summary of what changed most, and
the XLSX with the same figures and a native chart per pathway.

The PDF pages are rendered to images (pypdfium2) into tests/e2e/screenshots/annual-report-*.png, to
be looked at."""
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.utils import translation
from openpyxl import load_workbook

from internships.models import Posting
from partnerships.models import Agreement
from reports import annual
from reports.annual import (
    KIND_COUNT,
    KIND_MONEY,
    KIND_PERCENT,
    AnnualReport,
    Figure,
    Section,
    compute_report,
    figure_kind,
    show,
    summarise,
)
from reports.charts import integer_step, report_bar_drawing

SCREENSHOTS = Path(__file__).resolve().parents[1] / "e2e" / "screenshots"
NO_DATA = "No data for this year or the last."


def _bar_chart(drawing):
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    return [c for c in drawing.contents if isinstance(c, VerticalBarChart)]


def _strings(drawing):
    from reportlab.graphics.shapes import String

    return [c.text for c in drawing.contents if isinstance(c, String)]


# --- charts ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("top", [1, 2, 3, 7, 13, 40, 260])
def test_count_chart_ticks_are_whole_numbers(top):
    series = [("2023", [("Order-based class", 0), ("Internship base", 1)]),
              ("2024", [("Order-based class", top), ("Internship base", 1)])]
    drawing = report_bar_drawing(series, title="Agreements by kind", font="Helvetica", width=400, height=180,
                                 integer=True, no_data=NO_DATA)
    (chart,) = _bar_chart(drawing)
    chart.draw()  # lays the axis out: its ticks are what the reader sees
    ticks = chart.valueAxis._tickValues
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 8


def test_integer_step():
    assert [integer_step(t) for t in (1, 6, 7, 12, 13, 30, 31, 60, 61, 600)] == [1, 1, 2, 2, 5, 5, 10, 10, 20, 100]


def test_empty_chart_says_no_data_and_draws_no_axes():
    series = [("2023", [("Order-based class", 0.0)]), ("2024", [("Order-based class", 0.0)])]
    drawing = report_bar_drawing(series, title="Agreements by kind", font="Helvetica", width=400, height=180,
                                 integer=True, no_data=NO_DATA)
    assert _bar_chart(drawing) == []
    assert NO_DATA in _strings(drawing)
    assert _bar_chart(report_bar_drawing([("2024", [])], title="t", font="Helvetica", width=400, height=180,
                                         integer=True, no_data=NO_DATA)) == []


# --- formats -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_and_percent_in_the_report_format(language):
    with translation.override(language):
        assert show(KIND_MONEY, Decimal("1650000")) == "¥1,650,000.00"
        assert show(KIND_PERCENT, Decimal("12.5")) == "12.5%"
        assert show(KIND_COUNT, 12345) == "12,345"
    assert figure_kind("Funding received (CNY)", Decimal("1")) == KIND_MONEY
    assert figure_kind("到账经费（元）", Decimal("1")) == KIND_MONEY
    assert figure_kind("双师型教师比例（%）", Decimal("1")) == KIND_PERCENT
    assert figure_kind("Courses", 3) == KIND_COUNT


# --- two years of fixture data -----------------------------------------------------------------------------

@pytest.fixture
def two_years(college, enterprise_org, other_enterprise_org):
    """2023: one agreement in force (A1), one posting with 9 slots.
    2024: A1 and A2 in force (A2 starts), two postings with 4 + 2 slots."""
    for code, kind, start, end, party in [
        ("A1", "order_class", date(2023, 9, 1), date(2026, 8, 31), enterprise_org),
        ("A2", "internship_base", date(2024, 3, 1), date(2025, 2, 28), other_enterprise_org),
    ]:
        a = Agreement.objects.create(code=code, title=code, kind=kind, status="active", college=college,
                                     start_date=start, end_date=end)
        a.parties.add(party)
    Posting.objects.create(enterprise=other_enterprise_org, title="P0", post="摄影", slots=9, status="closed",
                           start_date=date(2023, 3, 1), end_date=date(2023, 8, 31))
    Posting.objects.create(enterprise=enterprise_org, title="P1", post="AI分镜师", slots=4, status="published",
                           start_date=date(2024, 7, 1), end_date=date(2024, 12, 31))
    Posting.objects.create(enterprise=enterprise_org, title="P2", post="剪辑助理", slots=2, status="closed",
                           start_date=date(2024, 3, 1), end_date=date(2024, 8, 31))
    with translation.override("en"):
        yield compute_report(2024)


def _figure(report, key, label) -> Figure:
    return next(f for f in report.figures(key) if f.label == label)


@pytest.mark.django_db
def test_last_year_beside_this_year_with_the_change(two_years):
    report = two_years
    assert report.previous.year == 2023
    agreements = _figure(report, "partnerships", "Agreements in force during the year")
    assert (agreements.value, agreements.previous, agreements.change, agreements.relative) == (
        2, 1, 1, Decimal("100.0"))
    slots = _figure(report, "internships", "Internship slots offered")
    assert (slots.value, slots.previous, slots.change, slots.relative) == (6, 9, -3, Decimal("-33.3"))
    postings = _figure(report, "internships", "Postings this year")
    assert (postings.value, postings.previous, postings.change) == (2, 1, 1)
    # the chart sets last year's bars beside this year's over the same categories
    series = dict(report.chart_series("partnerships"))
    assert dict(series["2023"]) == {"Order-based class": 1.0, "Internship base": 0.0}
    assert dict(series["2024"]) == {"Order-based class": 1.0, "Internship base": 1.0}


@pytest.mark.django_db
def test_summary_names_the_largest_change(two_years):
    with translation.override("en"):
        text = two_years.summary("internships")
    # postings doubled (+100%), slots fell by a third: postings lead
    assert text.startswith("Postings this year rose by 100%, from 1 to 2."), text
    assert "Internship slots offered fell by 33.3%, from 9 to 6." in text


def test_summary_rules():
    figures = [Figure("Courses", 11, 10, KIND_COUNT), Figure("Funding received (CNY)", Decimal("500"),
                                                             Decimal("1000"), KIND_MONEY),
               Figure("Budget execution (%)", Decimal("80.0"), Decimal("60.0"), KIND_PERCENT),
               Figure("Training bases", 3, 0, KIND_COUNT)]
    with translation.override("en"):
        text = summarise(figures, 2023, most=2)
        # a rate moves in points (20 points), ranked beside relative changes (-50%, +10%)
        assert text == ("Funding received fell by 50%, from ¥1,000.00 to ¥500.00. "
                        "Budget execution rose by 20.0 points, from 60% to 80%.")
        assert summarise([Figure("Courses", 3, 3, KIND_COUNT)], 2023) == "No figure changed from 2023."
        assert summarise([Figure("Courses", 0, 0, KIND_COUNT), Figure("Rate (%)", None, None, KIND_PERCENT)],
                         2023) == "Nothing recorded in 2023 or 2024."
        assert summarise([Figure("Training bases", 3, 0, KIND_COUNT)], 2023) == (
            "Training bases: 3, none in 2023.")


# --- the files ---------------------------------------------------------------------------------------------

def _cell_rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_xlsx_carries_the_same_figures_and_a_chart_per_pathway(two_years, tmp_path, language):
    with translation.override(language):
        report = compute_report(2024)
        path = tmp_path / "annual.xlsx"
        annual.build_xlsx(report, str(path))
    wb = load_workbook(path)
    summary, *pathways = wb.worksheets
    assert len(pathways) == len(report.sections)
    for sheet, section in zip(pathways, report.sections, strict=True):
        rows = _cell_rows(sheet)
        assert rows[0][0] == section.title
        header = rows[3]
        assert header[1:3] == ["2024", "2023"]
        figures = report.figures(section.key)
        for f, row in zip(figures, rows[4:4 + len(figures)], strict=True):
            assert row[0] == f.label
            if f.value is None:
                assert isinstance(row[1], str)  # "not available", in words
            else:
                assert row[1] == (float(f.value) if isinstance(f.value, Decimal) else f.value)
            if f.change is not None:
                assert row[3] == pytest.approx(float(f.change))
            if f.relative is not None:
                assert row[4] == pytest.approx(float(f.relative) / 100)
        if any(v for _n, pts in report.chart_series(section.key) for _l, v in pts):
            assert len(sheet._charts) == 1, section.key
        else:
            assert sheet._charts == []
            if language == "en":
                assert any(NO_DATA in str(r[0]) for r in rows if r[0])
    partnerships = pathways[[s.key for s in report.sections].index("partnerships")]
    (chart,) = partnerships._charts
    assert len(chart.series) == 2  # last year and this year
    # the summary sheet repeats each pathway's figures
    summary_rows = _cell_rows(summary)
    agreements = [r for r in summary_rows if r[1] == "Agreements in force during the year"]
    if language == "en":
        assert agreements and agreements[0][2:6] == [2, 1, 1, pytest.approx(1.0)]
    # money keeps its number, shown in the report's format
    money_rows = [r for r in summary.iter_rows(min_row=6) if str(r[1].value).endswith(("(CNY)", "（元）"))]
    assert money_rows and all(r[2].number_format == '"¥"#,##0.00' for r in money_rows)


def _render(path: Path, name: str) -> list[str]:
    """Each page as PNG beside the browser journeys' screenshots; returns each page's text."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(str(path))
    texts = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=1.2).to_pil()
            image.save(SCREENSHOTS / f"annual-report-{name}-p{i + 1}.png")
            texts.append(page.get_textpage().get_text_range())
            # a page that drew something: not a blank sheet
            assert image.convert("L").getextrema()[0] < 128
    finally:
        pdf.close()
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pdf_has_cover_contents_and_comparisons(two_years, tmp_path, language):
    with translation.override(language):
        report = compute_report(2024)
        path = tmp_path / "annual.pdf"
        annual.build_pdf(report, str(path))
        title = annual._title(report)
    texts = _render(path, language)
    assert len(texts) == 2 + len(report.sections)  # cover, contents, one page or more per pathway
    cover, contents = texts[0], texts[1]
    flat = "".join(cover.split())  # lines wrap where the page says, not where the words do
    assert "".join(title.split()) in flat and report.college in flat and "2023" in flat
    for n, s in enumerate(report.sections, start=1):
        assert f"{n}. {s.title}" in contents
        assert f"{n}. {s.title}" in texts[n + 1]
    partnerships = texts[2 + [s.key for s in report.sections].index("partnerships")]
    assert "2024" in partnerships and "2023" in partnerships and "+100%" in partnerships
    funding = texts[2 + [s.key for s in report.sections].index("funding")]
    assert "¥0.00" in funding  # money in the report's format even when nothing came in
    if language == "en":
        assert NO_DATA in funding  # no source of funding in either year: words, not an empty axis


@pytest.mark.django_db
def test_money_in_the_pdf(tmp_path):
    """A funding section with money: ¥1,650,000.00 in the table, never 1650000.00."""
    def sections(factor):
        return [Section("funding", "Support mechanisms",
                        [("Funding received (CNY)", Decimal("1650000.00") * factor),
                         ("Budget execution (%)", Decimal("12.5") * factor)],
                        "Funding by source (CNY)", [("Enterprise investment", 1650000.0 * factor)])]
    report = AnnualReport(2024, "College", sections(2), previous=AnnualReport(2023, "College", sections(1)))
    with translation.override("en"):
        annual.build_pdf(report, str(tmp_path / "m.pdf"))
    (page,) = _render(tmp_path / "m.pdf", "money")[2:]
    assert "¥3,300,000.00" in page and "¥1,650,000.00" in page and "+¥1,650,000.00" in page
    assert "25%" in page and "12.5%" in page and "+12.5 pp" in page
    assert "1650000" not in page
