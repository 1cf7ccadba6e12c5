"""Guards against classes of bug found once (issue 18 item 10): each scan fails the next instance.

- A query-count test that sends a request but never asserts its response status passes on a 403 or a
  404 page, which is cheap to render: every test counting the queries of a request asserts a status.
- A membership tested with ``is_active`` alone still gives a role in a deactivated organisation: the
  rule of a membership in force lives once, in ``Membership.objects.in_force()`` (accounts/models.py).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COUNTERS = {"django_assert_num_queries", "django_assert_max_num_queries", "CaptureQueriesContext"}
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}
# Django's and pytest-django's assertions that check the status themselves.
STATUS_ASSERTIONS = {"assertContains", "assertNotContains", "assertRedirects", "assertTemplateUsed"}


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _looks_like_client(node) -> bool:
    """``client``, ``web``, ``api_admin``, ``self.client``, ``web.login_as(user)``, ``APIClient()``..."""
    if isinstance(node, ast.Call):
        return "client" in _name(node.func).lower() or _name(node.func) in {"login_as", "_client", "_api"}
    name = _name(node).lower()
    return name in {"client", "web", "c", "api", "anon", "browser"} or name.startswith("api") or name.endswith("client")


def _requests(node) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in HTTP_METHODS
        and _looks_like_client(n.func.value)
        for n in ast.walk(node)
    )


def _asserts_status(node) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Assert) and any(isinstance(a, ast.Attribute) and a.attr == "status_code"
                                             for a in ast.walk(n.test)):
            return True
        if isinstance(n, ast.Call) and _name(n.func) in STATUS_ASSERTIONS:
            return True
    return False


def _counted_blocks(func) -> list[ast.With]:
    return [n for n in ast.walk(func) if isinstance(n, ast.With)
            and any(isinstance(i.context_expr, ast.Call) and _name(i.context_expr.func) in COUNTERS for i in n.items)]


def _called_helpers(node, helpers: dict) -> list:
    """Module-level functions of the same file that ``node`` calls, followed transitively."""
    seen, todo = {}, [node]
    while todo:
        for n in ast.walk(todo.pop()):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in helpers \
                    and n.func.id not in seen:
                seen[n.func.id] = helpers[n.func.id]
                todo.append(helpers[n.func.id])
    return list(seen.values())


def _tests(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            yield node


def query_count_offenders(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) of each test that counts the queries of a request and never asserts a status."""
    helpers = {n.name: n for n in getattr(tree, "body", []) if isinstance(n, ast.FunctionDef)
               and not n.name.startswith("test")}
    found = []
    for test in _tests(tree):
        blocks = _counted_blocks(test)
        if not blocks:
            continue
        helpers_used = _called_helpers(test, helpers)
        counted_requests = any(_requests(b) or any(_requests(h) for h in _called_helpers(b, helpers))
                               for b in blocks)
        if not counted_requests:
            continue  # it counts the queries of a service or a query, not of a request
        if not (_asserts_status(test) or any(_asserts_status(h) for h in helpers_used)):
            found.append((test.lineno, test.name))
    return found


def _test_files():
    yield from sorted((ROOT / "tests").rglob("*.py"))


def test_every_query_count_test_asserts_the_response_status():
    offenders = []
    for path in _test_files():
        for line, name in query_count_offenders(ast.parse(path.read_text(), filename=str(path))):
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not offenders, (
        "query-count tests that never assert the response status (a 403 or 404 would pass):\n" + "\n".join(offenders)
    )


def test_the_query_count_scan_sees_what_it_looks_for():
    source = '''
def _get(client, url):
    r = client.get(url)
    assert r.status_code == 200
    return r

def test_unchecked(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        html = client.get("/x/").content.decode()
    assert "x" in html

def test_checked(api_admin, django_assert_num_queries):
    with django_assert_num_queries(3):
        r = api_admin.get("/api/v1/x/")
    assert r.status_code == 200

def test_checked_by_a_helper(client, django_assert_num_queries):
    with django_assert_num_queries(3):
        _get(client, "/x/")

def test_a_service(django_assert_num_queries):
    with django_assert_num_queries(1):
        compute()

def test_captured(web, user):
    with CaptureQueriesContext(connection):
        web.login_as(user).get("/x/")
'''
    assert [name for _line, name in query_count_offenders(ast.parse(source))] == ["test_unchecked", "test_captured"]


# --- memberships in force -----------------------------------------------------------------------

# ``memberships__is_active=True`` / ``membership__is_active`` in a lookup, or a Membership queryset filtered
# on ``is_active`` directly: both forget the organisation's own ``is_active``.
LOOKUP = re.compile(r"memberships?__is_active")
NOT_APPS = {"tests", "bench", "scripts", "build", "var", "static", "staticfiles", "templates", "locale", "docs"}


def _platform_modules():
    for package in sorted(p for p in ROOT.iterdir() if (p / "__init__.py").exists()):
        if package.name in NOT_APPS or package.name.startswith("."):
            continue
        for path in sorted(package.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _membership_filters(tree: ast.AST) -> list[int]:
    """Lines of ``Membership.objects.filter(..., is_active=...)`` (also ``.exclude``/``.get``), and of a
    related manager ``<x>.memberships.filter(is_active=...)``."""
    lines = []
    for n in ast.walk(tree):
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                and n.func.attr in {"filter", "exclude", "get", "update"}):
            continue
        if not any(k.arg == "is_active" for k in n.keywords):
            continue
        chain = ast.unparse(n.func.value)
        if "Membership.objects" in chain or re.search(r"\bmemberships\b", chain):
            lines.append(n.lineno)
    return lines


def membership_offenders(path: Path, source: str) -> list[str]:
    rel = path.relative_to(ROOT).as_posix() if path.is_absolute() else path.as_posix()
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        if LOOKUP.search(line):
            found.append(f"{rel}:{number}: {line.strip()}")
    found += [f"{rel}:{number}: {source.splitlines()[number - 1].strip()}"
              for number in _membership_filters(ast.parse(source))]
    found = sorted(set(found), key=lambda f: int(f.split(":")[1]))
    if rel == "accounts/models.py":
        # The one place the rule is written: MembershipQuerySet.in_force().
        found = [f for f in found if "is_active=True, organization__is_active=True" not in f]
    return found


def test_memberships_are_tested_in_force_not_by_is_active_alone():
    offenders = []
    for path in _platform_modules():
        offenders += membership_offenders(path, path.read_text())
    assert not offenders, (
        "use Membership.objects.in_force() (active membership of an active organisation), not is_active alone:\n"
        + "\n".join(offenders)
    )


def test_the_membership_scan_sees_what_it_looks_for():
    source = (
        "a = User.objects.filter(memberships__is_active=True)\n"
        "b = Membership.objects.filter(user=u, is_active=True)\n"
        "c = user.memberships.filter(is_active=True, role='x')\n"
        "d = Membership.objects.in_force().filter(user=u)\n"
        "e = Organization.objects.filter(is_active=True)\n"
    )
    found = membership_offenders(Path("someapp/x.py"), source)
    assert [f.split(":")[1] for f in found] == ["1", "2", "3"]
