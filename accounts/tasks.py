"""Celery tasks of the accounts app: the e-mails of password links and invitations (thin, taking ids)."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_password_link(user_id: int) -> bool:
    """E-mail a person the one-time link to choose a password (asked for by a college administrator)."""
    from .models import User
    from .services import password_link

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "url": password_link(user), "college": settings.IEI["COLLEGE_NAME"]}
        subject = render_to_string("accounts/email/password_link_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_link.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id: int) -> bool:
    """E-mail an invitation's link, in the language of the person invited.

    The new token is recorded and the mail sent in one transaction: a failed send leaves the invitation
    unsent (the retry makes a new link), and a duplicated task finds it sent and mails nothing.
    """
    from .services import invitation_issue_link

    with transaction.atomic():
        issued = invitation_issue_link(invitation_id)
        if issued is None:
            return False
        invitation, token = issued
        with translation.override(invitation.language or settings.LANGUAGE_CODE):
            context = {
                "invitation": invitation, "college": settings.IEI["COLLEGE_NAME"],
                "url": settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token]),
            }
            subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
            body = render_to_string("accounts/email/invitation.txt", context)
        send_mail(subject, body, None, [invitation.email])
    return True
