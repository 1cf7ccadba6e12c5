"""Issue 18 item 10 for faculty: translated XLSX headers, memberships in force, query counts that check the
answer. Each rule also has a check that fails when the next piece of code breaks it the same way."""
import ast
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from core.domain import RuleViolation
from faculty import services
from faculty.choices import AwardLevel
from faculty.models import TeacherAward
from tests.faculty.factories import TeacherProfileFactory, TeachingAssignmentFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _header(language: str, assessments) -> list[str]:
    with translation.override(language):
        book = load_workbook(io.BytesIO(services.assessments_xlsx(assessments)))
    return [cell.value for cell in next(book.active.iter_rows(max_row=1))]


def test_every_xlsx_header_is_translated():
    profile = TeacherProfileFactory()
    TeacherAward.objects.create(profile=profile, year=2025, title="奖", level=AwardLevel.COLLEGE,
                                incentive_cny=Decimal("0"))
    rows = services.assessment_compute(year=2025, profiles=[profile])
    english, chinese = _header("en", rows), _header("zh-hans", rows)
    assert "Counted placement days" in english and "Training hours" in english
    untranslated = [e for e, z in zip(english, chinese, strict=True) if e == z]
    assert not untranslated, f"XLSX headers without a Chinese translation: {untranslated}"


def test_breakdown_items_are_named_on_the_pages(web, admin_user):
    profile = TeacherProfileFactory()
    TeacherAward.objects.create(profile=profile, year=2025, title="奖", level=AwardLevel.PROVINCIAL)
    services.assessment_compute(year=2025, profiles=[profile])
    page = web.login_as(admin_user).get("/faculty/assessments/?year=2025", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert "placement_days" not in body and "award_provincial" not in body
    assert "Counted placement days" in body and "Awards: Provincial" in body


class TestMembershipInForce:
    def test_a_teacher_of_an_inactive_department_is_no_teacher(self, teacher, department):
        department.is_active = False
        department.save()
        with pytest.raises(RuleViolation):
            services.teacher_profile_ensure(user=teacher)
        with pytest.raises(ValidationError):
            services.teacher_profile_create(user=teacher)

    def test_a_mentor_must_hold_the_teacher_role_in_force(self, teacher, department):
        a = TeachingAssignmentFactory()
        department.is_active = False
        department.save()
        with pytest.raises(ValidationError) as exc:
            services.assignment_update(assignment=a, mentor=teacher)
        assert "mentor" in exc.value.message_dict

    def test_faculty_code_asks_for_memberships_in_force(self):
        offenders = []
        for path in sorted((ROOT / "faculty").rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"Membership\.objects\.(filter|get|exclude)\(", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}")
        assert not offenders, "use Membership.objects.in_force() (active membership in an active organisation): " \
            + ", ".join(offenders)


HTTP = {"get", "post", "put", "patch", "delete"}


def _is_request(node) -> bool:
    """A call such as ``api_admin.get(...)`` or ``client.post(...)``: a request of a test client."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in HTTP
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id.startswith("api") or node.func.value.id in {"client", "c", "a", "t", "e"}))


def _checks_status(nodes) -> bool:
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute) and sub.attr == "status_code":
                return True
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "ok":
                return True
    return False


def test_query_count_blocks_check_the_answer():
    """A query count measured on a 403 or a 404 proves nothing: each measured request checks its status."""
    offenders = []
    for path in sorted((ROOT / "tests" / "faculty").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.With):
                continue
            counting = any(isinstance(item.context_expr, ast.Call) and isinstance(item.context_expr.func, ast.Name)
                           and item.context_expr.func.id.startswith("django_assert") for item in node.items)
            if not counting:
                continue
            requests = [sub for stmt in node.body for sub in ast.walk(stmt) if _is_request(sub)]
            if requests and not _checks_status(node.body):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, f"query-count blocks that never check the response status: {offenders}"
