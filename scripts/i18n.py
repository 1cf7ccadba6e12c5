#!/usr/bin/env python3
"""Translation catalogue helpers (polib).

    python scripts/i18n.py check             every zh_Hans and en catalogue complete (no empty or fuzzy msgstr)
    python scripts/i18n.py fill-en PO...     English catalogues: empty msgstr := msgid (source strings are English)
    python scripts/i18n.py apply JSON PO     fill msgstr of PO from a {msgid: translation} JSON file
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "var", "node_modules", "staticfiles"}


def catalogues() -> list[Path]:
    return sorted(p for p in ROOT.rglob("locale/*/LC_MESSAGES/django.po") if not SKIP & set(p.parts))


def untranslated(po: polib.POFile) -> list[str]:
    bad = []
    for e in po:
        if e.obsolete:
            continue
        if "fuzzy" in e.flags:
            bad.append(e.msgid)
        elif e.msgid_plural:
            if not e.msgstr_plural or any(not v for v in e.msgstr_plural.values()):
                bad.append(e.msgid)
        elif not e.msgstr:
            bad.append(e.msgid)
    return bad


def check() -> int:
    failed = 0
    for path in catalogues():
        lang = path.parts[-3]
        if lang not in ("zh_Hans", "en"):
            continue
        bad = untranslated(polib.pofile(str(path)))
        if bad:
            failed += 1
            print(f"{path.relative_to(ROOT)}: {len(bad)} untranslated, e.g. {bad[:3]}")
    apps = {p.parts[-5] if len(p.parts) >= 5 else "" for p in catalogues()}
    for path in catalogues():
        other = path.parents[2] / ("en" if path.parts[-3] == "zh_Hans" else "zh_Hans") / "LC_MESSAGES" / "django.po"
        if not other.exists():
            failed += 1
            print(f"{path.relative_to(ROOT)}: no sibling catalogue {other.relative_to(ROOT)}")
    print("translations complete" if not failed else f"{failed} catalogue(s) incomplete", f"({len(apps)} dirs)")
    return 1 if failed else 0


def fill_en(paths: list[str]) -> None:
    for p in paths:
        po = polib.pofile(p)
        for e in po:
            # A fuzzy entry carries a guess from a *different* msgid: English is the msgid itself.
            fuzzy = "fuzzy" in e.flags
            if e.msgid_plural:
                if fuzzy or not all(e.msgstr_plural.values()):
                    e.msgstr_plural = {0: e.msgid, 1: e.msgid_plural}
            elif fuzzy or not e.msgstr:
                e.msgstr = e.msgid
            if fuzzy:
                e.flags.remove("fuzzy")
                e.previous_msgid = None
        po.save()


def apply(json_path: str, po_path: str) -> None:
    table = json.loads(Path(json_path).read_text())
    po = polib.pofile(po_path)
    for e in po:
        if e.msgid in table:
            if e.msgid_plural:
                e.msgstr_plural = {0: table[e.msgid]}
            else:
                e.msgstr = table[e.msgid]
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
    po.save()
    missing = untranslated(po)
    if missing:
        print(f"{po_path}: still untranslated: {missing}")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["check"]
    if cmd == "check":
        sys.exit(check())
    if cmd == "fill-en":
        fill_en(args)
    elif cmd == "apply":
        apply(*args)
    else:
        sys.exit(__doc__)
