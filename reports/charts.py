"""Small server-rendered SVG charts (no JavaScript, no CDN): bars and a trend line."""
from __future__ import annotations

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
