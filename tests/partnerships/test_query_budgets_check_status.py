"""A query budget measured on a refused request proves nothing (a 403 is cheap): every request made inside a
``django_assert_*num_queries`` block of these tests has its status code asserted (issue 18 item 10)."""
import ast
from pathlib import Path

HERE = Path(__file__).parent
BUDGETS = {"django_assert_num_queries", "django_assert_max_num_queries"}
REQUESTS = {"get", "post", "put", "patch", "delete"}


def _is_budget(item: ast.withitem) -> bool:
    call = item.context_expr
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in BUDGETS


def _is_request(node) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in REQUESTS
            and not (isinstance(node.func.value, ast.Name) and node.func.value.id in {"dict", "os"}))


def unchecked_requests(source: str, filename: str = "<test>") -> list[str]:
    """``file:line`` of each request in a query budget whose status code is never asserted."""
    tree = ast.parse(source)
    problems = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        checked_names = {n.value.id for n in ast.walk(func)
                         if isinstance(n, ast.Attribute) and n.attr == "status_code" and isinstance(n.value, ast.Name)}
        for block in ast.walk(func):
            if not (isinstance(block, ast.With) and any(_is_budget(i) for i in block.items)):
                continue
            for stmt in block.body:
                for call in (n for n in ast.walk(stmt) if _is_request(n)):
                    asserted = isinstance(stmt, ast.Assert) and any(
                        isinstance(n, ast.Attribute) and n.attr == "status_code" for n in ast.walk(stmt))
                    named = (isinstance(stmt, ast.Assign) and stmt.value is call
                             and all(isinstance(t, ast.Name) and t.id in checked_names for t in stmt.targets))
                    if not (asserted or named):
                        problems.append(f"{filename}:{call.lineno}")
    return problems


def test_the_guard_finds_an_unchecked_budget():
    bad = (
        "def test_x(c, django_assert_max_num_queries):\n"
        "    with django_assert_max_num_queries(5):\n"
        "        c.get('/a/')\n"
        "    with django_assert_max_num_queries(5):\n"
        "        r = c.get('/b/')\n"
        "    assert r.json()['count'] == 1\n"
    )
    assert unchecked_requests(bad) == ["<test>:3", "<test>:5"]
    good = (
        "def test_y(c, django_assert_max_num_queries):\n"
        "    with django_assert_max_num_queries(5):\n"
        "        assert c.get('/a/').status_code == 200\n"
        "    with django_assert_max_num_queries(5):\n"
        "        r = c.get('/b/')\n"
        "    assert r.status_code == 200\n"
    )
    assert unchecked_requests(good) == []


def test_every_query_budget_of_these_tests_checks_the_status():
    problems = []
    for path in sorted(HERE.glob("test_*.py")):
        problems += unchecked_requests(path.read_text(), path.name)
    assert problems == []
