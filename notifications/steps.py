"""The steps of a notification, declared once (core/steps.py): the API actions and the centre's buttons.

``read`` is taken on one notification; ``read_all`` on the user's whole collection (no row): it answers
``{"marked": n}`` and the page says how many were marked.
"""
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.steps import Step, Steps

from . import services
from .api.serializers import MarkAllReadSerializer
from .models import Notification
from .policies import NotificationPolicy


def _read_all(*, by) -> dict:
    return {"marked": services.notification_mark_all_read(by=by)}


def _read_all_message(result: dict) -> str:
    n = result["marked"]
    if not n:
        return gettext("There were no unread notifications.")
    return ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.", n) % {"n": n}


NOTIFICATION_STEPS = Steps(Notification, "notification", NotificationPolicy, [
    Step("read", services.notification_mark_read, _("Mark as read"), _("Notification marked as read."),
         when=lambda n: n.read_at is None, style="secondary"),
    Step("read_all", _read_all, _("Mark all as read"), _read_all_message, detail=False,
         response=MarkAllReadSerializer, style="secondary", confirm=_("Mark all your notifications as read?")),
])
