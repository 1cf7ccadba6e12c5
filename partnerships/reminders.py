"""Reminder rules of the partnerships app, run by the notifications host (core/hosts.py ``ReminderRule``)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids, enterprise_users_by_org
from core.hosts import Notice, ReminderKit, ReminderRule, object_url

from .choices import AgreementStatus
from .models import Agreement


def agreement_expiring(today: date, kit: ReminderKit) -> Iterator[list[Notice]]:
    """Active agreements ending within a threshold (60/30/7 days by default) → college admins and partners.

    Only the tightest threshold reached is sent, once per agreement, threshold and end date: an
    agreement first seen 5 days before its end gets the 7-day reminder only, and an extended end
    date arms the reminders again.
    """
    thresholds = sorted({int(d) for d in kit.setting("AGREEMENT_EXPIRY_DAYS")})
    if not thresholds:
        return
    qs = Agreement.objects.filter(
        status=AgreementStatus.ACTIVE, end_date__gte=today, end_date__lte=today + timedelta(days=thresholds[-1])
    ).values("id", "code", "title", "end_date")
    admins = college_admin_ids()
    ct_id = ContentType.objects.get_for_model(Agreement).pk
    through = Agreement.parties.through
    for batch in kit.batches(qs):
        parties: dict[int, list[int]] = defaultdict(list)
        for agreement_id, org_id in through.objects.filter(
            agreement_id__in=[a["id"] for a in batch]
        ).values_list("agreement_id", "organization_id"):
            parties[agreement_id].append(org_id)
        partners = enterprise_users_by_org({o for orgs in parties.values() for o in orgs})
        notices = []
        for a in batch:
            days = (a["end_date"] - today).days
            threshold = next(t for t in thresholds if days <= t)
            recipients = admins + [u for org in parties[a["id"]] for u in partners.get(org, [])]
            notices.append(Notice(
                recipients=recipients, kind="agreement_expiring", rule="agreement_expiring",
                key=f"agreement_expiring:{threshold}:agreement:{a['id']}:{a['end_date'].isoformat()}",
                title=format_lazy(_("Agreement {code} expires in {days} days"), code=a["code"], days=days),
                body=format_lazy(
                    _("The agreement “{title}” ends on {end}. Renew it or plan its closing in time."),
                    title=a["title"], end=a["end_date"].isoformat(),
                ),
                url=object_url("partnerships:agreement_detail", a["id"], "partnerships:agreement_list"),
                obj=(ct_id, a["id"]),
            ))
        yield notices


REMINDER_RULES = [
    # days before an active agreement's end date; each threshold fires once per agreement and end date
    ReminderRule("agreement_expiring", agreement_expiring, settings={"AGREEMENT_EXPIRY_DAYS": [60, 30, 7]}),
]
