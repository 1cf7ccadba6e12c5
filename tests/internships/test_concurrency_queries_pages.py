import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.choices import Role
from internships.metrics import enterprise_metrics
from internships.models import Application, Placement, WeeklyLog
from tests.accounts.factories import make_member

from .factories import ApplicationFactory, PlacementFactory, PostingFactory, pdf_file, today


@pytest.mark.django_db(transaction=True)
def test_parallel_accepts_fill_exactly_the_slots(enterprise_org, department):
    slots, n = 2, 6
    posting = PostingFactory(enterprise=enterprise_org, slots=slots)
    students = [make_member(Role.STUDENT, department, username=f"par{i}") for i in range(n)]
    apps = [ApplicationFactory(posting=posting, student=s, status="offered") for s in students]
    barrier = threading.Barrier(n)
    codes: list[int] = []

    def accept(student, app):
        try:
            c = APIClient()
            c.force_authenticate(student)
            barrier.wait()
            codes.append(c.post(f"/api/v1/applications/{app.pk}/accept/").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(s, a)) for s, a in zip(students, apps, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200] * slots + [409] * (n - slots)
    posting.refresh_from_db()
    assert posting.accepted_count == slots
    assert Application.objects.filter(posting=posting, status="accepted").count() == slots
    assert Placement.objects.filter(posting=posting).count() == slots


# --- query budgets ---

def _grow(enterprise_org, department, teacher, start, count):
    for i in range(start, start + count):
        s = make_member(Role.STUDENT, department, username=f"q{i}")
        posting = PostingFactory(enterprise=enterprise_org)
        ApplicationFactory(posting=posting, student=s, cv=pdf_file())
        p = PlacementFactory(enterprise=enterprise_org, student=s, school_mentor=teacher, status="active")
        log = WeeklyLog.objects.create(placement=p, week_no=1, content="周志")
        log.attachments.create(file=pdf_file("x.pdf"), name="x.pdf")


LIST_URLS = ["/api/v1/postings/", "/api/v1/applications/", "/api/v1/placements/", "/api/v1/weekly-logs/",
             "/api/v1/intern-evaluations/"]
PAGES = ["/internships/postings/", "/internships/applications/", "/internships/placements/", "/internships/logs/"]


@pytest.mark.django_db
def test_api_lists_constant_queries(api_admin, enterprise_org, department, teacher, django_assert_max_num_queries):
    _grow(enterprise_org, department, teacher, 0, 3)
    budgets = {}
    for url in LIST_URLS:
        with django_assert_max_num_queries(50) as ctx:
            assert api_admin.get(url).status_code == 200
        budgets[url] = len(ctx.captured_queries)
    _grow(enterprise_org, department, teacher, 3, 20)
    for url in LIST_URLS:
        with django_assert_max_num_queries(budgets[url]):
            assert api_admin.get(url).status_code == 200


@pytest.mark.django_db
def test_pages_constant_queries(web, admin_user, teacher, enterprise_org, department, django_assert_max_num_queries):
    _grow(enterprise_org, department, teacher, 0, 3)
    budgets = {}
    for user in (admin_user, teacher):
        client = web.login_as(user)
        for url in PAGES:
            with django_assert_max_num_queries(60) as ctx:
                assert client.get(url).status_code in (200, 403)
            budgets[user.pk, url] = len(ctx.captured_queries)
    _grow(enterprise_org, department, teacher, 3, 20)
    for user in (admin_user, teacher):
        client = web.login_as(user)
        for url in PAGES:
            # The session row is touched once more on a later request of the same login; rows add nothing.
            with django_assert_max_num_queries(budgets[user.pk, url] + 1):
                client.get(url)


# --- pages per role ---

@pytest.mark.django_db
def test_enterprise_journey_pages(web, enterprise_user, enterprise_org, student):
    c = web.login_as(enterprise_user)
    assert c.get("/internships/postings/new/").status_code == 200
    data = {"enterprise": enterprise_org.pk, "title": "AIGC 分镜实习生", "post": "分镜师", "slots": 2,
            "post_staff_count": 20, "stipend_monthly": "3000", "daily_hours": "8", "weekly_hours": "40",
            "start_date": str(today()), "end_date": str(today().replace(year=today().year + 1))}
    r = c.post("/internships/postings/new/", {**data, "slots": 0})
    assert r.status_code == 400 and "errorlist" in r.content.decode()  # core.views.FormPage: refused, nothing saved
    r = c.post("/internships/postings/new/", data)
    assert r.status_code == 302
    pk = int(r["Location"].rstrip("/").split("/")[-1])
    r = c.post(f"/internships/postings/{pk}/publish/", follow=True)
    assert b"msg-error" in r.content  # a year is longer than the 6 months the regulations allow
    posting = PostingFactory(enterprise=enterprise_org)
    app = ApplicationFactory(posting=posting, student=student)
    assert str(student) in c.get(f"/internships/postings/{posting.pk}/").content.decode()
    assert c.post(f"/internships/applications/{app.pk}/shortlist/").status_code == 302
    assert c.post(f"/internships/applications/{app.pk}/offer/").status_code == 302
    app.refresh_from_db()
    assert app.status == "offered"
    r = c.post(f"/internships/applications/{app.pk}/offer/", follow=True)
    assert r.status_code == 200 and b"msg-error" in r.content


@pytest.mark.django_db
def test_student_journey_pages(web, student, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org, title="虚拟拍摄助理")
    c = web.login_as(student)
    assert "虚拟拍摄助理" in c.get("/internships/postings/?q=虚拟").content.decode()
    r = c.post(f"/internships/postings/{posting.pk}/apply/", {"note": "想学虚拟制片", "cv": pdf_file()})
    assert r.status_code == 302
    app = Application.objects.get(student=student)
    app.status = "offered"
    app.save()
    assert c.post(f"/internships/applications/{app.pk}/accept/").status_code == 302
    placement = Placement.objects.get(student=student)
    r = c.get("/internships/placements/mine/")
    assert r.status_code == 302 and str(placement.pk) in r["Location"]
    assert c.get(f"/internships/placements/{placement.pk}/").status_code == 200
    Placement.objects.filter(pk=placement.pk).update(status="active", start_date=today())
    r = c.post(f"/internships/placements/{placement.pk}/logs/new/", {"week_no": 1, "content": "熟悉 LED 影棚"})
    assert r.status_code == 302
    assert c.post(f"/internships/placements/{placement.pk}/do/terminate/", {"reason": "x"}).status_code == 403
    assert c.get("/internships/placements/new/").status_code == 403


@pytest.mark.django_db
def test_teacher_reviews_log_page(web, teacher, active_placement):
    log = WeeklyLog.objects.create(placement=active_placement, week_no=1, content="周志内容")
    c = web.login_as(teacher)
    assert "周志内容" not in c.get("/internships/logs/").content.decode()
    assert str(active_placement.student) in c.get("/internships/logs/?status=submitted").content.decode()
    r = c.post(f"/internships/logs/{log.pk}/", {"what": "review", "grade": "", "comment": ""})
    assert r.status_code == 200 and b"errorlist" in r.content
    r = c.post(f"/internships/logs/{log.pk}/", {"what": "review", "grade": "excellent", "comment": "很好"})
    assert r.status_code == 302
    log.refresh_from_db()
    assert log.status == "reviewed"


@pytest.mark.django_db
def test_pages_cross_tenant_and_roles(web, other_enterprise_user, student2, admin_user, placement, posting):
    c = web.login_as(other_enterprise_user)
    assert c.get(f"/internships/placements/{placement.pk}/").status_code == 404
    c = web.login_as(student2)
    assert c.get(f"/internships/placements/{placement.pk}/").status_code == 404
    assert c.get("/internships/enterprises/").status_code == 403
    c = web.login_as(admin_user)
    for url in ("/internships/enterprises/", "/internships/placements/?compliance=missing",
                f"/internships/placements/{placement.pk}/", "/internships/placements/new/",
                f"/internships/postings/{posting.pk}/"):
        assert c.get(url).status_code == 200, url


@pytest.mark.django_db
def test_metrics_and_panels(rf, enterprise_org, other_enterprise_org, student, student2, enterprise_user,
                            other_enterprise_user, django_assert_num_queries):
    PlacementFactory(enterprise=enterprise_org, student=student, status="active")
    PlacementFactory(enterprise=other_enterprise_org, student=student2, status="pending")
    with django_assert_num_queries(1):
        m = enterprise_metrics([enterprise_org.pk, other_enterprise_org.pk], start=today(), end=today())
    assert m == {enterprise_org.pk: {"interns_hosted": 1}, other_enterprise_org.pk: {"interns_hosted": 0}}
    from internships.panels import enterprise_panels

    req = rf.get("/")
    req.user = other_enterprise_user
    cards = enterprise_panels(req, enterprise_org)
    assert [c.value for c in cards] == [0, 0]  # another partner's interns stay hidden
    req.user = enterprise_user
    assert [c.value for c in enterprise_panels(req, enterprise_org)][1] == 1
