"""Small server-rendered SVG charts (no JavaScript, no CDN): bars and a trend line; and the annual
report's bar charts (ReportLab drawings)."""
from __future__ import annotations

import textwrap

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

W, H, PAD = 320, 140, 24


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.1f}"


def bar_chart(points: list[tuple[str, float]], *, title: str) -> str:
    if not points:
        return ""
    top = max(v for _l, v in points) or 1
    n = len(points)
    bw = (W - 2 * PAD) / n
    parts = []
    for i, (label, v) in enumerate(points):
        h = (H - 2 * PAD) * (v / top)
        x = PAD + i * bw + bw * 0.15
        y = H - PAD - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw * 0.7:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(label)}: {_fmt(v)}</title></rect>"
            f'<text x="{x + bw * 0.35:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10">{_fmt(v)}</text>'
            f'<text x="{x + bw * 0.35:.1f}" y="{H - 8}" text-anchor="middle" font-size="9">{escape(label[:8])}</text>'
        )
    return _svg(title, "".join(parts))


def line_chart(points: list[tuple[str, float]], *, title: str) -> str:
    if len(points) < 2:
        return bar_chart(points, title=title)
    vals = [v for _l, v in points]
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1
    step = (W - 2 * PAD) / (len(points) - 1)
    coords = [(PAD + i * step, H - PAD - (H - 2 * PAD) * ((v - lo) / span)) for i, (_l, v) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="dot"><title>{escape(lbl)}: {_fmt(v)}</title></circle>'
        for (x, y), (lbl, v) in zip(coords, points, strict=True)
    )
    labels = (
        f'<text x="{PAD}" y="{H - 6}" font-size="9">{escape(points[0][0])}</text>'
        f'<text x="{W - PAD}" y="{H - 6}" font-size="9" text-anchor="end">{escape(points[-1][0])}</text>'
        f'<text x="{W - PAD}" y="{coords[-1][1] - 6:.1f}" font-size="10" text-anchor="end">{_fmt(vals[-1])}</text>'
    )
    return _svg(title, f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="2"/>{dots}{labels}')


def _svg(title: str, body: str) -> str:
    head = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}"><title>{}</title>',
        W, H, title, title,
    )
    return mark_safe(f'{head}<style>.bar{{fill:#3b6ea5}}.dot{{fill:#3b6ea5}}</style>{body}</svg>')  # noqa: S308


# --- Report charts (the annual report's PDF, drawn with ReportLab) ----------------------------------------

REPORT_COLOURS = ("#9aa9bb", "#2f5f8f")  # last year muted, this year strong: the eye goes to this year


def integer_step(top: float, most_ticks: int = 6) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … giving at most ``most_ticks`` steps up to ``top``.

    Counts are whole: an axis of agreements ticks 0, 1, 2, never 0.2, 0.4.
    """
    step = 1
    while top / step > most_ticks:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 …
            step = int(step * factor)
            if top / step <= most_ticks:
                break
    return step


def _wrap(label, width: int = 16, lines: int = 2) -> str:
    """A category name on at most two short lines under its bars (CJK text breaks between any two
    characters, at half the width: each is about two Latin letters wide)."""
    text = str(label)
    if any(ord(ch) >= 0x2E80 for ch in text):
        width //= 2
        parts = [text[i:i + width] for i in range(0, len(text), width)]
    else:
        parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def has_data(series: list[tuple[str, list[tuple[str, float]]]]) -> bool:
    return any(v for _name, points in series for _l, v in points)


def report_bar_drawing(series: list[tuple[str, list[tuple[str, float]]]], *, title: str, font: str,
                       width: float, height: float, integer: bool, no_data: str, fmt=None):
    """A grouped bar chart (one bar per series and category) as a ReportLab ``Drawing``.

    ``series`` is ``[(name, [(category, value), …]), …]`` over the same categories. Without a value
    other than zero the drawing is ``no_data`` in words and no axes: an empty axis from 0 to 0.01
    says nothing true. ``integer`` makes the value axis tick on whole numbers (counts).
    """
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    d = Drawing(width, height)
    d.add(String(0, height - 10, title, fontName=font, fontSize=9))
    if not has_data(series):
        d.add(Rect(0, 6, width, height - 24, fillColor=colors.HexColor("#f4f6f8"), strokeColor=None))
        d.add(String(width / 2, height / 2 - 6, no_data, fontName=font, fontSize=11, textAnchor="middle",
                     fillColor=colors.HexColor("#555555")))
        return d
    chart = VerticalBarChart()
    chart.x, chart.y = 44, 28
    # a few categories get bars of a readable width, not one slab across the page
    chart.width = min(width - 54, 40 + 60 * len(series) * len(series[0][1]))
    chart.height = height - 58
    chart.data = [[float(v) for _l, v in points] for _name, points in series]
    chart.categoryAxis.categoryNames = [_wrap(label) for label, _v in series[0][1]]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max(float(v) for _n, points in series for _l, v in points)
    if integer:
        step = integer_step(top)
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * max(1, -(-int(top) // step))
    if fmt is not None:
        chart.valueAxis.labelTextFormat = fmt
    chart.groupSpacing = 8
    for i, _s in enumerate(series):
        chart.bars[i].fillColor = colors.HexColor(REPORT_COLOURS[-len(series):][i])
        chart.bars[i].strokeColor = None
    d.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 4, height - 6
        legend.alignment = "right"
        legend.boxAnchor = "ne"
        legend.fontName = font
        legend.fontSize = 7
        legend.columnMaximum = 1
        legend.colorNamePairs = [(colors.HexColor(REPORT_COLOURS[-len(series):][i]), name)
                                 for i, (name, _p) in enumerate(series)]
        d.add(legend)
    return d
