"""HTML pages: the teacher records a placement, the host confirms it (in the platform or by e-mail link)."""
import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from core.signed_links import make_link_token
from faculty import services
from faculty.choices import PlacementStatus
from faculty.tasks import send_placement_confirmation_link
from tests.faculty.factories import (
    PartTimeInstructorFactory,
    TeacherPlacementFactory,
    TeacherProfileFactory,
    TeachingAssignmentFactory,
)

pytestmark = pytest.mark.django_db


def test_teacher_records_placement_and_enterprise_confirms(web, teacher, enterprise_user, enterprise_org):
    c = web.login_as(teacher)
    assert c.get(reverse("faculty:portfolio")).status_code == 200
    form_page = c.get(reverse("faculty:placement_create"))
    assert "help" in form_page.content.decode() or form_page.status_code == 200
    bad = c.post(reverse("faculty:placement_create"), {
        "host": enterprise_org.pk, "start_date": "2025-07-01", "end_date": "2025-07-10", "days": 30, "role": "剪辑"})
    assert bad.status_code == 400 and "errorlist" in bad.content.decode()
    r = c.post(reverse("faculty:placement_create"), {
        "host": enterprise_org.pk, "start_date": "2025-07-01", "end_date": "2025-07-31", "days": 22,
        "role": "AIGC 分镜师", "project": "《长安》AI动画短片"}, follow=True)
    placement = r.context["placement"]
    assert placement.status == PlacementStatus.DRAFT
    r = c.post(reverse("faculty:placement_action", args=[placement.pk, "submit"]), follow=True)
    assert any("submitted" in str(m) or "提交" in str(m) for m in r.context["messages"])
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.SUBMITTED

    e = web.login_as(enterprise_user)
    queue = e.get(reverse("faculty:confirmation_queue"))
    assert queue.status_code == 200 and "AIGC 分镜师" in queue.content.decode()
    e.post(reverse("faculty:placement_action", args=[placement.pk, "confirm"]))
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CONFIRMED and placement.confirmed_by == enterprise_user


def test_other_enterprise_gets_404_on_page_and_action(web, other_enterprise_user, enterprise_org):
    p = TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.SUBMITTED)
    c = web.login_as(other_enterprise_user)
    assert c.get(reverse("faculty:placement_detail", args=[p.pk])).status_code == 404
    assert c.post(reverse("faculty:placement_action", args=[p.pk, "confirm"])).status_code == 404


def test_illegal_page_action_shows_message(web, enterprise_user, enterprise_org):
    p = TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.CONFIRMED)
    r = web.login_as(enterprise_user).post(reverse("faculty:placement_action", args=[p.pk, "confirm"]), follow=True)
    assert r.status_code == 200 and [m for m in r.context["messages"] if m.level_tag == "error"]


def test_teacher_cannot_confirm_own_page_403(web, teacher, enterprise_org):
    profile = services.teacher_profile_ensure(user=teacher)
    p = TeacherPlacementFactory(teacher=profile, host=enterprise_org, status=PlacementStatus.SUBMITTED)
    assert web.login_as(teacher).post(reverse("faculty:placement_action", args=[p.pk, "confirm"])).status_code == 403


def test_role_pages(web, teacher, student, enterprise_user, admin_user):
    assert web.login_as(student).get(reverse("faculty:portfolio")).status_code == 403
    assert web.login_as(enterprise_user).get(reverse("faculty:overview")).status_code == 403
    assert web.login_as(teacher).get(reverse("faculty:overview")).status_code == 403
    c = web.login_as(admin_user)
    for name in ("faculty:overview", "faculty:instructors", "faculty:assessments", "faculty:confirmation_queue"):
        assert c.get(reverse(name)).status_code == 200


class TestSignedLink:
    def test_email_link_confirms_once(self, client, enterprise_org):
        # The link goes to the contact the host enterprise registered (issue 18 item 7), copied at submission.
        profile = enterprise_org.enterprise
        profile.contact_name, profile.contact_email = "钱制片", "qian@studio.example.cn"
        profile.save()
        p = TeacherPlacementFactory(host=enterprise_org)
        services.placement_submit(placement=p, by=p.teacher.user)
        assert (p.contact_name, p.contact_email) == ("钱制片", "qian@studio.example.cn")
        assert send_placement_confirmation_link(p.pk) is True
        assert send_placement_confirmation_link(p.pk) is False  # a re-run mails nothing twice
        assert len(mail.outbox) == 1
        url = next(w for w in mail.outbox[0].body.split() if "/faculty/confirm/" in w)
        path = url[url.index("/faculty/"):]
        assert client.get(path).status_code == 200
        r = client.post(path, {"name": "钱制片", "answer": "confirm"})
        assert r.status_code == 200
        p.refresh_from_db()
        assert p.status == PlacementStatus.CONFIRMED and p.confirmed_by_name == "钱制片" and p.confirmed_by is None
        assert client.get(path).status_code == 410
        assert client.post(path, {"name": "钱制片", "answer": "confirm"}).status_code == 410

    def test_link_return_needs_reason(self, client, enterprise_org):
        p = TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.SUBMITTED)
        path = reverse("faculty:placement_link", args=[services.placement_link_token(p)])
        assert client.post(path, {"name": "钱", "answer": "return"}).status_code == 400
        client.post(path, {"name": "钱", "answer": "return", "reason": "实际天数不符"})
        p.refresh_from_db()
        assert p.status == PlacementStatus.RETURNED and p.return_reason == "实际天数不符"

    def test_forged_and_wrong_purpose_links_403(self, client, enterprise_org):
        p = TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.SUBMITTED)
        token = services.placement_link_token(p)
        assert client.get(reverse("faculty:placement_link", args=[token[:-3] + "abc"])).status_code == 403
        other = make_link_token("internships.evaluation", p.pk)
        assert client.get(reverse("faculty:placement_link", args=[other])).status_code == 403

    def test_expired_link_403(self, client, enterprise_org, settings):
        p = TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.SUBMITTED)
        token = services.placement_link_token(p)
        settings.IEI = {**settings.IEI, "SIGNED_LINK_MAX_AGE_DAYS": -1}
        assert client.get(reverse("faculty:placement_link", args=[token])).status_code == 403

    def test_link_on_a_confirmed_placement_409(self, client, enterprise_org):
        p = TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.CONFIRMED)
        path = reverse("faculty:placement_link", args=[services.placement_link_token(p)])
        assert client.post(path, {"name": "钱", "answer": "confirm"}).status_code == 409


class TestPageQueryCounts:
    def _measure(self, client, url, django_assert_max_num_queries, grow):
        with django_assert_max_num_queries(40) as ctx:
            assert client.get(url).status_code == 200
        bound = len(ctx.captured_queries)
        grow()
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200

    def test_confirmation_queue(self, web, enterprise_user, enterprise_org, django_assert_max_num_queries):
        def make(n, offset):
            for i in range(n):
                day = dt.date(2021, 1, 1) + dt.timedelta(days=offset + i)
                TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.SUBMITTED, start_date=day,
                                        end_date=day, days=1)
        make(3, 0)
        self._measure(web.login_as(enterprise_user), reverse("faculty:confirmation_queue"),
                      django_assert_max_num_queries, lambda: make(20, 10))

    def test_overview(self, web, admin_user, django_assert_max_num_queries):
        TeacherProfileFactory.create_batch(3)
        self._measure(web.login_as(admin_user), reverse("faculty:overview"), django_assert_max_num_queries,
                      lambda: TeacherProfileFactory.create_batch(20))

    def test_instructors(self, web, admin_user, django_assert_max_num_queries):
        TeachingAssignmentFactory.create_batch(3)
        self._measure(web.login_as(admin_user), reverse("faculty:instructors"), django_assert_max_num_queries,
                      lambda: TeachingAssignmentFactory.create_batch(20))

    def test_assessments(self, web, admin_user, django_assert_max_num_queries):
        TeacherProfileFactory.create_batch(3)
        services.assessment_compute(year=2025)

        def grow():
            TeacherProfileFactory.create_batch(20)
            services.assessment_compute(year=2025)
        self._measure(web.login_as(admin_user), reverse("faculty:assessments"), django_assert_max_num_queries, grow)

    def test_portfolio(self, web, teacher, enterprise_org, django_assert_max_num_queries):
        profile = services.teacher_profile_ensure(user=teacher)

        def make(n, offset):
            for i in range(n):
                day = dt.date(2022, 1, 1) + dt.timedelta(days=offset + i)
                TeacherPlacementFactory(teacher=profile, host=enterprise_org, start_date=day, end_date=day, days=1)
        make(3, 0)
        self._measure(web.login_as(teacher), reverse("faculty:portfolio"), django_assert_max_num_queries,
                      lambda: make(20, 10))


def test_panels_scoped(rf, enterprise_user, other_enterprise_user, enterprise_org):
    from faculty.panels import enterprise_panels

    TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.CONFIRMED)
    request = rf.get("/")
    request.user = enterprise_user
    [card] = enterprise_panels(request, enterprise_org)
    assert card.value == 1
    request.user = other_enterprise_user
    assert enterprise_panels(request, enterprise_org) == []


def test_dashboard_cards(web, admin_user, enterprise_user, teacher, enterprise_org):
    PartTimeInstructorFactory(enterprise=enterprise_org)
    for user in (admin_user, enterprise_user, teacher):
        assert web.login_as(user).get("/").status_code == 200
