"""The design system (static/css/app.css): colours come from its tokens, every pair of colours that carries
text meets WCAG AA, and every page's styles and scripts are the platform's own files (no CDN)."""
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_CSS = ROOT / "static" / "css" / "app.css"
SHEETS = [APP_CSS, ROOT / "static" / "attendance" / "attendance.css"]

# (text or border, background, the least contrast it needs): 4.5:1 for text, 3:1 for the border of a form
# control against what it sits on (WCAG 1.4.3 and 1.4.11).
PAIRS = [
    ("fg", "bg", 4.5), ("fg", "card", 4.5), ("fg", "surface-2", 4.5), ("fg", "row-hover", 4.5),
    ("muted", "bg", 4.5), ("muted", "card", 4.5), ("muted", "surface-2", 4.5), ("muted", "accent-soft", 4.5),
    ("accent", "card", 4.5), ("accent", "bg", 4.5), ("accent", "surface-2", 4.5), ("accent-hover", "card", 4.5),
    ("accent", "accent-soft", 4.5),
    ("accent-fg", "accent", 4.5), ("accent-fg", "accent-hover", 4.5), ("accent-fg", "bad", 4.5),
    ("accent-fg", "bad-hover", 4.5),
    ("ok", "ok-soft", 4.5), ("warn", "warn-soft", 4.5), ("bad", "bad-soft", 4.5), ("bad", "card", 4.5),
    ("fg", "ok-soft", 4.5), ("fg", "warn-soft", 4.5), ("fg", "bad-soft", 4.5), ("fg", "accent-soft", 4.5),
    ("fg", "neutral-soft", 4.5), ("fg", "line", 4.5),
    ("topbar-fg", "topbar", 4.5), ("fg", "focus", 4.5),
    ("control", "card", 3.0), ("control", "bg", 3.0),
]


def tokens() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\n\}", APP_CSS.read_text(), re.S).group(1)
    return dict(re.findall(r"--([a-z0-9-]+)\s*:\s*([^;]+);", root))


def luminance(colour: str) -> float:
    hex_ = colour.strip().lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(c * 2 for c in hex_)
    channels = [int(hex_[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey


@pytest.mark.parametrize(("fg", "bg", "least"), PAIRS, ids=[f"{f}-on-{b}" for f, b, _ in PAIRS])
def test_colour_pairs_meet_wcag_aa(fg, bg, least):
    t = tokens()
    assert contrast(t[fg], t[bg]) >= least, f"--{fg} {t[fg]} on --{bg} {t[bg]}: {contrast(t[fg], t[bg]):.2f} < {least}"


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_sheets_take_colours_from_the_tokens(sheet):
    """A colour written outside the tokens escapes the contrast check above."""
    text = sheet.read_text()
    if sheet == APP_CSS:
        text = re.sub(r":root\s*\{.*?\n\}", "", text, count=1, flags=re.S)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", text) == []


def test_sheets_use_only_tokens_that_exist():
    names = set(tokens())
    for sheet in SHEETS:
        used = set(re.findall(r"var\(--([a-z0-9-]+)", sheet.read_text()))
        assert used <= names, f"{sheet.name} uses undefined tokens {sorted(used - names)}"


def test_pages_load_styles_and_scripts_from_the_platform_only():
    """No CDN: every stylesheet, script and font a template names is served by the platform itself."""
    outside = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for tag in re.findall(r"<(?:link|script)\b[^>]*>", template.read_text()):
            if re.search(r"""(?:href|src)\s*=\s*["']?(?:https?:)?//""", tag):
                outside.append(f"{template.relative_to(ROOT)}: {tag}")
    for sheet in SHEETS:
        remote = re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)|@import[^;]*", sheet.read_text())
        outside += [f"{sheet.name}: {u}" for u in remote]
    assert outside == []
