"""Funding stands on curriculum, accounts and core only; what it needs of other apps comes through the registry."""
import ast
from pathlib import Path

import funding

FORBIDDEN = ("internships", "partnerships", "faculty", "notifications", "reports")


def _imports(path: Path):
    """Every module an import statement names, function-local ones included, with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno


def test_funding_imports_no_sibling_or_host_app():
    root = Path(funding.__file__).parent
    found = [f"{path.relative_to(root.parent)}:{line} imports {module}"
             for path in sorted(root.rglob("*.py")) if "migrations" not in path.parts
             for module, line in _imports(path) if module.split(".")[0] in FORBIDDEN]
    assert found == []


def test_the_demo_reaches_partner_records_through_relations(db):
    """The seed certifies an enterprise's profile and links the off-campus base to its agreement without
    importing partnerships: the organisation's profile and the base's agreement field lead there."""
    from accounts import demo as accounts_demo
    from accounts.demo import DemoContext
    from funding import demo
    from funding.models import TrainingBase
    from tests.partnerships.factories import AgreementFactory, EnterpriseFactory

    ctx = DemoContext(password="x-Secret-123")
    accounts_demo.seed(ctx)
    first, host = ctx.enterprises[0], ctx.enterprises[2]
    profile = EnterpriseFactory(organization=first)
    agreement = AgreementFactory(college=ctx.college, parties=[host])
    demo.seed(ctx)
    assert type(profile).objects.get(pk=profile.pk).is_certified_iei
    assert TrainingBase.objects.get(host=host).agreement == agreement
