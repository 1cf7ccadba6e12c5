"""Dashboard cards of the partnerships app; each role's figures in one query (core.counting.figures)."""
from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.counting import figures
from core.registry import Card

from .choices import AgreementStatus, ProjectStatus
from .models import Agreement, ContactLog, Enterprise, IndustryProject

HORIZON_DAYS = 90


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    today = timezone.localdate()
    horizon = today + timedelta(days=HORIZON_DAYS)
    parts = {}
    if acc.is_college_admin:
        agreements = Agreement.objects.visible_to(user)
        parts.update(
            enterprises=Enterprise.objects.visible_to(user),
            active=agreements.filter(status=AgreementStatus.ACTIVE),
            under_review=agreements.filter(status=AgreementStatus.UNDER_REVIEW),
            ending=agreements.filter(status=AgreementStatus.ACTIVE, end_date__lte=horizon),
        )
    if acc.is_college_admin or acc.is_teacher or acc.is_enterprise:
        parts["due"] = ContactLog.objects.visible_to(user).filter(
            follow_up_on__lte=today + timedelta(days=7), follow_up_done_at__isnull=True)
    if acc.is_enterprise:
        parts["ours"] = IndustryProject.objects.visible_to(user).filter(
            enterprise_id__in=acc.enterprise_ids).exclude(status=ProjectStatus.CLOSED)
    if acc.is_teacher or acc.is_student:
        parts["open"] = IndustryProject.objects.visible_to(user).filter(status=ProjectStatus.OPEN)
    n = figures(**parts)
    out: list[Card] = []
    if acc.is_college_admin:
        out.append(Card(_("Partner enterprises"), n["enterprises"], reverse("partnerships:enterprise_list"),
                        order=10, key="partner_enterprises"))
        out.append(Card(_("Active agreements"), n["active"], reverse("partnerships:agreement_list") + "?status=active",
                        detail=_("%(n)s waiting for review") % {"n": n["under_review"]}, order=11,
                        key="active_agreements"))
        if n["ending"]:
            out.append(Card(_("Agreements ending within 90 days"), n["ending"],
                            reverse("partnerships:agreement_list") + f"?status=active&ends_before={horizon}",
                            order=12, key="agreements_ending_soon"))
    if n.get("due"):
        out.append(Card(_("Follow-ups due this week"), n["due"],
                        reverse("partnerships:contact_list") + "?follow_up_pending=true", order=13,
                        key="follow_ups_due"))
    if acc.is_enterprise:
        out.append(Card(_("Our industry projects"), n["ours"], reverse("partnerships:project_list"), order=10,
                        key="industry_projects"))
    if acc.is_teacher or acc.is_student:
        out.append(Card(_("Open industry projects"), n["open"], reverse("partnerships:project_list") + "?status=open",
                        order=14, key="open_projects"))
    return out
