"""Access matrix: every API operation and every HTML page, asked as every role, of rows of both sides.

``access_table.EXPECTED`` holds the answer DESIGN.md sections 2 and 5 call for, one line per
route and method; an operation without a line fails the test, so a new endpoint or page cannot
ship unreviewed. On top of the table, the rules that hold everywhere are checked by code: no 500,
anonymous is 401 (API) or a redirect to the login page (HTML), enterprise B never writes to a row
of enterprise A, and a student or an enterprise never reaches another party's private rows.

To add lines after a new route: ``IEI_MATRIX_DUMP=/tmp/matrix.txt pytest tests/security/test_access_matrix.py``
writes the observed lines; review each against DESIGN.md before copying it into the table.
"""
from __future__ import annotations

import os

import pytest

from .access_table import EXPECTED, PUBLIC_HTML
from .matrix import ROLES, api_operations, html_operations, observe

pytestmark = pytest.mark.django_db


def _check_universal_rules(op, line: str) -> list[str]:
    problems = []
    codes = dict(part.split(":", 1) for part in line.split())
    for role in ROLES:
        for code in codes[role].split("|"):
            if code.startswith("5"):
                problems.append(f"{op.key}: {role} got {code}")
    anon = codes["anon"].split("|")
    if op.kind == "api" and op.route != "/api/v1/auth/token/":
        if any(c not in ("401", "-") for c in anon):
            problems.append(f"{op.key}: anonymous got {codes['anon']}, expected 401")
    if op.kind == "html" and op.route not in PUBLIC_HTML:
        if any(c not in ("302", "-") for c in anon):
            problems.append(f"{op.key}: anonymous got {codes['anon']}, expected a redirect to login")
    if op.model is not None and op.method != "get":
        # Enterprise B acting on enterprise A's row (and A on B's): never a success.
        a_on_b = codes["ent_a"].split("|")[1]
        b_on_a = codes["ent_b"].split("|")[0]
        for who, code in (("ent_b on A's row", b_on_a), ("ent_a on B's row", a_on_b)):
            if code.startswith("2"):
                problems.append(f"{op.key}: {who} got {code}")
    return problems


def test_every_operation_has_the_expected_codes(actors):
    users, sides = actors
    ops = api_operations() + html_operations()
    assert len(ops) > 300, "the walk found too few routes: the schema or resolver walk is broken"
    observed = {op.key: observe(op, users, sides) for op in ops}

    dump = os.environ.get("IEI_MATRIX_DUMP")
    if dump:
        with open(dump, "w") as fh:
            for key, line in observed.items():
                fh.write(f'    "{key}": "{line}",\n')

    missing = sorted(set(observed) - set(EXPECTED))
    assert not missing, "routes without an expectation (add them to access_table.py):\n" + "\n".join(missing)
    stale = sorted(set(EXPECTED) - set(observed))
    assert not stale, "expectations for routes that no longer exist:\n" + "\n".join(stale)

    problems = []
    for op in ops:
        problems += _check_universal_rules(op, observed[op.key])
        if observed[op.key] != EXPECTED[op.key]:
            problems.append(f"{op.key}\n   expected {EXPECTED[op.key]}\n   observed {observed[op.key]}")
    assert not problems, f"{len(problems)} access problems:\n" + "\n".join(problems)
