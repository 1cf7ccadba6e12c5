"""Partner onboarding (issue 20 item 3): signed, expiring, single-use invitations, e-mailed in the invitee's
language, resent and revoked; a partner organisation's administrator invites only into their own
organisation; the enterprise import invites contacts."""
import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from rest_framework.test import APIClient

from accounts import services
from accounts.choices import Role
from accounts.models import Invitation, Membership
from accounts.tasks import send_invitation
from core.signed_links import make_link_token
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
URL = "/api/v1/invitations/"
GOOD = {"username": "qian", "display_name": "钱剪辑", "password": "Studio-Secret-2026",
        "password2": "Studio-Secret-2026", "accept_terms": "on"}


def zh(message: str) -> str:
    """A message as the pages show it (zh-hans, the default language)."""
    with override("zh-hans"):
        return gettext(message)


@pytest.fixture
def org_admin(enterprise_org):
    user = UserFactory(username="ent_admin")
    Membership.objects.create(user=user, organization=enterprise_org, role=Role.ENTERPRISE, is_org_admin=True)
    return user


@pytest.fixture
def api_org_admin(org_admin):
    client = APIClient()
    client.force_authenticate(user=org_admin)
    return client


def _invite(by, org, email="qian@studio.example.cn", **kw) -> Invitation:
    return services.invitation_create(by=by, email=email, organization=org, **kw)


def _link(invitation) -> str:
    """Send the invitation (the task) and return the path of the link in its e-mail."""
    assert send_invitation(invitation.pk) is True
    url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


class TestInviting:
    def test_admin_invites_and_the_mail_is_in_the_invitees_language(self, api_admin, enterprise_org):
        r = api_admin.post(URL, {"email": "anna@studio.example.com", "organization": enterprise_org.pk,
                                 "language": "en", "display_name": "Anna"}, format="json")
        assert r.status_code == 201, r.content
        assert r.json()["status"] == "pending" and r.json()["role"] == "enterprise"
        inv = Invitation.objects.get(pk=r.json()["id"])
        _link(inv)
        message = mail.outbox[-1]
        assert message.to == ["anna@studio.example.com"] and "Invitation to the" in message.subject
        assert "Hello Anna" in message.body


    def test_each_mail_is_rendered_in_its_invitees_language(self, enterprise_org, monkeypatch):
        from django.utils import translation

        import accounts.tasks

        seen = []
        real = accounts.tasks.render_to_string

        def spy(name, context):
            seen.append((name.rsplit("/", 1)[-1], translation.get_language()))
            return real(name, context)

        monkeypatch.setattr(accounts.tasks, "render_to_string", spy)
        with translation.override("en"):
            _link(_invite(None, enterprise_org, email="li@studio.example.cn", language="zh-hans"))
        with translation.override("zh-hans"):
            _link(_invite(None, enterprise_org, email="bo@studio.example.com", language="en"))
        assert seen == [("invitation_subject.txt", "zh-hans"), ("invitation.txt", "zh-hans"),
                        ("invitation_subject.txt", "en"), ("invitation.txt", "en")]

    def test_a_registered_address_is_409(self, api_admin, enterprise_org, teacher):
        r = api_admin.post(URL, {"email": teacher.email.upper(), "organization": enterprise_org.pk}, format="json")
        assert r.status_code == 409 and r.json()["code"] == "already_registered"
        assert not Invitation.objects.exists()

    def test_a_registered_address_is_a_form_error_on_the_page(self, web, admin_user, enterprise_org, teacher):
        r = web.login_as(admin_user).post(reverse("accounts:invitation_create"),
                                          {"email": teacher.email, "organization": enterprise_org.pk,
                                           "language": "zh-hans"})
        assert r.status_code == 400
        assert zh("Someone with this e-mail address already has an account.") in r.content.decode()

    def test_one_waiting_invitation_per_address(self, api_admin, enterprise_org, other_enterprise_org):
        _invite(None, enterprise_org)
        r = api_admin.post(URL, {"email": "QIAN@studio.example.cn", "organization": other_enterprise_org.pk},
                           format="json")
        assert r.status_code == 409 and r.json()["code"] == "invitation_pending"

    def test_an_expired_one_makes_way(self, enterprise_org):
        old = _invite(None, enterprise_org)
        Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        new = _invite(None, enterprise_org)
        old.refresh_from_db()
        assert old.revoked_at is not None and new.status == "pending"

    def test_only_partner_roles_are_invited(self, api_admin, college):
        r = api_admin.post(URL, {"email": "x@example.cn", "organization": college.pk}, format="json")
        assert r.status_code == 400 and "organization" in r.json()["errors"]

    @pytest.mark.parametrize("client", ["api_teacher", "api_student", "api_enterprise"])
    def test_people_who_administer_nothing_cannot_invite(self, request, client, enterprise_org):
        api = request.getfixturevalue(client)
        r = api.post(URL, {"email": "x@example.cn", "organization": enterprise_org.pk}, format="json")
        assert r.status_code == 403


class TestOrgAdmin:
    def test_invites_into_their_own_organisation_only(self, api_org_admin, org_admin, enterprise_org,
                                                      other_enterprise_org):
        r = api_org_admin.post(URL, {"email": "c1@a.example.cn", "organization": enterprise_org.pk}, format="json")
        assert r.status_code == 201
        assert Invitation.objects.get(pk=r.json()["id"]).invited_by == org_admin
        r = api_org_admin.post(URL, {"email": "c2@a.example.cn", "organization": other_enterprise_org.pk},
                               format="json")
        assert r.status_code == 400 and "organization" in r.json()["errors"]
        with pytest.raises(services.RuleViolation):
            _invite(org_admin, other_enterprise_org, email="c3@a.example.cn")

    def test_another_organisations_invitations_are_404(self, api_org_admin, other_enterprise_org, enterprise_org):
        theirs = _invite(None, other_enterprise_org, email="b@b.example.cn")
        mine = _invite(None, enterprise_org, email="a@a.example.cn")
        ids = {row["id"] for row in api_org_admin.get(URL).json()["results"]}
        assert ids == {mine.pk}
        for path in ("", "resend/", "revoke/"):
            method = api_org_admin.get if not path else api_org_admin.post
            assert method(f"{URL}{theirs.pk}/{path}").status_code == 404
        assert api_org_admin.post(f"{URL}{mine.pk}/revoke/").status_code == 200

    def test_invitation_pages(self, web, org_admin, enterprise_org, other_enterprise_org):
        theirs = _invite(None, other_enterprise_org, email="b@b.example.cn")
        web.login_as(org_admin)
        page = web.get(reverse("accounts:invitation_list"))
        assert page.status_code == 200 and "b@b.example.cn" not in page.content.decode()
        form = web.get(reverse("accounts:invitation_create"))
        assert form.status_code == 200 and other_enterprise_org.name not in form.content.decode()
        # the organisation's administrator invites colleagues: the page says so, as the link to it does
        with override("zh-hans"):
            assert f"<h1>{gettext('Invite a colleague')}</h1>" in form.content.decode()
        r = web.post(reverse("accounts:invitation_create"), {"email": "new@a.example.cn",
                                                              "organization": enterprise_org.pk, "language": "en"})
        assert r.status_code == 302 and Invitation.objects.filter(email="new@a.example.cn").exists()
        assert web.post(reverse("accounts:invitation_step", args=[theirs.pk, "revoke"])).status_code == 404


class TestAccepting:
    def test_accepting_creates_the_account_records_the_terms_and_signs_in(self, client, settings, enterprise_org):
        inv = _invite(None, enterprise_org, display_name="钱剪辑", is_org_admin=True)
        path = _link(inv)
        page = client.get(path)
        assert page.status_code == 200 and enterprise_org.name in page.content.decode()
        r = client.post(path, GOOD)
        assert r.status_code == 302 and r.url == reverse("dashboard")
        user = User.objects.get(username="qian")
        assert int(client.session["_auth_user_id"]) == user.pk
        assert user.email == inv.email and user.terms_version == settings.IEI["TERMS_VERSION"]
        m = Membership.objects.get(user=user)
        assert (m.organization_id, m.role, m.is_org_admin) == (enterprise_org.pk, Role.ENTERPRISE, True)
        inv.refresh_from_db()
        assert inv.status == "accepted" and inv.accepted_user == user and inv.terms_version
        assert client.get(reverse("dashboard")).status_code == 200

    def test_a_used_link_says_so(self, client, enterprise_org):
        path = _link(_invite(None, enterprise_org))
        client.post(path, GOOD)
        client.logout()
        r = client.get(path)
        assert r.status_code == 410
        assert zh("This invitation has already been accepted. Sign in instead.") in r.content.decode()
        r = client.post(path, {**GOOD, "username": "other"})
        assert r.status_code == 410 and not User.objects.filter(username="other").exists()

    def test_an_expired_link_says_so(self, client, enterprise_org):
        inv = _invite(None, enterprise_org)
        path = _link(inv)
        Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        r = client.get(path)
        assert r.status_code == 410
        assert zh("This invitation has expired. Ask for a new one.") in r.content.decode()

    def test_a_revoked_link_says_so(self, client, enterprise_org, admin_user):
        inv = _invite(None, enterprise_org)
        path = _link(inv)
        services.invitation_revoke(invitation=inv, by=admin_user)
        r = client.get(path)
        assert r.status_code == 410
        assert zh("This invitation was withdrawn.") in r.content.decode()

    def test_a_resend_kills_the_old_link(self, client, api_admin, enterprise_org):
        inv = _invite(None, enterprise_org)
        old = _link(inv)
        assert api_admin.post(f"{URL}{inv.pk}/resend/").status_code == 200
        new = _link(inv)
        assert old != new
        r = client.get(old)
        assert r.status_code == 410
        assert zh("A newer invitation was sent: open the link in the latest e-mail.") in r.content.decode()
        assert client.get(new).status_code == 200
        assert send_invitation(inv.pk) is False  # sent already: a duplicated task mails nothing

    def test_a_forged_link_is_403_not_500(self, client, enterprise_org):
        assert client.get(reverse("accounts:invitation_accept", args=["forged"])).status_code == 403
        inv = _invite(None, enterprise_org)
        # Signed for the right row but never sent: its digest is not the one in force.
        token = make_link_token(services.INVITATION_PURPOSE, inv.pk)
        assert client.get(reverse("accounts:invitation_accept", args=[token])).status_code == 410

    @pytest.mark.parametrize("change,field", [
        ({"password2": "different-Secret-1"}, "password2"),
        ({"password": "123", "password2": "123"}, "password"),
        ({"accept_terms": ""}, "accept_terms"),
        ({"username": "TEACHER_U"}, "username"),
    ])
    def test_bad_answers_are_form_errors_and_write_nothing(self, client, enterprise_org, teacher, change, field):
        inv = _invite(None, enterprise_org)
        path = _link(inv)
        r = client.post(path, {**GOOD, **change})
        assert r.status_code == 400 and field in r.context["form"].errors
        assert not User.objects.filter(email=inv.email).exists()
        inv.refresh_from_db()
        assert inv.status == "pending"
        assert client.post(path, GOOD).status_code == 302  # the link still works after a refused answer

    def test_terms_not_accepted_says_what_to_do(self, client, enterprise_org):
        path = _link(_invite(None, enterprise_org))
        r = client.post(path, {**GOOD, "accept_terms": ""})
        assert r.status_code == 400
        assert r.context["form"].errors["accept_terms"] == [zh("Accept the terms of the platform to continue.")]

    def test_an_address_registered_since_is_refused(self, client, enterprise_org):
        inv = _invite(None, enterprise_org)
        path = _link(inv)
        UserFactory(email=inv.email.upper())
        r = client.post(path, GOOD)
        assert r.status_code == 400
        assert zh("Someone with this e-mail address already has an account.") in r.content.decode()

    def test_the_terms_page_is_public(self, client, settings):
        r = client.get(reverse("accounts:terms"))
        assert r.status_code == 200 and settings.IEI["TERMS_VERSION"] in r.content.decode()


class TestImport:
    def _post(self, api, text, dry_run):
        upload = SimpleUploadedFile("ents.csv", text.encode("utf-8-sig"), content_type="text/csv")
        return api.post("/api/v1/reports/", {"kind": "import", "target": "enterprises", "source": upload,
                                             "dry_run": dry_run, "language": "en"}, format="multipart")

    def test_the_import_invites_contacts(self, api_admin, teacher, enterprise_org):
        from partnerships.models import Enterprise
        from reports.models import ReportJob
        from reports.services import job_run

        _invite(None, enterprise_org, email="waiting@x.example.cn")
        bad = ("name,segment,staff_count,contact_name,contact_email,contact_language\n"
               f"丙公司,film,10,钱,{teacher.email},en\n"
               "丁公司,film,10,孙,waiting@x.example.cn,\n"
               "戊公司,film,10,周,not-an-address,fr\n")
        job_id = self._post(api_admin, bad, True).json()["id"]
        job_run(job_id)
        errors = {e["row"]: set(e["errors"]) for e in ReportJob.objects.get(pk=job_id).summary["errors"]}
        assert errors == {2: {"contact_email"}, 3: {"contact_email"}, 4: {"contact_email", "contact_language"}}
        assert Invitation.objects.count() == 1  # the dry run wrote nothing

        ok = ("name,segment,staff_count,contact_name,contact_email,contact_language\n"
              "丙公司,film,10,钱经理,qian@bing.example.cn,en\n"
              "丁公司,film,10,,,\n")
        job_id = self._post(api_admin, ok, False).json()["id"]
        job_run(job_id)
        ent = Enterprise.objects.get(organization__name="丙公司")
        assert (ent.contact_name, ent.contact_email) == ("钱经理", "qian@bing.example.cn")
        inv = Invitation.objects.get(email="qian@bing.example.cn")
        assert inv.organization_id == ent.pk and inv.is_org_admin and inv.language == "en"
        assert Invitation.objects.count() == 2
        _link(inv)
        assert mail.outbox[-1].to == ["qian@bing.example.cn"]


class TestQueryCounts:
    def _grow(self, org, n):
        for _ in range(n):
            _invite(None, org, email=f"p{Invitation.objects.count()}@grow.example.cn")

    def test_invitations_api_list(self, api_admin, enterprise_org, django_assert_max_num_queries):
        self._grow(enterprise_org, 2)
        with django_assert_max_num_queries(8) as first:
            assert api_admin.get(URL).status_code == 200
        self._grow(enterprise_org, 10)
        with django_assert_max_num_queries(len(first.captured_queries)):
            assert api_admin.get(URL).status_code == 200

    def test_invitations_page(self, web, org_admin, enterprise_org, django_assert_max_num_queries):
        web.login_as(org_admin)
        self._grow(enterprise_org, 2)
        with django_assert_max_num_queries(14) as first:
            assert web.get(reverse("accounts:invitation_list")).status_code == 200
        self._grow(enterprise_org, 10)
        with django_assert_max_num_queries(len(first.captured_queries)):
            assert web.get(reverse("accounts:invitation_list")).status_code == 200
