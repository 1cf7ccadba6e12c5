"""Partner onboarding in the browser (issue 20 item 3): invitations from the pages to a signed-in partner.

A college admin (desktop, zh-hans) invites an enterprise contact as the organisation's administrator
from the users page; the invitee opens the link of the e-mail (the live server runs Celery eagerly in
this process, so the mail is in ``mail.outbox``) on a phone (390 px, English), is refused without the
terms, then sets a password, accepts the terms and lands signed in. The same link then says it was used.
As the organisation's administrator, the newcomer invites a colleague from the dashboard's Colleagues
card, and gets 404 for another organisation's invitation and roles. Further journeys: a link that
expired says so (and a resend replaces it), a revoked one says so. Each phone page is checked for
sideways overflow (``tests/e2e/conftest.py: sideways_overflow``).
"""
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import OrganizationKind, Role
from accounts.models import Invitation, Membership, Organization, User
from partnerships.models import Enterprise

from .conftest import Session, serious_violations, sideways_overflow

NEW_PASSWORD = "Studio-Secret-2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def eager_celery():
    """The invitation e-mail is a Celery task queued after commit: here it runs in the live server's thread."""
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def studio(e2e_server, uniq):
    """A partner enterprise of the demo college with nobody in it yet."""
    org = Organization.objects.create(kind=OrganizationKind.ENTERPRISE, name=f"光影工作室{uniq}",
                                      name_en=f"Lightplay Studio {uniq}")
    Enterprise.objects.create(organization=org, segment="film", staff_count=20)
    return org


def _link_to(email: str) -> str:
    """The path of the invitation link in the last e-mail sent to ``email``."""
    sent = [m for m in mail.outbox if email in m.to]
    assert sent, f"no e-mail to {email}"
    url = re.search(r"https?://\S+/accounts/invite/\S+", sent[-1].body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _no_overflow(s: Session, what: str):
    spills = sideways_overflow(s.page)
    assert not spills, f"{what} at {s.page.viewport_size['width']}px runs off the side: {spills}"


def _phone(open_session, language: str) -> Session:
    s = open_session(language=language)
    s.page.set_viewport_size(PHONE)
    return s


def _invite_on_the_page(s: Session, email: str, name: str, org: Organization | None, *, org_admin: bool = False,
                        language: str = "zh-hans"):
    """Fill and send the invitation form (``org`` None: the only organisation the form offers)."""
    page = s.page
    page.locator("#id_email").fill(email)
    page.locator("#id_display_name").fill(name)
    if org is not None:  # a plain select below LookupSelect.limit partners (the demo's case)
        page.locator("#id_organization").select_option(str(org.pk))
    if org_admin:
        page.locator("#id_is_org_admin").check()
    page.locator("#id_language").select_option(language)
    s.submit()
    s.expect_message(s.t("The invitation was sent."))


def _closed(s: Session, path: str, msgid: str):
    """The link's page answers 410 and says why, with no form to fill."""
    response = s.page.goto(s.base_url + path)
    assert response.status == 410, response.status
    expect(s.page.locator("main .msg-error")).to_have_text(s.t(msgid))
    expect(s.page.locator("input[name=password]")).to_have_count(0)


@pytest.mark.e2e
def test_an_invited_contact_joins_and_invites_a_colleague_of_their_own_organisation(open_session, studio, uniq):
    email = f"lin.{uniq}@studio.example.cn"
    admin = open_session("admin")

    # The college admin: users page -> Invitations -> Invite a partner contact.
    admin.goto("/accounts/users/")
    with admin.page.expect_navigation():
        admin.page.locator("main .actions a", has_text=admin.t("Invitations")).click()
    with admin.page.expect_navigation():
        admin.page.get_by_role("link", name=admin.t("Invite a partner contact")).click()
    _invite_on_the_page(admin, email, "林导演", studio, org_admin=True, language="en")
    row = admin.page.locator("table.data tbody tr", has_text=email)
    expect(row).to_contain_text(admin.t("Pending"))
    admin.screenshot("invitation-list-admin")
    mailed = [m for m in mail.outbox if email in m.to][-1]
    assert "Invitation to the" in mailed.subject  # the e-mail is in the language chosen for the invitee
    link = _link_to(email)

    # The invitee, on a phone, in English.
    lin = _phone(open_session, "en")
    page = lin.goto(link)
    expect(page.locator("h1")).to_have_text(lin.t("Join the platform"))
    expect(page.locator("main")).to_contain_text(studio.name)
    assert serious_violations(page) == []
    _no_overflow(lin, "the invitation page")
    page.locator("#id_username").fill(f"lin{uniq}")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    lin.submit()  # the terms not accepted: the form again, nobody created
    expect(page.locator(".field", has=page.locator("#id_accept_terms")).locator(".errorlist")).to_have_text(
        lin.t("Accept the terms of the platform to continue."))
    assert not User.objects.filter(username=f"lin{uniq}").exists()
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("#id_accept_terms").check()
    lin.submit()
    assert page.url == lin.base_url + "/"
    lin.expect_message(lin.t("Welcome: your account is ready."))
    expect(page.locator(".whoami")).to_contain_text("林导演")
    _no_overflow(lin, "the dashboard")
    lin.screenshot("invitation-accepted-phone")
    user = User.objects.get(username=f"lin{uniq}")
    assert user.terms_accepted_at is not None and user.email == email
    assert Membership.objects.filter(user=user, organization=studio, role=Role.ENTERPRISE, is_org_admin=True).exists()

    # The same link again, in another browser: it was used.
    again = _phone(open_session, "en")
    _closed(again, link, "This invitation has already been accepted. Sign in instead.")
    _no_overflow(again, "the used link's page")

    # The new organisation administrator invites a colleague: dashboard card -> Colleagues -> Invite.
    page = lin.goto("/")
    with page.expect_navigation():
        page.locator("article.card[data-key=org_colleagues] h2 a").click()
    _no_overflow(lin, "the colleagues page")
    with page.expect_navigation():
        page.get_by_role("link", name=lin.t("Invite a colleague")).click()
    _no_overflow(lin, "the invitation form")
    colleague = f"zhou.{uniq}@studio.example.cn"
    _invite_on_the_page(lin, colleague, "周剪辑", None, language="zh-hans")  # the form offers only their own
    expect(page.locator("table.data tbody tr", has_text=colleague)).to_be_visible()
    expect(page.locator("table.data tbody tr")).to_have_count(2)  # theirs and their colleague's, nobody else's
    _no_overflow(lin, "the invitation list")
    invitation = Invitation.objects.get(email=colleague)
    assert (invitation.organization_id, invitation.invited_by_id) == (studio.pk, user.pk)
    assert "邀请" in [m for m in mail.outbox if colleague in m.to][-1].subject  # in the colleague's language

    # Another organisation's rows are out of reach: its invitation and its people's roles are 404.
    other = Organization.objects.get(memberships__user__username="enterprise", memberships__role=Role.ENTERPRISE)
    theirs = Invitation.objects.create(email=f"other.{uniq}@example.cn", organization=other, role=Role.ENTERPRISE,
                                       language="zh-hans", expires_at=timezone.now() + datetime.timedelta(days=3))
    role = Membership.objects.filter(organization=other, valid_until__isnull=True).first()
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    for path in (f"/accounts/invitations/{theirs.pk}/revoke/", f"/accounts/invitations/{theirs.pk}/resend/",
                 f"/accounts/roles/{role.pk}/end/"):
        response = page.request.post(lin.base_url + path, form={"csrfmiddlewaretoken": token})
        assert response.status == 404, (path, response.status)
    theirs.refresh_from_db()
    role.refresh_from_db()
    assert (theirs.revoked_at, theirs.sent_at, role.valid_until) == (None, None, None)


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_expired_link_says_so_and_a_resend_replaces_it(open_session, studio, uniq, language):
    email = f"he.{uniq}@studio.example.cn"
    admin = open_session("admin", language)
    admin.goto("/accounts/invitations/new/")
    _invite_on_the_page(admin, email, "何制片", studio, language=language)
    link = _link_to(email)
    Invitation.objects.filter(email=email).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    invitee = _phone(open_session, language)
    _closed(invitee, link, "This invitation has expired. Ask for a new one.")
    _no_overflow(invitee, "the expired link's page")
    assert serious_violations(invitee.page) == []
    invitee.screenshot(f"invitation-expired-{language}")

    # The admin sees it expired and resends: the old link is replaced, the new one opens the form.
    page = admin.goto(f"/accounts/invitations/?q={email}")
    row = page.locator("table.data tbody tr", has_text=email)
    expect(row).to_contain_text(admin.t("Expired"))
    with page.expect_navigation():
        row.get_by_role("button", name=admin.t("Resend")).click()
    admin.expect_message(admin.t("A new link was sent; the one sent before no longer works."))
    _closed(invitee, link, "A newer invitation was sent: open the link in the latest e-mail.")
    invitee.goto(_link_to(email))
    expect(invitee.page.locator("#id_accept_terms")).to_be_visible()


@pytest.mark.e2e
def test_a_revoked_link_says_so(open_session, studio, uniq):
    email = f"xu.{uniq}@studio.example.cn"
    admin = open_session("admin")
    admin.goto("/accounts/invitations/new/")
    _invite_on_the_page(admin, email, "徐美术", studio)
    link = _link_to(email)
    page = admin.goto(f"/accounts/invitations/?q={email}")
    row = page.locator("table.data tbody tr", has_text=email)
    with page.expect_navigation():
        row.get_by_role("button", name=admin.t("Revoke")).click()
    assert admin.confirmations == [admin.t("Revoke this invitation? Its link stops working.")]
    admin.expect_message(admin.t("The invitation was revoked."))
    expect(page.locator("table.data tbody tr", has_text=email)).to_contain_text(admin.t("Revoked"))

    invitee = _phone(open_session, "zh-hans")
    _closed(invitee, link, "This invitation was withdrawn.")
    _no_overflow(invitee, "the revoked link's page")
