"""Access matrix: every API operation and every HTML page, asked as every role, of rows of both sides.

``access_table.EXPECTED`` holds the answer DESIGN.md sections 2 and 5 call for, one line per
route and method; an operation without a line fails the test, so a new endpoint or page cannot
ship unreviewed. On top of the table, the rules that hold everywhere are checked by code: no 500,
anonymous is 401 (API) or a redirect to the login page (HTML), enterprise B never writes to a row
of enterprise A, and a student or an enterprise never reaches another party's private rows. A
second test holds every API list to its detail route: a row is listed exactly when its detail
answers 200, so a list cannot leak what the detail hides.

To add lines after a new route: ``IEI_MATRIX_DUMP=/tmp/matrix.txt pytest tests/security/test_access_matrix.py``
writes the observed lines; review each against DESIGN.md before copying it into the table.
"""
from __future__ import annotations

import os

import pytest
from rest_framework.test import APIClient

from .access_table import EXPECTED, JSON_HTML, PUBLIC_HTML
from .matrix import ROLES, api_operations, ask, html_operations, observe, pick_rows

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
        allowed = ("401", "-") if op.route in JSON_HTML else ("302", "-")
        if any(c not in allowed for c in anon):
            problems.append(f"{op.key}: anonymous got {codes['anon']}, expected a redirect to login")
    if op.model is not None and op.method != "get":
        # Enterprise B acting on enterprise A's row (and A on B's): never a success.
        a_on_b = codes["ent_a"].split("|")[1]
        b_on_a = codes["ent_b"].split("|")[0]
        for who, code in (("ent_b on A's row", b_on_a), ("ent_a on B's row", a_on_b)):
            if code.startswith("2"):
                problems.append(f"{op.key}: {who} got {code}")
    return problems


def test_every_operation_has_the_expected_codes(matrix_actors):
    users, sides = matrix_actors
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


def _listed_ids(route: str, user) -> set | None:
    """Ids of every row the list shows the user (all pages), or None where the list is not for the role."""
    client = APIClient()
    client.force_authenticate(user=user)
    ids, url = set(), f"{route}?page_size=200"
    while url:
        response = client.get(url)
        if response.status_code != 200:
            return None
        data = response.json()
        ids |= {row.get("id") for row in data["results"]}
        url = data["next"]
    return ids


def test_lists_show_exactly_the_rows_their_detail_shows(matrix_actors):
    users, sides = matrix_actors
    gets = {op.route: op for op in api_operations() if op.method == "get"}
    problems, checked = [], 0
    for route, op in gets.items():
        list_route = route.removesuffix("{id}/")
        if op.model is None or list_route == route or list_route not in gets:
            continue
        rows = [pk for pk in pick_rows(op.model, sides) if pk is not None]
        for role in ROLES[1:]:  # anonymous gets 401 from both
            ids = _listed_ids(list_route, users[role])
            if ids is None:
                continue  # the list is closed to the role (e.g. users/ for everyone but the admin)
            for pk in rows:
                detail = ask(op, users[role], pk)
                checked += 1
                if (detail == 200) != (pk in ids):
                    problems.append(f"{list_route} as {role}: row {pk} listed={pk in ids}, detail answers {detail}")
    assert checked > 300, "too few list/detail pairs were compared: the walk is broken"
    assert not problems, "lists and details disagree:\n" + "\n".join(problems)
