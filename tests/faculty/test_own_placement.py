"""Issue 18 item 7: a teacher cannot confirm their own industry placement.

Only the host enterprise confirms: its own users in the platform, or the contact it registered on its
partner profile through a one-time link. The link never goes to an address the teacher typed, and a
teacher (or anyone signed in who is not of the host enterprise) opening a confirmation is refused.
"""
import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import Membership
from core.signed_links import make_link_token
from faculty import services
from faculty.choices import PlacementStatus
from faculty.models import TeacherPlacement
from faculty.tasks import send_placement_confirmation_link
from tests.faculty.factories import TeacherPlacementFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/teacher-placements/"


@pytest.fixture
def profile(teacher):
    return services.teacher_profile_ensure(user=teacher)


@pytest.fixture
def registered(enterprise_org):
    """The host enterprise registered its contact on its partner profile."""
    host = enterprise_org.enterprise
    host.contact_name, host.contact_email = "钱制片", "qian@studio.example.cn"
    host.save()
    return host


@pytest.fixture
def submitted(profile, enterprise_org, registered):
    p = TeacherPlacementFactory(teacher=profile, host=enterprise_org)
    return services.placement_submit(placement=p, by=profile.user)


def _link(placement) -> str:
    return reverse("faculty:placement_link", args=[services.placement_link_token(placement)])


class TestInThePlatform:
    def test_teacher_who_is_also_staff_of_the_host_cannot_confirm_own(self, teacher, enterprise_org, submitted, web):
        Membership.objects.create(user=teacher, organization=enterprise_org, role=Role.ENTERPRISE)
        teacher.__dict__.pop("_iei_access", None)
        api = APIClient()
        api.force_authenticate(user=teacher)
        assert api.post(f"{URL}{submitted.pk}/confirm/").status_code == 403
        assert api.post(f"{URL}{submitted.pk}/return/", {"reason": "x"}).status_code == 403
        assert web.login_as(teacher).post(
            reverse("faculty:placement_action", args=[submitted.pk, "confirm"])).status_code == 403
        with pytest.raises(services.NotTheHost):
            services.placement_confirm(placement=submitted, by=teacher)
        submitted.refresh_from_db()
        assert submitted.status == PlacementStatus.SUBMITTED

    def test_only_users_of_the_host_confirm(self, submitted, other_enterprise_user, admin_user, enterprise_user):
        for user in (other_enterprise_user, admin_user):
            with pytest.raises(services.NotTheHost):
                services.placement_confirm(placement=submitted, by=user)
        services.placement_confirm(placement=submitted, by=enterprise_user)
        assert submitted.status == PlacementStatus.CONFIRMED and submitted.confirmed_by == enterprise_user


class TestTheLinkGoesToTheHostsContact:
    def test_teacher_cannot_name_the_address(self, api_teacher, enterprise_org, registered):
        r = api_teacher.post(URL, {"host": enterprise_org.pk, "start_date": "2025-07-01", "end_date": "2025-07-31",
                                   "days": 20, "role": "剪辑师", "contact_name": "我自己",
                                   "contact_email": "me@teacher.example.cn"})
        assert r.status_code == 201
        assert r.json()["contact_email"] == "" and r.json()["contact_name"] == ""
        pk = r.json()["id"]
        r = api_teacher.post(f"{URL}{pk}/submit/")
        assert r.status_code == 200
        assert r.json()["contact_email"] == "qian@studio.example.cn" and r.json()["contact_name"] == "钱制片"
        assert send_placement_confirmation_link(pk) is True
        assert [m.to for m in mail.outbox] == [["qian@studio.example.cn"]]

    def test_the_placement_form_has_no_contact_fields(self, web, teacher):
        page = web.login_as(teacher).get(reverse("faculty:placement_create")).content.decode()
        assert 'name="contact_email"' not in page and 'name="contact_name"' not in page

    def test_no_link_when_the_host_registered_none_or_the_teachers_own(self, profile, enterprise_org, teacher):
        p = services.placement_submit(placement=TeacherPlacementFactory(teacher=profile, host=enterprise_org),
                                      by=teacher)
        assert p.contact_email == "" and send_placement_confirmation_link(p.pk) is False
        host = enterprise_org.enterprise
        host.contact_email = teacher.email.upper()
        host.save()
        services.placement_return(placement=p, reason="补充材料")
        p = services.placement_submit(placement=p, by=teacher)
        assert p.contact_email == "" and send_placement_confirmation_link(p.pk) is False
        assert mail.outbox == []


class TestOpeningAConfirmation:
    def test_teacher_opening_their_confirmation_is_refused(self, web, teacher, submitted):
        path = _link(submitted)
        c = web.login_as(teacher)
        assert c.get(path).status_code == 403
        assert c.post(path, {"name": "钱制片", "answer": "confirm"}).status_code == 403
        submitted.refresh_from_db()
        assert submitted.status == PlacementStatus.SUBMITTED
        # the refusal did not spend the link: the host's contact can still answer
        c.logout()
        assert c.post(path, {"name": "钱制片", "answer": "confirm"}).status_code == 200
        submitted.refresh_from_db()
        assert submitted.status == PlacementStatus.CONFIRMED and submitted.confirmed_by is None

    @pytest.mark.parametrize("who", ["other_enterprise_user", "admin_user", "teacher2", "student"])
    def test_anyone_signed_in_not_of_the_host_is_refused(self, web, submitted, who, request):
        c = web.login_as(request.getfixturevalue(who))
        path = _link(submitted)
        assert c.get(path).status_code == 403
        assert c.post(path, {"name": "x", "answer": "confirm"}).status_code == 403
        submitted.refresh_from_db()
        assert submitted.status == PlacementStatus.SUBMITTED

    def test_a_user_of_the_host_answers_in_their_own_name(self, web, enterprise_user, submitted):
        c = web.login_as(enterprise_user)
        path = _link(submitted)
        assert c.get(path).status_code == 200
        assert c.post(path, {"name": "赵经理", "answer": "confirm"}).status_code == 200
        submitted.refresh_from_db()
        assert submitted.status == PlacementStatus.CONFIRMED and submitted.confirmed_by == enterprise_user

    def test_links_made_for_a_typed_address_no_longer_work(self, client, submitted):
        old = make_link_token("faculty.placement.confirm", submitted.pk)
        assert client.get(reverse("faculty:placement_link", args=[old])).status_code == 403


def test_migration_forgets_typed_contacts_of_unanswered_placements(profile, enterprise_org):
    migration = importlib.import_module("faculty.migrations.0003_placement_contact_from_host")
    waiting = TeacherPlacementFactory(teacher=profile, host=enterprise_org, status=PlacementStatus.SUBMITTED)
    done = TeacherPlacementFactory(teacher=profile, host=enterprise_org, status=PlacementStatus.CONFIRMED,
                                   start_date=dt.date(2024, 3, 1), end_date=dt.date(2024, 3, 31))
    TeacherPlacement.objects.update(contact_name="我自己", contact_email="me@teacher.example.cn")
    migration.forget_typed_contacts(django_apps, None)
    waiting.refresh_from_db()
    done.refresh_from_db()
    assert (waiting.contact_name, waiting.contact_email) == ("", "")
    assert done.contact_email == "me@teacher.example.cn"
