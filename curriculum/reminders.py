"""Reminder rules of the curriculum app, run by the notifications host (core/hosts.py ``ReminderRule``)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.hosts import Notice, ReminderKit, ReminderRule, object_url

from .models import Course
from .selectors import with_freshness


def course_stale(today: date, kit: ReminderKit) -> Iterator[list[Notice]]:
    """A course whose content is stale (``selectors.with_freshness``) → its owner teacher, once a month."""
    qs = (with_freshness(Course.objects.filter(owner__isnull=False, owner__is_active=True), today)
          .filter(is_stale=True).values("id", "code", "name", "owner_id", "last_revised"))
    ct_id = ContentType.objects.get_for_model(Course).pk
    month = f"{today:%Y-%m}"
    for batch in kit.batches(qs):
        yield [
            Notice(
                recipients=[c["owner_id"]], kind="course_stale", rule="course_stale",
                key=f"course_stale:course:{c['id']}:{month}",
                title=format_lazy(_("Course {code} {name} needs a content update"), code=c["code"], name=c["name"]),
                body=format_lazy(
                    _("Its content was last revised on {date}. Record a revision with what was added and what "
                      "was retired."),
                    date=c["last_revised"].isoformat(),
                ),
                url=object_url("curriculum:course_detail", c["id"], "curriculum:my_courses"), obj=(ct_id, c["id"]),
            )
            for c in batch
        ]


REMINDER_RULES = [ReminderRule("course_stale", course_stale)]
