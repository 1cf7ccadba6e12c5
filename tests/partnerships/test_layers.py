"""Partnerships stands on curriculum, accounts and core only (issue 17 item 4): what it shows of the apps above
it (the enterprise page's panels, the figures of partnership health and commitment fulfilment) comes through
the registry (<app>/panels.py, <app>/metrics.py), never through an import, function-local ones included."""
import ast
from pathlib import Path

import partnerships

ABOVE = ("internships", "faculty", "funding", "attendance", "notifications", "reports")


def _imports(path: Path):
    """Every module an import statement names, function-local ones included, with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno


def test_partnerships_imports_no_app_above_it():
    root = Path(partnerships.__file__).parent
    found = [f"{path.relative_to(root.parent)}:{line} imports {module}"
             for path in sorted(root.rglob("*.py")) if "migrations" not in path.parts
             for module, line in _imports(path) if module.split(".")[0] in ABOVE]
    assert found == []


def test_health_figures_come_from_every_app_through_the_registry(monkeypatch):
    """An app above partnerships adds its numbers by registering ``enterprise_metrics``; a failing one is left out."""
    import datetime as dt
    import types

    from partnerships import selectors

    def broken(org_ids, *, start, end):
        raise RuntimeError("down")

    above, failing = types.ModuleType("above.metrics"), types.ModuleType("failing.metrics")
    above.enterprise_metrics = lambda org_ids, *, start, end: {7: {"interns_hosted": 3}}
    failing.enterprise_metrics = broken
    monkeypatch.setattr(selectors, "app_modules", lambda name: [above, failing])
    got = selectors.collect_metrics([7], start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert got[7]["interns_hosted"] == 3
