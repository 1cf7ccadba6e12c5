"""The apps as a stack: the import contract of pyproject.toml holds, function-local imports included."""
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["config", "core", "accounts", "curriculum", "partnerships", "internships", "faculty", "funding",
            "attendance", "notifications", "reports", "integrations"]


def test_function_local_imports_are_seen_by_the_contract():
    # core.events imports core.tasks inside dispatch() only; the graph the contract checks must see it,
    # or a cycle could hide inside a function.
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert "core.tasks" in graph.find_modules_directly_imported_by("core.events")


def test_the_import_contract_is_kept():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:  # pragma: no cover - the message says which import broke which layer
        tail = result.stdout[result.stdout.find("Broken contracts"):]
        raise AssertionError(tail or result.stdout + result.stderr)
