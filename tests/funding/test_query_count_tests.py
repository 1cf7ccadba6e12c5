"""A query-count test that never looks at the status would pass on a 403 (few queries, nothing listed)."""
import ast
from pathlib import Path

HERE = Path(__file__).parent
REQUESTS = {"get", "post", "put", "patch", "delete"}


def _counted_blocks(tree):
    """(with-block, the statement after it) for every ``with django_assert_*num_queries(...)``."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if not isinstance(stmts, list):
                continue
            for i, stmt in enumerate(stmts):
                if isinstance(stmt, ast.With) and any(
                        isinstance(item.context_expr, ast.Call) and "num_queries" in ast.unparse(item.context_expr.func)
                        for item in stmt.items):
                    yield stmt, stmts[i + 1] if i + 1 < len(stmts) else None


def _requests(node) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in REQUESTS
               for n in ast.walk(node))


def _checks_status(*nodes) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "status_code"
               for node in nodes if node is not None for n in ast.walk(node))


def test_every_counted_request_checks_its_status():
    unchecked = []
    for path in sorted(HERE.glob("test_*.py")):
        for block, after in _counted_blocks(ast.parse(path.read_text(encoding="utf-8"))):
            if _requests(block) and not _checks_status(block, after):
                unchecked.append(f"{path.name}:{block.lineno}")
    assert unchecked == []
