"""Dashboard cards of the partnerships app, one small query each."""
from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.registry import Card

from .choices import AgreementStatus, ProjectStatus
from .models import Agreement, ContactLog, Enterprise, IndustryProject


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    today = timezone.localdate()
    out: list[Card] = []
    if acc.is_college_admin:
        out.append(Card(_("Partner enterprises"), Enterprise.objects.visible_to(user).count(),
                        reverse("partnerships:enterprise_list"), order=10))
        agreements = Agreement.objects.visible_to(user)
        out.append(Card(
            _("Active agreements"), agreements.filter(status=AgreementStatus.ACTIVE).count(),
            reverse("partnerships:agreement_list") + "?status=active",
            detail=_("%(n)s waiting for review")
            % {"n": agreements.filter(status=AgreementStatus.UNDER_REVIEW).count()},
            order=11,
        ))
        soon = agreements.filter(status=AgreementStatus.ACTIVE, end_date__lte=today + timedelta(days=90)).count()
        if soon:
            horizon = today + timedelta(days=90)
            out.append(Card(_("Agreements ending within 90 days"), soon,
                            reverse("partnerships:agreement_list") + f"?status=active&ends_before={horizon}",
                            order=12))
    if acc.is_college_admin or acc.is_teacher or acc.is_enterprise:
        due = ContactLog.objects.visible_to(user).filter(
            follow_up_on__lte=today + timedelta(days=7), follow_up_done_at__isnull=True
        ).count()
        if due:
            out.append(Card(_("Follow-ups due this week"), due,
                            reverse("partnerships:contact_list") + "?follow_up_pending=true", order=13))
    if acc.is_enterprise:
        projects = IndustryProject.objects.visible_to(user).filter(enterprise_id__in=acc.enterprise_ids)
        out.append(Card(_("Our industry projects"), projects.exclude(status=ProjectStatus.CLOSED).count(),
                        reverse("partnerships:project_list"), order=10))
    if acc.is_teacher or acc.is_student:
        out.append(Card(_("Open industry projects"),
                        IndustryProject.objects.visible_to(user).filter(status=ProjectStatus.OPEN).count(),
                        reverse("partnerships:project_list") + "?status=open", order=14))
    return out
