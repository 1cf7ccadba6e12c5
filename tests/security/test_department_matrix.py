"""Department administrators (二级学院) on the access matrix: each reaches their own department's rows, never another's.

The demo data set has two department administrators: ``deptadmin`` of the department of ``teacher`` and
``student`` (side A) and ``deptadmin2`` of the department of ``teacher2`` and ``student2`` (side B). Here
a row's side is its department: the matrix walker (``matrix.pick_rows``) follows the row's foreign keys to
an organisation (a programme's department) or to a person of the department (a placement's student, a
teacher's evidence), where the people of a department are everyone holding a membership in force there.
A row tied to people of both departments is no side's and is not asked about.

Every operation whose route names a row that exists on both sides needs a line in
``department_table.DEPARTMENT_EXPECTED``: ``dept_a:<code on A's row>|<code on B's row> dept_b:...``. On top
of the table: nothing answers 5xx, a department administrator never writes successfully to another
department's row, and every API list shows a row to a department administrator exactly when its detail
answers 200.

To add lines after a new route: ``IEI_DEPT_MATRIX_DUMP=/tmp/dept.txt pytest tests/security/test_department_matrix.py``
writes the observed lines; review each (own department's row: as a college admin would be answered; the
other department's: 404, or 200 only for the college's shared catalogues) before copying it into the table.
"""
from __future__ import annotations

import os

import pytest

from .department_table import DEPARTMENT_EXPECTED
from .matrix import api_operations, ask, html_operations, pick_rows, side_query
from .test_access_matrix import _listed_ids

pytestmark = pytest.mark.django_db

DEPT_ROLES = ("dept_a", "dept_b")


@pytest.fixture
def department_actors(matrix_actors):
    """The two demo department administrators and the two departments as matrix sides."""
    from accounts.choices import Role
    from accounts.models import Membership, User

    users = {"dept_a": User.objects.get(username="deptadmin"), "dept_b": User.objects.get(username="deptadmin2")}
    sides = {}
    named = {"A": ("deptadmin", "teacher", "student"), "B": ("deptadmin2", "teacher2", "student2")}
    for side, role in (("A", "dept_a"), ("B", "dept_b")):
        dept = Membership.objects.get(user=users[role], role=Role.DEPARTMENT_ADMIN).organization
        people = User.objects.filter(pk__in=Membership.objects.in_force().filter(organization=dept).values("user_id"))
        sides[side] = {"orgs": [dept], "users": list(people),
                       "named": list(User.objects.filter(username__in=named[side]))}
    # The demo's people of side A and B are the matrix's teacher/student and teacher2/student2.
    assert {"teacher", "student"} <= {u.username for u in sides["A"]["users"]}
    assert {"teacher2", "student2"} <= {u.username for u in sides["B"]["users"]}
    return users, sides


def department_rows(model, sides) -> tuple[int | None, int | None]:
    """A row of each department: preferably one of the demo's named people (``matrix_actors`` mirrors
    their rows on both sides, files included), else one of anyone of the department; never a row tied to
    a person of the other department as well."""
    if side_query(model, sides["A"]) is None:
        return pick_rows(model, sides)
    named = {side: {"orgs": v["orgs"], "users": v["named"]} for side, v in sides.items()}
    preferred, anyone = pick_rows(model, named), pick_rows(model, sides)

    def only_of(pk, side, other):
        rows = model._base_manager.filter(pk=pk)
        return (pk is not None and rows.filter(side_query(model, sides[side])).exists()
                and not rows.filter(side_query(model, sides[other])).exists())

    a = preferred[0] if only_of(preferred[0], "A", "B") else anyone[0]
    b = preferred[1] if only_of(preferred[1], "B", "A") else anyone[1]
    return a, b


def _observe(op, users, sides) -> tuple[str, bool]:
    """The operation's line and whether it names a row of both departments (then the table must have it)."""
    pk_a = pk_b = None
    if op.model is not None:
        pk_a, pk_b = department_rows(op.model, sides)
    parts = []
    for role in DEPT_ROLES:
        if op.model is None:
            parts.append(f"{role}:{ask(op, users[role], None)}")
        else:
            a = ask(op, users[role], pk_a) if pk_a is not None else "-"
            b = ask(op, users[role], pk_b) if pk_b is not None else "-"
            parts.append(f"{role}:{a}|{b}")
    return " ".join(parts), pk_a is not None and pk_b is not None


def _universal_problems(op, line: str, two_sided: bool) -> list[str]:
    problems = []
    codes = dict(part.split(":", 1) for part in line.split())
    for role in DEPT_ROLES:
        for code in codes[role].split("|"):
            if code.startswith("5"):
                problems.append(f"{op.key}: {role} got {code}")
    if two_sided and op.method != "get":
        # A department administrator acting on the other department's row: never a success.
        for who, code in (("dept_a on B's row", codes["dept_a"].split("|")[1]),
                          ("dept_b on A's row", codes["dept_b"].split("|")[0])):
            if code.startswith("2"):
                problems.append(f"{op.key}: {who} got {code}")
    return problems


def test_department_admins_reach_their_department_only(department_actors):
    users, sides = department_actors
    ops = api_operations() + html_operations()
    observed = {op.key: _observe(op, users, sides) for op in ops}

    dump = os.environ.get("IEI_DEPT_MATRIX_DUMP")
    if dump:
        with open(dump, "w") as fh:
            for key, (line, two_sided) in observed.items():
                if two_sided or key in DEPARTMENT_EXPECTED:
                    fh.write(f'    "{key}": "{line}",\n')

    two_sided_keys = {key for key, (_line, two_sided) in observed.items() if two_sided}
    assert len(two_sided_keys) > 100, "too few routes name a row of both departments: the side walk is broken"
    missing = sorted(two_sided_keys - set(DEPARTMENT_EXPECTED))
    assert not missing, ("routes on a department's rows without an expectation (add them to "
                         "tests/security/department_table.py):\n" + "\n".join(missing))
    stale = sorted(set(DEPARTMENT_EXPECTED) - set(observed))
    assert not stale, "expectations for routes that no longer exist:\n" + "\n".join(stale)

    problems = []
    for op in ops:
        line, two_sided = observed[op.key]
        problems += _universal_problems(op, line, two_sided)
        if op.key in DEPARTMENT_EXPECTED and line != DEPARTMENT_EXPECTED[op.key]:
            problems.append(f"{op.key}\n   expected {DEPARTMENT_EXPECTED[op.key]}\n   observed {line}")
    assert not problems, f"{len(problems)} department access problems:\n" + "\n".join(problems)


def test_department_admin_lists_show_exactly_the_rows_their_detail_shows(department_actors):
    users, sides = department_actors
    gets = {op.route: op for op in api_operations() if op.method == "get"}
    problems, checked = [], 0
    for route, op in gets.items():
        list_route = route.removesuffix("{id}/")
        if op.model is None or list_route == route or list_route not in gets:
            continue
        rows = [pk for pk in department_rows(op.model, sides) if pk is not None]
        for role in DEPT_ROLES:
            ids = _listed_ids(list_route, users[role])
            if ids is None:
                continue
            for pk in rows:
                detail = ask(op, users[role], pk)
                checked += 1
                if (detail == 200) != (pk in ids):
                    problems.append(f"{list_route} as {role}: row {pk} listed={pk in ids}, detail answers {detail}")
    assert checked > 100, "too few list/detail pairs were compared: the walk is broken"
    assert not problems, "lists and details disagree:\n" + "\n".join(problems)


def test_department_admins_manage_their_departments_people_only(department_actors):
    """The people routes (accounts, roles) asked of each department's demo student and of that student's
    role: the walk above picks the administrators' own rows there (not theirs to manage: 403), so these lines
    say what a department administrator does to their department's people and to another's (issue 20)."""
    from accounts.choices import Role
    from accounts.models import Membership, User
    from accounts.policy import access_for

    from .department_table import DEPARTMENT_PEOPLE_EXPECTED

    users, _sides = department_actors
    people = {side: User.objects.get(username=name) for side, name in (("A", "student"), ("B", "student2"))}
    # The demo's department administrators manage their department's people (and never the other's).
    for role, side, other in (("dept_a", "A", "B"), ("dept_b", "B", "A")):
        acc = access_for(users[role])
        assert acc.manages_person(people[side].pk) and not acc.manages_person(people[other].pk)
    rows = {
        User: {side: p.pk for side, p in people.items()},
        Membership: {side: Membership.objects.get(user=p, role=Role.STUDENT).pk for side, p in people.items()},
    }
    ops = [op for op in api_operations() + html_operations() if op.model in rows]
    assert len(ops) > 15, "too few people routes: the walk is broken"
    missing = sorted({op.key for op in ops} - set(DEPARTMENT_PEOPLE_EXPECTED))
    assert not missing, "people routes without an expectation (department_table.py):\n" + "\n".join(missing)
    problems = []
    for op in ops:
        a, b = rows[op.model]["A"], rows[op.model]["B"]
        line = " ".join(f"{role}:{ask(op, users[role], a)}|{ask(op, users[role], b)}" for role in DEPT_ROLES)
        if os.environ.get("IEI_DEPT_MATRIX_DUMP"):
            print(f'    "{op.key}": "{line}",')
        if line != DEPARTMENT_PEOPLE_EXPECTED[op.key]:
            problems.append(f"{op.key}\n   expected {DEPARTMENT_PEOPLE_EXPECTED[op.key]}\n   observed {line}")
        problems += _universal_problems(op, line, two_sided=True)
    assert not problems, f"{len(problems)} people access problems:\n" + "\n".join(problems)
