"""Reminder rules of the faculty app, run by the notifications host (core/hosts.py ``ReminderRule``)."""
from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids, enterprise_users_with_email
from core.hosts import Email, Notice, ReminderKit, ReminderRule, end_of_day, list_url, object_url
from core.models import StatusChange
from core.signed_links import make_link_token

from .choices import PlacementStatus, Standing
from .models import TeacherPlacement, TeacherProfile
from .services import LINK_PURPOSE, teacher_standings


def _person(display_name: str, username: str) -> str:
    return display_name or username


# The college admins' digest names this many teachers; its link, the overview filtered to who is behind, lists all.
DIGEST_NAMES = 10

# The teacher's texts, made lazy once: each notice fills them in, and the host renders them per language.
_OWN_TITLE = _("Your industry practice: {standing}")
_OWN_FACTS = _("{counted} practice days are counted in {start} – {end}; {expected} are expected by now "
               "({required} in the whole window). {pending} more days are waiting for confirmation.")
_OWN_BODY = _("{facts} Plan an enterprise placement and have it confirmed.")


def _digest_title(total: int) -> str:
    return ngettext("Industry practice: %(n)d teacher is behind", "Industry practice: %(n)d teachers are behind",
                    total) % {"n": total}


def _digest_body(worst: list[tuple[int, str, int]], total: int, as_of: str) -> str:
    names = pgettext("list separator", ", ").join(
        ngettext("%(teacher)s (%(n)d day short)", "%(teacher)s (%(n)d days short)", -short)
        % {"teacher": name, "n": -short}
        for short, name, _pk in worst
    )
    more = total - len(worst)
    if more:
        listed = ngettext("As of %(date)s, most days short first: %(names)s and %(n)d more.",
                          "As of %(date)s, most days short first: %(names)s and %(n)d more.",
                          more) % {"date": as_of, "names": names, "n": more}
    else:
        listed = gettext("As of %(date)s, most days short first: %(names)s.") % {"date": as_of, "names": names}
    return f"{listed} {gettext('The faculty overview shows who is behind now.')}"


# Rendered when the host writes the notice, in each recipient's language (ngettext and % are not lazy themselves).
_lazy_digest_title = lazy(_digest_title, str)
_lazy_digest_body = lazy(_digest_body, str)


def teacher_practice_standing(today: date, kit: ReminderKit) -> Iterator[list[Notice]]:
    """A teacher at risk or behind on industry practice → the teacher; if any are behind → one digest to college admins.

    **The teacher.** The standing is this app's own (``services.teacher_standings``, two queries per
    batch); the key names the standing and the month, so each is sent at most once a month, and a
    teacher who slips from *at risk* to *behind* hears about it in the same month.

    **The college admins** get at most one notice a month from this rule, not one per teacher (8,000 a
    morning at a province's scale): "Industry practice: N teachers are behind", naming the
    ``DIGEST_NAMES`` teachers most days short (ties by name; the worst gaps are what an admin acts on
    first, where an alphabetical list would name the same surnames every month) and "and M more",
    linking to the faculty overview filtered to ``standing=behind``. Its key
    ``teacher_practice_standing:behind:admins:<month>`` is claimed by the month's first run that finds
    anyone behind; a month where nobody is behind sends none. A teacher who falls behind later in the
    month is told at once (their own notice) but is not in this month's digest: they are counted in
    next month's if still behind, and the linked overview always shows who is behind now.

    Per batch the cost is constant: the batch, the two standing queries and the host's write; the
    texts are lazy templates made once, filled per teacher only with that teacher's figures.
    """
    watched = {str(s) for s in kit.setting("TEACHER_PRACTICE_STANDINGS")}
    if not watched:
        return
    qs = TeacherProfile.objects.filter(user__is_active=True).select_related("user").only(
        "id", "user_id", "is_specialist", "employed_since", "user__display_name", "user__username")
    ct_id = ContentType.objects.get_for_model(TeacherProfile).pk
    own_url, overview_url = list_url("faculty:portfolio"), list_url("faculty:overview")
    labels = {s.value: s.label for s in Standing}
    month = f"{today:%Y-%m}"
    digest = Standing.BEHIND.value in watched
    behind = 0
    worst: list[tuple[int, str, int]] = []  # (minus days short, name, pk): the smallest are named
    for batch in kit.batches(qs):
        standings = teacher_standings(batch, as_of=today)
        notices = []
        batch_behind = []
        for profile in batch:
            st = standings[profile.pk]
            status = str(st.status)  # the value: a Standing member hashes by its name, not as its value
            if status not in watched:
                continue
            facts = format_lazy(
                _OWN_FACTS, counted=st.counted_days, start=st.window_start.isoformat(),
                end=st.window_end.isoformat(), expected=st.expected_days, required=st.required_days,
                pending=st.pending_days,
            )
            notices.append(Notice(
                recipients=[profile.user_id], kind="teacher_practice", rule="teacher_practice_standing",
                key=f"teacher_practice_standing:{status}:teacherprofile:{profile.pk}:{month}",
                title=format_lazy(_OWN_TITLE, standing=labels[status]),
                body=format_lazy(_OWN_BODY, facts=facts), url=own_url, obj=(ct_id, profile.pk),
            ))
            if digest and status == Standing.BEHIND.value:
                batch_behind.append((st.counted_days - st.expected_days,
                                     _person(profile.user.display_name, profile.user.username), profile.pk))
        if batch_behind:
            behind += len(batch_behind)
            worst = heapq.nsmallest(DIGEST_NAMES, [*worst, *batch_behind])
        yield notices
    if not behind:
        return
    admins = college_admin_ids()
    if admins:
        yield [Notice(
            recipients=admins, kind="teacher_practice", rule="teacher_practice_standing",
            key=f"teacher_practice_standing:behind:admins:{month}",
            title=_lazy_digest_title(behind), body=_lazy_digest_body(worst, behind, today.isoformat()),
            url=f"{overview_url}?standing={Standing.BEHIND.value}" if overview_url else "",
        )]


def teacher_placement_unconfirmed(today: date, kit: ReminderKit) -> Iterator[list[Notice | Email]]:
    """A submitted teacher placement the host has not answered for N days → the host's partner users, every N days.

    Waiting counts from the latest recorded submission (``StatusChange``; the row's ``updated_at``
    for rows without one). The contact the host registered on its partner profile, when it has no
    partner account at the host, gets a fresh one-time link by e-mail (this app's confirmation link:
    its purpose and view), under the same key; an address a teacher typed is never used (issue 18 item 7).
    """
    every = int(kit.setting("TEACHER_PLACEMENT_CONFIRM_DAYS"))
    ct_id = ContentType.objects.get_for_model(TeacherPlacement).pk
    submitted = (StatusChange.objects.filter(content_type_id=ct_id, object_id=OuterRef("pk"), field="status",
                                             to_status=PlacementStatus.SUBMITTED)
                 .order_by("-at").values("at")[:1])
    qs = (TeacherPlacement.objects.filter(status=PlacementStatus.SUBMITTED)
          .annotate(submitted_at=Coalesce(Subquery(submitted, output_field=DateTimeField()), "updated_at"))
          .filter(submitted_at__lte=end_of_day(today - timedelta(days=every)))
          .values("id", "host_id", "host__name", "start_date", "end_date", "days", "role",
                  # the contact the host registered now (partner profile), never an address the teacher typed
                  "host__enterprise__contact_email", "teacher__user__email",
                  "submitted_at", "teacher__user__display_name", "teacher__user__username"))
    for batch in kit.batches(qs):
        partners, partner_emails = enterprise_users_with_email({p["host_id"] for p in batch})
        out: list[Notice | Email] = []
        for p in batch:
            since = timezone.localdate(p["submitted_at"])
            period = (today - since).days // every
            key = f"teacher_placement_unconfirmed:{every}:teacherplacement:{p['id']}:{since.isoformat()}:p{period}"
            teacher = _person(p["teacher__user__display_name"], p["teacher__user__username"])
            title = format_lazy(_("Please confirm the industry placement of {teacher}"), teacher=teacher)
            facts = format_lazy(
                _("{teacher} recorded an industry placement at {host} as {role} from {start} to {end} ({days} days); "
                  "it has been waiting for your confirmation since {since}."),
                teacher=teacher, host=p["host__name"], role=p["role"], start=p["start_date"].isoformat(),
                end=p["end_date"].isoformat(), days=p["days"], since=since.isoformat(),
            )
            if partners.get(p["host_id"]):
                out.append(Notice(
                    recipients=partners[p["host_id"]], kind="teacher_placement_pending",
                    rule="teacher_placement_unconfirmed", key=key, title=title, body=facts,
                    url=object_url("faculty:placement_detail", p["id"], "faculty:confirmation_queue"),
                    obj=(ct_id, p["id"]),
                ))
            contact = (p["host__enterprise__contact_email"] or "").strip()
            if contact.lower() == (p["teacher__user__email"] or "").strip().lower():
                contact = ""  # a link to the teacher's own address would let them confirm their own placement
            if contact and contact.lower() not in partner_emails.get(p["host_id"], set()):
                link = kit.absolute_url(reverse("faculty:placement_link",
                                                args=[make_link_token(LINK_PURPOSE, p["id"])]))
                out.append(Email(
                    key=f"{key}:contact", rule="teacher_placement_unconfirmed", to=contact, subject=title,
                    body=format_lazy(_("{facts} Confirm or return it here (the link works once): {url}"),
                                     facts=facts, url=link),
                ))
        yield out


REMINDER_RULES = [
    # a teacher whose practice standing is at risk or behind is told once per standing and month; the college
    # admins get one digest a month of how many are behind
    ReminderRule("teacher_practice_standing", teacher_practice_standing,
                 settings={"TEACHER_PRACTICE_STANDINGS": ["at_risk", "behind"]}),
    # the host enterprise is reminded of a submitted teacher placement every this many days until it answers
    ReminderRule("teacher_placement_unconfirmed", teacher_placement_unconfirmed,
                 settings={"TEACHER_PLACEMENT_CONFIRM_DAYS": 7}),
]
