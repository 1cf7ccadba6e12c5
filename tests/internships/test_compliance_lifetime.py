"""Issue 18 item 4: the internship rules hold for a record's whole life, not only when it is published or starts.

Each path that could break a rule after the check at publication or start (an edit of a posting, of an
active placement's hours, night shifts, overtime or end date, an enterprise's staff count) is refused
with the rule's message, or, for the rules the college may allow, needs a college admin's recorded
reason, shown on the compliance page. The kept status of each current placement follows its inputs.
"""
import datetime

import pytest
from django.contrib.admin.sites import site
from django.utils import translation

from accounts.choices import Role
from core import events
from core.events import subscribe
from internships import services
from internships.admin import PlacementAdmin, PostingAdmin
from internships.models import ComplianceException, Placement, Posting
from partnerships import services as partnerships_services
from tests.accounts.factories import make_member

from .factories import ApplicationFactory, PlacementFactory, PostingFactory, today

pytestmark = pytest.mark.django_db

P = "/api/v1/postings/"
PL = "/api/v1/placements/"
EN = "/api/v1/enterprises/"
EN_LANG = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _set_staff(org, n):
    """Write the staff count behind the services' back (the state an older release could leave)."""
    org.enterprise.__class__.objects.filter(pk=org.pk).update(staff_count=n)


# --- postings ---

def test_published_posting_edit_that_breaks_a_rule_is_refused(api_enterprise, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org)
    for change, fragment in [({"night_shift": True}, "night shifts"), ({"overtime": True}, "overtime"),
                             ({"daily_hours": "9"}, "8 hours a day"), ({"weekly_hours": "44"}, "40 hours a week"),
                             ({"end_date": str(posting.start_date + datetime.timedelta(days=250))}, "6 months")]:
        r = api_enterprise.patch(f"{P}{posting.pk}/", change, format="json", **EN_LANG)
        assert r.status_code == 409 and fragment in r.data["detail"], change
    posting.refresh_from_db()
    assert (posting.night_shift, posting.overtime) == (False, False)


def test_posting_edit_counts_its_own_interns_once(api_enterprise, enterprise_org, department):
    """The posting's accepted interns sit within its slots: a compliant edit is not refused for them."""
    _set_staff(enterprise_org, 30)  # cap 3
    posting = PostingFactory(enterprise=enterprise_org, slots=2)
    for i in range(2):
        student = make_member(Role.STUDENT, department, username=f"own{i}")
        services.application_accept(application=ApplicationFactory(posting=posting, student=student,
                                                                   status="offered"), by=student)
    r = api_enterprise.patch(f"{P}{posting.pk}/", {"title": "AIGC 分镜实习生（春季）"}, format="json", **EN_LANG)
    assert r.status_code == 200, r.data  # 2 placed by this posting + its 2 slots would have been 4 > 3
    r = api_enterprise.patch(f"{P}{posting.pk}/", {"slots": 4}, format="json", **EN_LANG)
    assert r.status_code == 409 and "10%" in r.data["detail"]


def test_admin_site_cannot_bypass_the_rules(rf, admin_user, enterprise_org, placement):
    request = rf.get("/")
    request.user = admin_user
    published = PostingFactory(enterprise=enterprise_org)
    draft = PostingFactory(enterprise=enterprise_org, status="draft")
    posting_admin = PostingAdmin(Posting, site)
    frozen = set(posting_admin.get_readonly_fields(request, published))
    assert {"night_shift", "overtime", "end_date", "slots"} <= frozen
    assert "night_shift" not in posting_admin.get_readonly_fields(request, draft)
    placement_admin = PlacementAdmin(Placement, site)
    assert {"night_shift", "overtime", "daily_hours", "weekly_hours", "end_date", "agreement_file"} <= set(
        placement_admin.get_readonly_fields(request, placement))


# --- placements ---

@pytest.mark.parametrize("change, fragment", [
    ({"night_shift": True}, "night shifts"),
    ({"overtime": True}, "overtime"),
    ({"daily_hours": "10"}, "8 hours a day"),
    ({"weekly_hours": "50"}, "40 hours a week"),
    ({"agreement_signed_on": None}, "tripartite agreement"),
])
def test_active_placement_edit_that_breaks_a_hard_rule_is_refused(api_admin, api_enterprise, active_placement,
                                                                  change, fragment):
    for client in (api_enterprise, api_admin):
        r = client.patch(f"{PL}{active_placement.pk}/", {**change, "exception_reason": "企业要求"}, format="json",
                         **EN_LANG)
        assert r.status_code == 409 and fragment in r.data["detail"], r.data
        assert r.data["code"] == "compliance"
    fresh = Placement.objects.get(pk=active_placement.pk)
    assert (fresh.night_shift, fresh.overtime, fresh.daily_hours, fresh.weekly_hours) == (False, False, 8, 40)
    assert not ComplianceException.objects.exists()


def test_pending_placement_keeps_its_terms(api_enterprise, placement):
    r = api_enterprise.patch(f"{PL}{placement.pk}/", {"night_shift": True}, format="json", **EN_LANG)
    assert r.status_code == 409 and "night shifts" in r.data["detail"]
    # what it lacks before the start is no breach yet: the enterprise may still clear the agreement
    assert api_enterprise.patch(f"{PL}{placement.pk}/", {"insurer": ""}, format="json").status_code == 200


def test_longer_end_date_needs_a_college_admins_reason(api_admin, api_enterprise, web, admin_user,
                                                       active_placement):
    url = f"{PL}{active_placement.pk}/"
    longer = str(active_placement.start_date + datetime.timedelta(days=240))
    r = api_enterprise.patch(url, {"end_date": longer, "insurance_end": longer}, format="json", **EN_LANG)
    assert r.status_code == 409 and "6 months" in r.data["detail"] and "college" in r.data["detail"]
    assert r.data["code"] == "compliance_exception_needed"
    r = api_admin.patch(url, {"end_date": longer, "insurance_end": longer}, format="json", **EN_LANG)
    assert r.status_code == 409 and "reason" in r.data["detail"]
    assert Placement.objects.get(pk=active_placement.pk).end_date != datetime.date.fromisoformat(longer)
    r = api_admin.patch(url, {"end_date": longer, "insurance_end": longer,
                              "exception_reason": "企业项目延期，学院同意延长两个月"}, format="json")
    assert r.status_code == 200, r.data
    assert r.data["compliance_ok"] is True and r.data["rules_in_breach"] == []
    exception = ComplianceException.objects.get(placement=active_placement)
    assert (exception.rule, exception.granted_by, exception.reason) == ("duration", admin_user,
                                                                       "企业项目延期，学院同意延长两个月")
    assert "end_date" in exception.change and "6" in exception.message
    detail = api_admin.get(url).data
    assert detail["compliance_issues"] == [] and detail["compliance_exceptions"][0]["rule"] == "duration"
    # the exception shows where the college looks
    page = web.login_as(admin_user).get("/internships/compliance/")
    assert page.status_code == 200 and "企业项目延期，学院同意延长两个月" in page.content.decode()
    assert page.context["figures"]["excepted"] == 1 and page.context["figures"]["breach"] == 0
    listed = api_admin.get(PL, {"compliance": "exception"}).data["results"]
    assert [row["id"] for row in listed] == [active_placement.pk]
    # an edit of an unrelated field needs no new reason; a further extension does
    assert api_enterprise.patch(url, {"enterprise_mentor_name": "周导"}, format="json").status_code == 200
    further = str(active_placement.start_date + datetime.timedelta(days=260))
    assert api_admin.patch(url, {"end_date": further, "insurance_end": further},
                           format="json").status_code == 409


def test_extending_past_the_enterprise_cap_is_an_exception_too(api_admin, enterprise_org, active_placement,
                                                               student2):
    _set_staff(enterprise_org, 10)  # cap 1
    later = active_placement.end_date + datetime.timedelta(days=10)
    PlacementFactory(enterprise=enterprise_org, student=student2, status="active", start_date=later,
                     end_date=later + datetime.timedelta(days=60))
    url = f"{PL}{active_placement.pk}/"
    overlap = str(later + datetime.timedelta(days=5))
    r = api_admin.patch(url, {"end_date": overlap, "insurance_end": overlap}, format="json", **EN_LANG)
    assert r.status_code == 409 and "10%" in r.data["detail"]


# --- enterprises ---

def test_staff_drop_below_the_interns_is_refused_or_needs_a_reason(api_enterprise, api_admin, admin_user, department,
                                                                   enterprise_org, active_placement, student2):
    PlacementFactory(enterprise=enterprise_org, student=student2, status="active",
                     start_date=active_placement.start_date, end_date=active_placement.end_date)
    url = f"{EN}{enterprise_org.pk}/"
    r = api_enterprise.patch(url, {"staff_count": 10}, format="json", **EN_LANG)  # cap 1 for 2 interns
    assert r.status_code == 409 and "10%" in r.data["detail"] and "college" in r.data["detail"]
    enterprise_org.enterprise.refresh_from_db()
    assert enterprise_org.enterprise.staff_count == 200
    assert api_admin.patch(url, {"staff_count": 10}, format="json").status_code == 409  # no reason
    # a drop that the interns still fit passes without a word
    assert api_enterprise.patch(url, {"staff_count": 25}, format="json").status_code == 200
    r = api_admin.patch(url, {"staff_count": 10, "compliance_reason": "疫情期间裁员，两名实习生留任至结束"},
                        format="json")
    assert r.status_code == 200, r.data
    exceptions = ComplianceException.objects.filter(rule="enterprise_cap")
    assert exceptions.count() == 2 and {e.granted_by for e in exceptions} == {admin_user}
    assert all("staff_count: 25 → 10" in e.change for e in exceptions)
    assert set(Placement.objects.filter(status="active").values_list("compliance_ok", flat=True)) == {True}
    # the exception covers the interns already there, never a new one
    third = PlacementFactory(enterprise=enterprise_org, student=make_member(Role.STUDENT, department, username="third"),
                             start_date=active_placement.start_date, end_date=active_placement.end_date)
    r = api_admin.post(f"{PL}{third.pk}/start/", **EN_LANG)
    assert r.status_code == 409 and "10%" in r.data["detail"]


def test_staff_drop_below_a_published_posting_is_refused(api_admin, enterprise_org):
    PostingFactory(enterprise=enterprise_org, slots=4, title="剪辑实习")
    r = api_admin.patch(f"{EN}{enterprise_org.pk}/", {"staff_count": 30, "compliance_reason": "裁员"},
                        format="json", **EN_LANG)
    assert r.status_code == 409 and "剪辑实习" in r.data["detail"] and "close" in r.data["detail"]
    assert api_admin.patch(f"{EN}{enterprise_org.pk}/", {"staff_count": 40}, format="json").status_code == 200


def test_profile_edits_that_touch_no_rule_pass(enterprise_user, enterprise_org, active_placement):
    _set_staff(enterprise_org, 5)  # already below its interns (an older release): not this edit's doing
    enterprise_org.enterprise.refresh_from_db()
    partnerships_services.enterprise_update(enterprise=enterprise_org.enterprise, by=enterprise_user,
                                            address="北京市朝阳区")


# --- the kept status follows its inputs ---

BREACHES: list = []


def _breached(event) -> None:
    BREACHES.append(event)


@pytest.fixture
def breaches(monkeypatch):
    BREACHES.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("internships.placement.compliance_breached", _breached, inline=True)
    yield BREACHES
    BREACHES.clear()


def test_status_is_recomputed_when_inputs_change(api_admin, api_enterprise, web, admin_user, enterprise_org,
                                                 active_placement, student2, breaches,
                                                 django_capture_on_commit_callbacks):
    other = PlacementFactory(enterprise=enterprise_org, student=student2, status="active",
                             start_date=active_placement.start_date, end_date=active_placement.end_date)
    _set_staff(enterprise_org, 10)  # written behind the services' back: both interns now over the cap
    with django_capture_on_commit_callbacks(execute=True):
        r = api_enterprise.patch(f"{PL}{active_placement.pk}/", {"enterprise_mentor_name": "周导"}, format="json")
    assert r.status_code == 200
    assert r.data["compliance_ok"] is False and r.data["rules_in_breach"] == ["enterprise_cap"]
    other.refresh_from_db()
    assert other.compliance_ok is False and other.compliance_checked_at is not None
    assert {e.object_id for e in breaches} == {active_placement.pk, other.pk}
    page = web.login_as(admin_user).get("/internships/compliance/")
    assert page.status_code == 200 and str(other.student) in page.content.decode()
    assert {row["id"] for row in api_admin.get(PL, {"compliance": "breach"}).data["results"]} == {
        active_placement.pk, other.pk}
    # one intern leaves: the other fits the cap again
    assert api_admin.post(f"{PL}{active_placement.pk}/complete/").status_code == 200
    other.refresh_from_db()
    assert other.compliance_ok is True and other.compliance_issues == []


def test_new_placements_get_their_status(enterprise_org, student, admin_user, teacher):
    placement = services.placement_create_direct(
        by=admin_user, student=student, enterprise=enterprise_org, post="剪辑师", post_staff_count=10,
        start_date=today(), end_date=today() + datetime.timedelta(days=60), school_mentor=teacher)
    placement.refresh_from_db()
    assert placement.compliance_ok is False and set(placement.compliance_issues) == {"agreement", "insurance"}


def test_direct_placement_longer_than_allowed_needs_a_reason(enterprise_org, student, admin_user):
    fields = {"post": "剪辑师", "post_staff_count": 10, "start_date": today(),
              "end_date": today() + datetime.timedelta(days=250)}
    with pytest.raises(services.RuleViolation):
        services.placement_create_direct(by=admin_user, student=student, enterprise=enterprise_org, **fields)
    placement = services.placement_create_direct(by=admin_user, student=student, enterprise=enterprise_org,
                                                 exception_reason="订单班培养方案规定八个月", **fields)
    assert placement.compliance_exceptions.get().rule == "duration"
    # the start honours the exception (and still wants the documents)
    with pytest.raises(services.RuleViolation) as exc, translation.override("en"):
        services.placement_start(placement=placement, by=admin_user)
    assert "months" not in str(exc.value.message) and "agreement" in str(exc.value.message)


def test_compliance_page_is_for_college_admins(web, teacher, enterprise_user):
    for user in (teacher, enterprise_user):
        assert web.login_as(user).get("/internships/compliance/").status_code == 403


def test_placement_page_asks_a_college_admin_for_the_reason(web, admin_user, enterprise_user, active_placement):
    url = f"/internships/placements/{active_placement.pk}/edit/"
    assert 'name="exception_reason"' not in web.login_as(enterprise_user).get(url).content.decode()
    c = web.login_as(admin_user)
    assert 'name="exception_reason"' in c.get(url).content.decode()
    longer = active_placement.start_date + datetime.timedelta(days=240)
    form = {"post": active_placement.post, "post_staff_count": active_placement.post_staff_count,
            "start_date": active_placement.start_date, "end_date": longer, "daily_hours": "8", "weekly_hours": "40",
            "agreement_signed_on": active_placement.agreement_signed_on, "insurer": active_placement.insurer,
            "insurance_policy_no": active_placement.insurance_policy_no,
            "insurance_start": active_placement.insurance_start, "insurance_end": longer,
            "school_mentor": active_placement.school_mentor_id}
    r = c.post(url, form)
    assert r.status_code == 400 and b"errorlist" in r.content
    r = c.post(url, {**form, "exception_reason": "学院批准延长"})
    assert r.status_code == 302
    assert ComplianceException.objects.get(placement=active_placement).reason == "学院批准延长"
    page = c.get(f"/internships/placements/{active_placement.pk}/").content.decode()
    assert "学院批准延长" in page
