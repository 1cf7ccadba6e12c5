"""Garbage in never yields a 500: every write endpoint answers 400 (or 404/409) to nonsense."""
import pytest

from .factories import CourseFactory, ProgramFactory

pytestmark = pytest.mark.django_db

GARBAGE = [
    {}, {"code": "x" * 500, "name": None, "level": "high", "kind": 7, "category": []},
    {"course": "abc", "competency": -1, "level": 99, "semester": 0, "revised_on": "2026-13-45"},
    {"requirements": "not a list", "competencies": ["x"], "courses": [999999], "owner": "me"},
]


@pytest.mark.parametrize("body", GARBAGE)
def test_collection_posts(api_admin, api_student, api_teacher, body):
    for path in ("competencies", "course-modules", "courses", "job-posts", "competitions", "certificates",
                 "programs"):
        r = api_admin.post(f"/api/v1/{path}/", body, format="json")
        assert r.status_code == 400, (path, r.status_code, r.content)
    r = api_student.post("/api/v1/student-achievements/", body, format="json")
    assert r.status_code == 400
    r = api_teacher.post("/api/v1/course-projects/", body, format="json")
    assert r.status_code in (400, 403)


@pytest.mark.parametrize("body", GARBAGE)
def test_object_actions(api_admin, body):
    p = ProgramFactory()
    c = CourseFactory()
    for path in (f"programs/{p.pk}/goals/", f"programs/{p.pk}/courses/", f"programs/{p.pk}/return/",
                 f"courses/{c.pk}/revisions/", f"courses/{c.pk}/coverage/"):
        r = api_admin.post(f"/api/v1/{path}", body, format="json")
        assert r.status_code in (200, 201, 400, 409), (path, r.status_code, r.content)
    r = api_admin.patch(f"/api/v1/courses/{c.pk}/", body, format="json")
    assert r.status_code in (200, 400)
    r = api_admin.patch(f"/api/v1/programs/{p.pk}/", body, format="json")
    assert r.status_code in (200, 400)
