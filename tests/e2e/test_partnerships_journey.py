"""Journey 1 (in English): a college admin signs up a new partner enterprise and makes an agreement active."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partnerships.choices import AgreementStatus
from partnerships.models import Agreement, Enterprise


@pytest.mark.e2e
def test_admin_creates_enterprise_and_agreement_and_activates_it(open_session, demo, uniq):
    s = open_session("admin", language="en")
    page = s.goto("/partnerships/enterprises/")
    page.get_by_role("link", name="New enterprise").click()
    expect(page.locator("h1")).to_have_text("New enterprise")

    # A form sent incomplete answers in place, next to the field, and keeps what was typed.
    page.get_by_label("English name").fill(f"Aurora Pictures {uniq}")
    s.submit()
    name_field = page.get_by_label("Name *")
    expect(name_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field", has=name_field).locator(".errorlist")).to_be_visible()
    expect(page.get_by_label("English name")).to_have_value(f"Aurora Pictures {uniq}")

    name = f"极光影业{uniq}有限公司"
    name_field.fill(name)
    page.get_by_label("Industry segment").select_option("aigc")
    page.get_by_label("Staff count").fill("300")
    page.get_by_label("Contact person").fill("Ms Lin")
    s.submit()
    s.expect_message(f"Enterprise “{name}” created.")
    expect(page.locator("h1")).to_contain_text(name)
    ent = Enterprise.objects.get(organization__name=name)

    # The enterprise page offers the agreement with the new partner already chosen.
    page.get_by_role("link", name="New agreement").click()
    expect(page.get_by_label("Partners")).to_have_values([str(ent.pk)])
    today = timezone.localdate()
    page.get_by_label("Title *").fill(f"AIGC workstation agreement {uniq}")
    page.get_by_label("Kind").select_option("workstation")
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill((today + datetime.timedelta(days=3 * 365)).isoformat())
    page.get_by_label("Teachers hosted a year").fill("2")
    s.submit()
    s.expect_message("created as a draft")
    agreement = Agreement.objects.get(title=f"AIGC workstation agreement {uniq}")
    expect(page.locator("h1 .badge")).to_have_text("Draft")

    s.press("Submit for review")
    s.expect_message("Submitted for review.")
    expect(page.locator("h1 .badge")).to_have_text("Under review")

    # Approving before the signature is refused, with the reason on the page.
    s.press("Approve and activate")
    s.expect_message("Record the signature before approving.", kind="error")

    page.get_by_label("Signature").select_option("electronic")
    page.get_by_label("Signed on").fill(today.isoformat())
    s.press("Record signature")
    s.expect_message("Signature recorded.")

    s.press("Approve and activate")
    s.expect_message("Approved: the agreement is now active.")
    expect(page.locator("h1 .badge")).to_have_text("Active")
    expect(page.locator("section[aria-labelledby=h-history]")).to_contain_text("Active")
    s.screenshot("journey1-agreement-active-en")

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert list(agreement.parties.values_list("pk", flat=True)) == [ent.pk]
