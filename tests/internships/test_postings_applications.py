import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from internships import services
from internships.models import Application, Placement, Posting

from .factories import ApplicationFactory, PlacementFactory, PostingFactory, pdf_file, today

pytestmark = pytest.mark.django_db

P = "/api/v1/postings/"
A = "/api/v1/applications/"


def posting_payload(org, **over):
    data = {"enterprise": org.pk, "title": "虚拟拍摄助理", "post": "虚拟制片助理", "slots": 2, "post_staff_count": 15,
            "location": "上海", "stipend_monthly": "3500.00", "start_date": str(today() + datetime.timedelta(days=20)),
            "end_date": str(today() + datetime.timedelta(days=140)), "daily_hours": "8", "weekly_hours": "40"}
    data.update(over)
    return data


# --- postings ---

def test_enterprise_creates_and_publishes_posting(api_enterprise, enterprise_org):
    r = api_enterprise.post(P, posting_payload(enterprise_org), format="json")
    assert r.status_code == 201, r.data
    assert r.data["status"] == "draft"
    r = api_enterprise.post(f"{P}{r.data['id']}/publish/")
    assert r.status_code == 200 and r.data["status"] == "published"


def test_enterprise_cannot_post_for_another_enterprise(api_enterprise, other_enterprise_org):
    r = api_enterprise.post(P, posting_payload(other_enterprise_org), format="json")
    assert r.status_code == 400 and "enterprise" in r.data["errors"]


def test_student_cannot_create_posting(api_student, enterprise_org):
    assert api_student.post(P, posting_payload(enterprise_org), format="json").status_code == 403


def test_bad_posting_input_is_400(api_enterprise, enterprise_org):
    r = api_enterprise.post(P, posting_payload(enterprise_org, slots=0, stipend_monthly="abc"), format="json")
    assert r.status_code == 400
    r = api_enterprise.post(P, posting_payload(enterprise_org, end_date=str(today())), format="json")
    assert r.status_code == 400 and "end_date" in r.data["errors"]


def test_cross_tenant_posting_is_404(api_other_enterprise, enterprise_org):
    draft = PostingFactory(enterprise=enterprise_org, status="draft")
    assert api_other_enterprise.get(f"{P}{draft.pk}/").status_code == 404
    assert api_other_enterprise.patch(f"{P}{draft.pk}/", {"title": "x"}, format="json").status_code == 404
    assert api_other_enterprise.post(f"{P}{draft.pk}/publish/").status_code == 404


def test_student_sees_published_not_drafts(api_student, enterprise_org):
    pub = PostingFactory(enterprise=enterprise_org)
    draft = PostingFactory(enterprise=enterprise_org, status="draft")
    ids = {row["id"] for row in api_student.get(P).data["results"]}
    assert pub.pk in ids and draft.pk not in ids
    assert api_student.post(f"{P}{pub.pk}/close/").status_code == 403


def test_posting_transitions_refused(api_enterprise, enterprise_org):
    draft = PostingFactory(enterprise=enterprise_org, status="draft")
    assert api_enterprise.post(f"{P}{draft.pk}/close/").status_code == 409
    pub = PostingFactory(enterprise=enterprise_org)
    r = api_enterprise.post(f"{P}{pub.pk}/publish/")
    assert r.status_code == 409 and r.data["code"] == "transition_not_allowed"
    assert api_enterprise.post(f"{P}{pub.pk}/close/").status_code == 200


def test_approval_required_flow(settings, api_enterprise, api_admin, enterprise_org):
    settings.IEI = {**settings.IEI, "POSTING_APPROVAL_REQUIRED": True}
    draft = PostingFactory(enterprise=enterprise_org, status="draft")
    r = api_enterprise.post(f"{P}{draft.pk}/publish/")
    assert r.data["status"] == "pending_approval"
    assert api_enterprise.post(f"{P}{draft.pk}/approve/").status_code == 403
    assert api_admin.post(f"{P}{draft.pk}/approve/").data["status"] == "published"
    assert api_admin.post(f"{P}{draft.pk}/approve/").status_code == 409


@pytest.mark.parametrize("over, fragment", [
    ({"night_shift": True}, "night shifts"),
    ({"overtime": True}, "overtime"),
    ({"daily_hours": 10}, "hours a day"),
    ({"weekly_hours": 48}, "hours a week"),
    ({"end_date_days": 200}, "at most 6 months"),
    ({"slots": 5}, "20%"),
    ({"start_date": None}, "start and end date"),
])
def test_publish_refused_per_compliance_rule(api_enterprise, enterprise_org, over, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    days = over.pop("end_date_days", 120)
    kwargs = {"enterprise": enterprise_org, "status": "draft", **over}
    posting = PostingFactory(**kwargs)
    if posting.start_date:
        posting.end_date = posting.start_date + datetime.timedelta(days=days)
        posting.save()
    r = api_enterprise.post(f"{P}{posting.pk}/publish/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409 and r.data["code"] == "compliance"
    assert fragment in r.data["detail"]
    posting.refresh_from_db()
    assert posting.status == "draft"


def test_enterprise_cap_of_ten_percent(enterprise_org, enterprise_user, student2):
    enterprise_org.enterprise.staff_count = 20  # cap 2 interns
    enterprise_org.enterprise.save()
    posting = PostingFactory(enterprise=enterprise_org, status="draft", slots=2, post_staff_count=100)
    assert services.posting_compliance_issues(posting) == []
    PlacementFactory(enterprise=enterprise_org, student=student2, start_date=posting.start_date,
                     end_date=posting.end_date)
    issues = services.posting_compliance_issues(posting)
    assert len(issues) == 1 and "10%" in issues[0]


# --- applications ---

def test_student_applies_with_cv(api_student, posting, student):
    r = api_student.post(A, {"posting": posting.pk, "note": "喜欢分镜", "cv": pdf_file()}, format="multipart")
    assert r.status_code == 201, r.data
    app = Application.objects.get(pk=r.data["id"])
    assert app.student == student and app.status == "submitted" and app.cv


def test_cv_refused_by_content_and_size(api_student, posting, settings):
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not really a pdf" * 10, content_type="application/pdf")
    r = api_student.post(A, {"posting": posting.pk, "cv": fake}, format="multipart")
    assert r.status_code == 400 and "cv" in r.data["errors"]
    settings.UPLOAD_MAX_BYTES = 50
    r = api_student.post(A, {"posting": posting.pk, "cv": pdf_file()}, format="multipart")
    assert r.status_code == 400 and "cv" in r.data["errors"]


def test_duplicate_and_closed_applications_refused(api_student, posting, enterprise_org):
    assert api_student.post(A, {"posting": posting.pk}, format="multipart").status_code == 201
    r = api_student.post(A, {"posting": posting.pk}, format="multipart")
    assert r.status_code == 409 and r.data["code"] == "duplicate"
    closed = PostingFactory(enterprise=enterprise_org, status="closed")
    assert api_student.post(A, {"posting": closed.pk}, format="multipart").status_code == 409
    late = PostingFactory(enterprise=enterprise_org, application_deadline=today() - datetime.timedelta(days=1))
    assert api_student.post(A, {"posting": late.pk}, format="multipart").status_code == 409
    draft = PostingFactory(enterprise=enterprise_org, status="draft")
    assert api_student.post(A, {"posting": draft.pk}, format="multipart").status_code == 400


def test_enterprise_cannot_apply(api_enterprise, posting):
    assert api_enterprise.post(A, {"posting": posting.pk}, format="multipart").status_code == 403


def test_full_pipeline(api_enterprise, api_student, posting, student):
    app = ApplicationFactory(posting=posting, student=student)
    assert api_enterprise.post(f"{A}{app.pk}/shortlist/").data["status"] == "shortlisted"
    assert api_enterprise.post(f"{A}{app.pk}/offer/").data["status"] == "offered"
    r = api_student.post(f"{A}{app.pk}/accept/")
    assert r.status_code == 200 and r.data["status"] == "accepted"
    placement = Placement.objects.get(application=app)
    assert placement.status == "pending" and placement.enterprise_id == posting.enterprise_id
    posting.refresh_from_db()
    assert posting.accepted_count == 1


@pytest.mark.parametrize("start, action, who, expected", [
    ("submitted", "accept", "student", 409),
    ("offered", "shortlist", "enterprise", 409),
    ("accepted", "withdraw", "student", 409),
    ("rejected", "offer", "enterprise", 409),
    ("declined", "accept", "student", 409),
    ("submitted", "withdraw", "student", 200),
    ("offered", "decline", "student", 200),
    ("shortlisted", "reject", "enterprise", 200),
    ("submitted", "offer", "enterprise", 200),
    ("submitted", "shortlist", "student", 403),
    ("offered", "accept", "enterprise", 403),
])
def test_application_transitions(api_enterprise, api_student, posting, student, start, action, who, expected):
    app = ApplicationFactory(posting=posting, student=student, status=start)
    client = api_student if who == "student" else api_enterprise
    assert client.post(f"{A}{app.pk}/{action}/").status_code == expected


def test_application_scope(api_other_enterprise, api_student2, api_teacher, posting, student):
    app = ApplicationFactory(posting=posting, student=student)
    for client in (api_other_enterprise, api_student2, api_teacher):
        assert client.get(f"{A}{app.pk}/").status_code == 404
    assert api_other_enterprise.post(f"{A}{app.pk}/offer/").status_code == 404


def test_accept_never_exceeds_slots(api_student, api_student2, enterprise_org, student, student2):
    posting = PostingFactory(enterprise=enterprise_org, slots=1)
    a1 = ApplicationFactory(posting=posting, student=student, status="offered")
    a2 = ApplicationFactory(posting=posting, student=student2, status="offered")
    assert api_student.post(f"{A}{a1.pk}/accept/").status_code == 200
    r = api_student2.post(f"{A}{a2.pk}/accept/")
    assert r.status_code == 409 and r.data["code"] == "capacity_exceeded"
    a2.refresh_from_db()
    assert a2.status == "offered"


def test_db_guard_on_accepted_count(posting):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.filter(pk=posting.pk).update(accepted_count=posting.slots + 1)


def test_student_holds_one_current_placement(api_student, enterprise_org, student):
    p1, p2 = PostingFactory(enterprise=enterprise_org), PostingFactory(enterprise=enterprise_org)
    a1 = ApplicationFactory(posting=p1, student=student, status="offered")
    a2 = ApplicationFactory(posting=p2, student=student, status="offered")
    assert api_student.post(f"{A}{a1.pk}/accept/").status_code == 200
    r = api_student.post(f"{A}{a2.pk}/accept/")
    assert r.status_code == 409 and r.data["code"] == "student_placed"
    p2.refresh_from_db()
    assert p2.accepted_count == 0


def test_posting_update_keeps_slots_above_accepted(api_enterprise, posting, student):
    ApplicationFactory(posting=posting, student=student, status="offered")
    services.application_accept(application=Application.objects.get(posting=posting), by=student)
    Posting.objects.filter(pk=posting.pk).update(slots=1)
    r = api_enterprise.patch(f"{P}{posting.pk}/", {"slots": 1, "title": "新标题"}, format="json")
    assert r.status_code == 200
    r = api_enterprise.patch(f"{P}{posting.pk}/", {"slots": 0}, format="json")
    assert r.status_code == 400
