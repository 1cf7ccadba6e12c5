"""Celery tasks of the faculty app: thin wrappers over services, taking ids."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_placement_confirmation_link(placement_id: int) -> bool:
    """E-mail the host contact a one-time link to confirm or return a submitted placement."""
    from .choices import PlacementStatus
    from .models import TeacherPlacement
    from .services import placement_link_token

    placement = TeacherPlacement.objects.select_related("teacher__user", "host").filter(pk=placement_id).first()
    if placement is None or placement.status != PlacementStatus.SUBMITTED or not placement.contact_email:
        return False
    # Claim the send first, so a retried or duplicated task never mails the same link twice.
    claimed = TeacherPlacement.objects.filter(pk=placement_id, link_sent_at__isnull=True).update(
        link_sent_at=timezone.now()
    )
    if not claimed:
        return False
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    url = base + reverse("faculty:placement_link", args=[placement_link_token(placement)])
    body = _(
        "%(teacher)s recorded an industry placement at %(host)s from %(start)s to %(end)s (%(days)s days).\n"
        "Please confirm or return it here (the link works once): %(url)s"
    ) % {"teacher": placement.teacher, "host": placement.host, "start": placement.start_date,
         "end": placement.end_date, "days": placement.days, "url": url}
    send_mail(_("Please confirm a teacher's industry placement"), body, None, [placement.contact_email])
    return True
