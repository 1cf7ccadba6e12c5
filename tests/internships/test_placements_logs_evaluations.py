import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.models import SignedLinkUse
from internships import services
from internships.models import InternEvaluation, Placement, WeeklyLog

from .factories import PlacementFactory, pdf_file, today

pytestmark = pytest.mark.django_db

PL = "/api/v1/placements/"
WL = "/api/v1/weekly-logs/"
EV = "/api/v1/intern-evaluations/"


def test_start_with_documents(api_enterprise, placement):
    r = api_enterprise.post(f"{PL}{placement.pk}/start/")
    assert r.status_code == 200 and r.data["status"] == "active"


@pytest.mark.parametrize("change, fragment", [
    ({"agreement_file": ""}, "tripartite agreement"),
    ({"insurer": ""}, "liability insurance"),
    ({"insurance_end_delta": -10}, "cover the whole placement"),
    ({"night_shift": True}, "night shifts"),
    ({"overtime": True}, "overtime"),
    ({"end_delta": 250}, "at most 6 months"),
])
def test_start_refused_per_rule(api_admin, placement, change, fragment):
    if "insurance_end_delta" in change:
        placement.insurance_end = placement.end_date + datetime.timedelta(days=change.pop("insurance_end_delta"))
    if "end_delta" in change:
        placement.end_date = placement.start_date + datetime.timedelta(days=change.pop("end_delta"))
        placement.insurance_end = placement.end_date
    for k, v in change.items():
        setattr(placement, k, v)
    placement.save()
    r = api_admin.post(f"{PL}{placement.pk}/start/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409 and fragment in r.data["detail"]
    placement.refresh_from_db()
    assert placement.status == "pending"


def test_start_refused_over_caps(api_admin, enterprise_org, placement, student2):
    enterprise_org.enterprise.staff_count = 10  # cap 1 intern
    enterprise_org.enterprise.save()
    PlacementFactory(enterprise=enterprise_org, student=student2, status="active", start_date=placement.start_date,
                     end_date=placement.end_date)
    r = api_admin.post(f"{PL}{placement.pk}/start/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409 and "10%" in r.data["detail"]
    enterprise_org.enterprise.staff_count = 500
    enterprise_org.enterprise.save()
    Placement.objects.filter(pk=placement.pk).update(post_staff_count=5)  # cap 1 on the post, already taken
    r = api_admin.post(f"{PL}{placement.pk}/start/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409 and "20%" in r.data["detail"]


def test_placement_transitions(api_admin, placement):
    assert api_admin.post(f"{PL}{placement.pk}/complete/").status_code == 409
    assert api_admin.post(f"{PL}{placement.pk}/start/").status_code == 200
    assert api_admin.post(f"{PL}{placement.pk}/start/").status_code == 409
    assert api_admin.post(f"{PL}{placement.pk}/complete/").status_code == 200
    assert api_admin.post(f"{PL}{placement.pk}/terminate/", {"reason": "x"}).status_code == 409


def test_only_teacher_or_admin_terminates(api_student, api_enterprise, api_teacher, active_placement):
    url = f"{PL}{active_placement.pk}/terminate/"
    assert api_student.post(url, {"reason": "不想去了"}).status_code == 403
    assert api_enterprise.post(url, {"reason": "项目取消"}).status_code == 403
    assert api_teacher.post(url, {}).status_code == 400
    r = api_teacher.post(url, {"reason": "企业项目停工，学生转岗"})
    assert r.status_code == 200 and r.data["status"] == "terminated"
    assert Placement.history.filter(id=active_placement.pk).count() >= 2


def test_direct_placement_by_admin_only(api_admin, api_enterprise, student, enterprise_org, teacher):
    data = {"student": student.pk, "enterprise": enterprise_org.pk, "post": "剪辑师", "post_staff_count": 10,
            "start_date": str(today()), "end_date": str(today() + datetime.timedelta(days=90)),
            "school_mentor": teacher.pk, "enterprise_mentor_name": "王导", "enterprise_mentor_email": "w@x.cn"}
    assert api_enterprise.post(PL, data, format="json").status_code == 403
    r = api_admin.post(PL, data, format="json")
    assert r.status_code == 201, r.data
    r = api_admin.post(PL, data, format="json")
    assert r.status_code == 409  # one current placement per student
    bad = {**data, "student": teacher.pk}
    assert api_admin.post(PL, bad, format="json").status_code == 400


def test_placement_scope(api_other_enterprise, api_student2, api_teacher2, api_teacher, api_enterprise, placement):
    for client in (api_other_enterprise, api_student2, api_teacher2):
        assert client.get(f"{PL}{placement.pk}/").status_code == 404
    for client in (api_teacher, api_enterprise):
        assert client.get(f"{PL}{placement.pk}/").status_code == 200


def test_enterprise_uploads_agreement(api_enterprise, placement):
    r = api_enterprise.patch(f"{PL}{placement.pk}/", {"agreement_file": pdf_file("a.pdf"), "insurer": "平安"},
                             format="multipart")
    assert r.status_code == 200, r.data
    bad = api_enterprise.patch(f"{PL}{placement.pk}/", {"agreement_file": pdf_file("a.exe").__class__(
        "a.pdf", b"just text", content_type="application/pdf")}, format="multipart")
    assert bad.status_code == 400


# --- weekly logs ---

def test_weekly_log_flow(api_student, api_teacher, api_enterprise, active_placement):
    r = api_student.post(WL, {"placement": active_placement.pk, "week_no": 1, "content": "搭建分镜模板"})
    assert r.status_code == 201, r.data
    log_id = r.data["id"]
    r = api_student.post(WL, {"placement": active_placement.pk, "week_no": 1, "content": "again"})
    assert r.status_code == 409
    assert api_student.post(f"{WL}{log_id}/attach/", {"file": pdf_file("s.pdf")}, format="multipart").status_code \
        == 201
    assert api_student.post(f"{WL}{log_id}/review/", {"grade": "good"}).status_code == 403
    assert api_enterprise.post(f"{WL}{log_id}/comment/", {"comment": "很用心"}).status_code == 200
    assert api_teacher.post(f"{WL}{log_id}/review/", {"grade": "bogus"}).status_code == 400
    r = api_teacher.post(f"{WL}{log_id}/review/", {"grade": "good", "comment": "不错"})
    assert r.status_code == 200 and r.data["status"] == "reviewed"
    assert api_teacher.post(f"{WL}{log_id}/review/", {"grade": "good"}).status_code == 409
    assert api_student.patch(f"{WL}{log_id}/", {"content": "改"}, format="json").status_code == 409


def test_weekly_log_rules(api_student, api_student2, placement, active_placement):
    future = (active_placement.end_date - active_placement.start_date).days // 7
    r = api_student.post(WL, {"placement": active_placement.pk, "week_no": future, "content": "x"})
    assert r.status_code == 400
    r = api_student.post(WL, {"placement": active_placement.pk, "week_no": 99, "content": "x"})
    assert r.status_code == 400
    assert api_student2.post(WL, {"placement": active_placement.pk, "week_no": 1, "content": "x"}).status_code == 400


def test_weekly_log_pending_placement_refused(api_student, placement):
    assert api_student.post(WL, {"placement": placement.pk, "week_no": 1, "content": "x"}).status_code == 409


def test_log_scope_and_late_missing(api_student2, api_other_enterprise, active_placement):
    log = WeeklyLog.objects.create(placement=active_placement, week_no=1, content="x")
    for client in (api_student2, api_other_enterprise):
        assert client.get(f"{WL}{log.pk}/").status_code == 404
    assert log.is_late  # week 1 ended two weeks ago
    assert active_placement.due_weeks() == [1, 2, 3]  # started 21 days ago: three weeks are over
    missing = [w for w in active_placement.due_weeks() if w != 1]
    assert missing == [2, 3]


# --- evaluations ---

SCORES = {"professional_skill": 90, "aigc_tools": 80, "teamwork": 70, "innovation": 60, "attitude": 100}


def test_evaluations_and_final_grade(api_teacher, api_enterprise, api_student, settings, active_placement):
    settings.IEI = {**settings.IEI, "INTERN_EVALUATOR_WEIGHTS": {"enterprise_mentor": "0.6", "school_mentor": "0.4"}}
    r = api_teacher.post(EV, {"placement": active_placement.pk, "stage": "final", **SCORES})
    assert r.status_code == 201 and r.data["evaluator_role"] == "school_mentor"
    # 90*.30 + 80*.25 + 70*.15 + 60*.15 + 100*.15 = 81.50
    assert r.data["score"] == "81.50"
    r = api_enterprise.post(EV, {"placement": active_placement.pk, "stage": "final", **{k: 70 for k in SCORES}})
    assert r.status_code == 201
    active_placement.refresh_from_db()
    assert str(active_placement.final_grade) == "74.60"  # 0.4*81.5 + 0.6*70
    assert api_teacher.post(EV, {"placement": active_placement.pk, "stage": "final", **SCORES}).status_code == 409
    assert api_student.post(EV, {"placement": active_placement.pk, "stage": "final", **SCORES}).status_code == 403
    assert len(api_student.get(EV).data["results"]) == 2


def test_evaluation_bad_input_and_outsiders(api_teacher, api_teacher2, api_other_enterprise, active_placement):
    assert api_teacher.post(EV, {"placement": active_placement.pk, "stage": "final",
                                 **SCORES, "teamwork": 140}).status_code == 400
    assert api_teacher.post(EV, {"placement": active_placement.pk, "stage": "final"}).status_code == 400
    assert api_teacher2.post(EV, {"placement": active_placement.pk, "stage": "final", **SCORES}).status_code == 400
    assert api_other_enterprise.post(EV, {"placement": active_placement.pk, "stage": "final",
                                          **SCORES}).status_code == 400


def test_evaluation_needs_started_placement(api_teacher, placement):
    assert api_teacher.post(EV, {"placement": placement.pk, "stage": "midterm", **SCORES}).status_code == 409


@pytest.fixture
def link_placement(active_placement):
    active_placement.enterprise_mentor_name = "周导演"
    active_placement.enterprise_mentor_email = "zhou@studio.cn"
    active_placement.save()
    return active_placement


def _form(scores=SCORES):
    return {**scores, "comment": "表现优秀", "evaluator_name": "周导演"}


def test_signed_link_evaluation(api_teacher, client, link_placement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = api_teacher.post(f"{PL}{link_placement.pk}/evaluation-link/", {"stage": "midterm"})
    assert r.status_code == 202
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhou@studio.cn"]
    token = mail.outbox[0].body.split("/internships/evaluate/")[1].split("/")[0]
    url = f"/internships/evaluate/{token}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {**_form(), "teamwork": 300}).status_code == 200  # inline error, link not spent
    assert not SignedLinkUse.objects.exists()
    r = client.post(url, _form())
    assert r.status_code == 200
    ev = InternEvaluation.objects.get(placement=link_placement, evaluator_role="enterprise_mentor")
    assert ev.status == "submitted" and ev.evaluator is None and ev.evaluator_name == "周导演"
    assert client.post(url, _form()).status_code == 410  # reused
    assert client.get(url).status_code == 410


def test_forged_and_expired_links_refused(client, link_placement, settings, api_teacher):
    _ev, token = services.evaluation_request_link(placement=link_placement, stage="final", by=None)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(f"/internships/evaluate/{forged}/").status_code == 403
    assert client.post(f"/internships/evaluate/{forged}/", _form()).status_code == 403
    settings.IEI = {**settings.IEI, "SIGNED_LINK_MAX_AGE_DAYS": -1}
    assert client.post(f"/internships/evaluate/{token}/", _form()).status_code == 403
    assert not InternEvaluation.objects.filter(status="submitted").exists()


def test_link_needs_mentor_email(api_teacher, active_placement):
    assert api_teacher.post(f"{PL}{active_placement.pk}/evaluation-link/", {"stage": "final"}).status_code == 400


def test_outcome_and_incident_services(active_placement, admin_user, teacher):
    out = services.outcome_record(student=active_placement.student, by=admin_user, kind="host_enterprise",
                                  placement=active_placement)
    assert out.employer_id == active_placement.enterprise_id
    with pytest.raises(ValidationError):
        services.outcome_record(student=active_placement.student, by=admin_user, kind="host_enterprise")
    inc = services.incident_report(placement=active_placement, by=teacher, occurred_on=today(), severity="minor",
                                   description="搬运灯架时手指轻微划伤", notified="家长、系主任")
    assert inc.history.count() == 1
    with pytest.raises(ValidationError):
        services.incident_report(placement=active_placement, by=teacher, occurred_on=today()
                                 + datetime.timedelta(days=3), severity="minor", description="x")
