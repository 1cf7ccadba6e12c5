"""Every write of the notifications app: delivering, e-mailing, marking read, saving preferences.

``deliver`` is the one path by which a notification comes into being. Keyed messages first claim
their key in ``ReminderLog`` with ``INSERT ... ON CONFLICT DO NOTHING RETURNING key`` inside the
same transaction as the notification rows, so only the caller that inserted a key notifies: a
second run, a retried task, a duplicated broker message or two workers at once send nothing twice.
"""
from __future__ import annotations

import logging
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.hosts import Email, Notice, NoticeQuery

from .choices import URGENT_KINDS, EmailFrequency, EmailState, NotificationKind
from .conf import reminder_setting
from .models import Notification, NotificationPreference, ReminderLog

log = logging.getLogger(__name__)

Text = str | Promise


# What a reminder rule or an event's audience turns into (core/hosts.py): the domain apps build them
# without importing this app.
Message = Notice
ExternalEmail = Email


@dataclass(frozen=True)
class Channels:
    in_app: bool
    email: bool
    frequency: str


DEFAULT_CHANNELS = Channels(in_app=True, email=True, frequency=EmailFrequency.DIGEST)
URGENT_CHANNELS = Channels(in_app=True, email=True, frequency=EmailFrequency.IMMEDIATE)


def _channels(pref: NotificationPreference | None, kind: str = "") -> Channels:
    if kind in URGENT_KINDS:
        return URGENT_CHANNELS
    if pref is None:
        return DEFAULT_CHANNELS
    return Channels(in_app=pref.in_app, email=pref.email, frequency=pref.email_frequency)


def _claim_keys(messages: Sequence[Message]) -> set[str]:
    """Insert the keys that are new and return exactly those; one statement for the whole batch."""
    keys, rules, counts = [], [], []
    for m in messages:
        if m.key not in keys:
            keys.append(m.key)
            rules.append(m.rule or m.kind)
            counts.append(len(m.recipient_ids()))
    table = ReminderLog._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (key, rule, recipients, created_at) "  # noqa: S608 - table name from the model
            "SELECT k, r, n, now() FROM unnest(%s::varchar[], %s::varchar[], %s::int[]) AS u(k, r, n) "
            "ON CONFLICT (key) DO NOTHING RETURNING key",
            [keys, rules, counts],
        )
        return {row[0] for row in cur.fetchall()}


def _render(text: Text, language: str) -> str:
    with translation.override(language):
        return str(text)


@transaction.atomic
def deliver(messages: Sequence[Message]) -> list[Notification]:
    """Create the notifications of a batch of messages in a constant number of queries.

    Each recipient's preference for the message kind decides in-app and e-mail; texts are rendered
    in the recipient's language. Immediate e-mails go to a task after commit (the periodic
    ``send_pending_emails`` job picks up any the broker lost).
    """
    keyed = [m for m in messages if m.key]
    if keyed:
        fresh = _claim_keys(keyed)
        messages = [m for m in messages if not m.key or m.key in fresh]
    if not messages:
        return []
    user_ids = {uid for m in messages for uid in m.recipient_ids()}
    active = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    users = {u.pk: u for u in active.only("id", "email", "language")}
    prefs = {
        (p.user_id, p.kind): p
        for p in NotificationPreference.objects.filter(user_id__in=users, kind__in={m.kind for m in messages})
    }
    rows: list[Notification] = []
    for m in messages:
        ct_id, obj_id = m.target()
        # One rendering per language, not per recipient: a notice to the ten college admins is the same text.
        texts: dict[str, tuple[str, str]] = {}
        for uid in m.recipient_ids():
            user = users.get(uid)
            if user is None:
                continue
            ch = _channels(prefs.get((uid, m.kind)), m.kind)
            email_state = EmailState.NONE
            if ch.email and user.email:
                email_state = EmailState.PENDING if ch.frequency == EmailFrequency.IMMEDIATE else EmailState.DIGEST
            if not ch.in_app and email_state == EmailState.NONE:
                continue
            lang = user.language or settings.LANGUAGE_CODE
            if lang not in texts:
                texts[lang] = (_render(m.title, lang)[:255], _render(m.body, lang))
            title, body = texts[lang]
            rows.append(Notification(
                recipient_id=uid, kind=m.kind, title=title, body=body,
                url=m.url, content_type_id=ct_id, object_id=obj_id, key=m.key, in_app=ch.in_app,
                email_state=email_state,
            ))
    created = _write(rows)
    immediate = [n.pk for n in created if n.email_state == EmailState.PENDING and n.pk]
    fresh_keys = {n.key for n in rows if n.key and n.email_state == EmailState.PENDING}
    if fresh_keys:
        # keyed rows were written with ON CONFLICT DO NOTHING, which returns no ids; the keys were claimed
        # by this transaction, so every waiting row under them is one of ours
        immediate += list(Notification.objects.filter(key__in=fresh_keys, email_state=EmailState.PENDING)
                          .values_list("pk", flat=True))
    if immediate:
        transaction.on_commit(partial(_enqueue_emails, immediate))
    return created


WRITE_BATCH = 1000


def _write(rows: list[Notification]) -> list[Notification]:
    """Insert set-wise: an event told to 2,000 students is two statements, not 2,000.

    Keyed rows go in with ``ON CONFLICT DO NOTHING`` on (recipient, key), the last guard behind the
    claimed key; rows without a key cannot conflict and keep their ids.
    """
    keyed = [n for n in rows if n.key]
    plain = [n for n in rows if not n.key]
    if keyed:
        Notification.objects.bulk_create(keyed, batch_size=WRITE_BATCH, ignore_conflicts=True)
    if plain:
        Notification.objects.bulk_create(plain, batch_size=WRITE_BATCH)
    return keyed + plain


# --- set-wise: a reminder rule's notices written by one INSERT ... SELECT (core.hosts.NoticeQuery) ----------

def _pg_format(template: str, names: Sequence[str]) -> str:
    """A ``str.format`` template as a PostgreSQL ``format()`` string whose ``%N$s`` are the columns ``names``.

    Only plain ``{name}`` fields: what Python would format with ``str()`` of the value. Literal ``%`` is
    doubled; ``{{``/``}}`` are already single braces in what ``Formatter.parse`` returns.
    """
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal.replace("%", "%%"))
        if name is None:
            continue
        if spec or conversion or name not in names:
            raise ValueError(f"template field {{{name}}} is not one of {list(names)} (or has a format spec)")
        out.append(f"%{names.index(name) + 1}$s")
    return "".join(out)


def _channel_sql(kind: str) -> tuple[str, list]:
    """``_channels`` in SQL over the preference row ``p`` and the user ``u``: (in_app, email_state) columns.

    Built from the same constants as ``_channels`` (``URGENT_KINDS``, ``DEFAULT_CHANNELS``), so the two
    paths cannot disagree on a default; tests/notifications/test_reminders_setwise.py compares them row for row.
    """
    if kind in URGENT_KINDS:
        ch = URGENT_CHANNELS
        in_app, email, freq, params = "%s", "%s", "%s::text", [ch.in_app, ch.email, ch.frequency]
    else:
        ch = DEFAULT_CHANNELS
        in_app, email, freq = "COALESCE(p.in_app, %s)", "COALESCE(p.email, %s)", "COALESCE(p.email_frequency, %s)"
        params = [ch.in_app, ch.email, ch.frequency]
    sql = (f"{in_app} AS in_app, CASE WHEN {email} AND COALESCE(u.email, '') <> '' "
           f"THEN CASE WHEN {freq} = %s THEN %s ELSE %s END ELSE %s END AS email_state")
    return sql, [*params, EmailFrequency.IMMEDIATE, EmailState.PENDING, EmailState.DIGEST, EmailState.NONE]


@transaction.atomic
def deliver_query(q: NoticeQuery, *, after=None, limit: int | None = None) -> tuple[int, object | None]:
    """Write the notices of a ``NoticeQuery`` in one statement: (notifications created, where to go on).

    With ``limit``, only the next ``limit`` objects of ``q.rows`` by primary key after ``after`` (all the
    rows of each, so an object's recipients are never split between two batches); the second value is
    the last primary key taken, or ``None`` when no object is left.

    What ``deliver`` does row by row in Python, the database does set-wise: claim each new key in
    ``ReminderLog`` (``ON CONFLICT DO NOTHING``, in key order so that two runs at once wait on each
    other instead of deadlocking; the second writes nothing), skip inactive users, choose in-app and
    e-mail from the recipient's preference for the kind (``_channel_sql``), render key, title, body
    and link with ``format()`` from templates translated once per language (the recipient's, else
    ``LANGUAGE_CODE``) and insert behind ``notif_unique_key``. Immediate e-mails go to a task after
    commit, as ``deliver``'s do. Cost: one statement per call, whatever the number of rows.
    """
    if q.kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {q.kind!r}")
    names = ["object_id", *q.fields]
    columns = ["recipient", "object_id", *(f"v{i}" for i in range(len(q.fields)))]
    select = {col: (models.F(v) if isinstance(v, str) else v)
              for col, v in zip(columns, [q.recipient, q.object_id, *q.fields.values()], strict=True)}
    rows = q.rows.order_by()
    if limit:
        window = rows.filter(pk__gt=after) if after is not None else rows
        rows = rows.filter(pk__in=models.Subquery(window.order_by("pk").values("pk").distinct()[:limit]))
    rows = rows.values(**{f"iei_{col}": expr for col, expr in select.items()}, iei_cursor=models.F("pk"))
    rows_sql, rows_params = rows.query.sql_with_params()
    quoted = ", ".join(f'"{c}"' for c in columns)
    # format()'s %1$s is object_id, %2$s the first field, ...: the same arguments for key, texts and link
    row_args = ", ".join(f'r."{c}"' for c in columns[1:])
    args = ", ".join(f'c."{c}"' for c in columns[1:])
    languages = [code for code, _name in settings.LANGUAGES]
    # Each text is chosen by a CASE over the recipient's language (else LANGUAGE_CODE), not joined from a VALUES
    # list: that join's estimate (a few rows) made PostgreSQL match the claimed keys by a nested loop, every key
    # against every row (44,000 x 44,000 comparisons, 219 s for one batch of the late weekly logs at scale 10).
    language = "CASE WHEN u.language IN %s THEN u.language ELSE %s END"
    choose = f"CASE {language} {' '.join(['WHEN %s THEN %s'] * len(languages))} END"
    titles = [tuple(languages), settings.LANGUAGE_CODE]
    bodies = [tuple(languages), settings.LANGUAGE_CODE]
    for lang in languages:
        titles += [lang, _pg_format(_render(q.title, lang), names)]
        bodies += [lang, _pg_format(_render(q.body, lang), names)]
    channels, channel_params = _channel_sql(q.kind)
    user = get_user_model()._meta.db_table
    sql = f"""
        WITH c AS (
            SELECT format(%s::text, {row_args}) AS nkey, r.*
              FROM ({rows_sql}) AS r({quoted}, "cursor")
        ), claimed AS (
            INSERT INTO {ReminderLog._meta.db_table} (key, rule, recipients, created_at)
            SELECT nkey, %s, count(DISTINCT recipient), now() FROM c GROUP BY nkey ORDER BY nkey
            ON CONFLICT (key) DO NOTHING RETURNING key
        ), written AS (
            INSERT INTO {Notification._meta.db_table} (recipient_id, kind, title, body, url, content_type_id,
                                                      object_id, key, in_app, email_state, created_at)
            SELECT recipient, %s, title, body, url, %s::integer, object_id, nkey, in_app, email_state, now()
              FROM (SELECT c.recipient, c.object_id, c.nkey,
                           left(format({choose}, {args}), 255) AS title, format({choose}, {args}) AS body,
                           format(%s::text, {args}) AS url, {channels}
                      FROM c JOIN claimed ON claimed.key = c.nkey
                      JOIN {user} u ON u.id = c.recipient AND u.is_active
                      LEFT JOIN {NotificationPreference._meta.db_table} p ON p.user_id = u.id AND p.kind = %s
                   ) x
             WHERE x.in_app OR x.email_state <> %s
            ON CONFLICT DO NOTHING
            RETURNING id, email_state
        )
        SELECT (SELECT count(*) FROM written),
               (SELECT array_agg(id ORDER BY id) FROM written WHERE email_state = %s),
               (SELECT count(DISTINCT "cursor") FROM c), (SELECT max("cursor") FROM c)
    """  # noqa: S608 - table names from the models, the rows' SQL compiled by Django, every value a parameter
    params = [_pg_format(q.key, names), *rows_params, q.rule or q.kind, q.kind, q.content_type, *titles, *bodies,
              _pg_format(q.url, names), *channel_params, q.kind, EmailState.NONE, EmailState.PENDING]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        created, immediate, objects, last = cur.fetchone()
    size = int(reminder_setting("BATCH_SIZE"))
    for i in range(0, len(immediate or ()), size):
        transaction.on_commit(partial(_enqueue_emails, immediate[i:i + size]))
    return created, (last if limit and objects >= limit else None)


def _enqueue_emails(ids: list[int]) -> None:
    from .tasks import send_immediate_emails

    try:
        send_immediate_emails.delay(ids)
    except Exception:  # noqa: BLE001 - the broker being down must not fail the write; the sweeper sends later
        log.exception("could not enqueue e-mails for %d notifications; send_pending_emails will send them", len(ids))


def notify(*, recipients: Iterable, kind: str, title: Text, body: Text = "", url: str = "",
           obj: models.Model | None = None, key: str = "") -> list[Notification]:
    """Notify users (instances or ids) about one event; with a ``key`` the event is notified only once."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    rule = key.split(":", 1)[0] if key else ""
    return deliver([Message(recipients=recipients, kind=kind, title=title, body=body, url=url, obj=obj, key=key,
                            rule=rule)])


@transaction.atomic
def deliver_external(emails: Sequence[ExternalEmail]) -> int:
    """Claim the keys and send the e-mails of the fresh ones inside the transaction.

    Sending before commit means a failed send rolls the keys back and a retry sends again; a crash
    between send and commit may repeat one e-mail, never lose it.
    """
    if not emails:
        return 0
    fresh = _claim_keys([Message(recipients=[], kind="", title="", key=e.key, rule=e.rule) for e in emails])
    out = []
    with translation.override(settings.LANGUAGE_CODE):
        for e in emails:
            if e.key in fresh and e.to:
                out.append(EmailMessage(_subject(str(e.subject)), str(e.body), settings.DEFAULT_FROM_EMAIL, [e.to]))
    if out:
        get_connection().send_messages(out)
    return len(out)


# --- e-mail -------------------------------------------------------------------------------------

def absolute_url(url: str) -> str:
    if url.startswith("/"):
        return settings.SITE_URL.rstrip("/") + url
    return url


def _subject(text: str) -> str:
    prefix = _("IEI Platform")
    return f"[{prefix}] {text}".replace("\n", " ")[:200]


def _single_email(n: Notification) -> EmailMessage:
    with translation.override(n.recipient.language or settings.LANGUAGE_CODE):
        parts = [n.body] if n.body else []
        if n.url:
            parts.append(_("Open: %(url)s") % {"url": absolute_url(n.url)})
        parts.append(_("You can change which e-mails you receive on your notification preferences page."))
        return EmailMessage(_subject(n.title), "\n\n".join(parts), settings.DEFAULT_FROM_EMAIL, [n.recipient.email])


def _digest_email(user, items: list[Notification]) -> EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        count = len(items)
        subject = ngettext("Your daily digest: %(n)d notification", "Your daily digest: %(n)d notifications",
                           count) % {"n": count}
        lines = []
        for n in items:
            lines.append(f"• {n.title}")
            if n.body:
                lines.append(f"  {n.body}")
            if n.url:
                lines.append(f"  {absolute_url(n.url)}")
        lines.append("")
        lines.append(_("You can change which e-mails you receive on your notification preferences page."))
        return EmailMessage(_subject(subject), "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])


def _locked_waiting(state: str, **filters) -> list[Notification]:
    # skip_locked: two workers sweeping at once split the rows instead of both sending them
    return list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(email_state=state, **filters)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )


def _mark_sent(rows: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(email_state=EmailState.SENT,
                                                                     emailed_at=timezone.now())


@transaction.atomic
def send_immediate_emails(*, notification_ids: Sequence[int]) -> int:
    """Send the still-waiting immediate e-mails among these notifications; marked sent in the same transaction."""
    rows = _locked_waiting(EmailState.PENDING, pk__in=list(notification_ids))
    rows = [n for n in rows if n.recipient.email]
    if rows:
        get_connection().send_messages([_single_email(n) for n in rows])
        _mark_sent(rows)
    return len(rows)


def send_pending_emails(*, batch_size: int | None = None) -> int:
    """Sweep immediate e-mails whose task was lost (broker down at commit time, worker killed)."""
    size = batch_size or reminder_setting("BATCH_SIZE")
    last, sent = 0, 0
    while True:
        ids = list(
            Notification.objects.filter(email_state=EmailState.PENDING, pk__gt=last)
            .order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not ids:
            return sent
        last = ids[-1]
        sent += send_immediate_emails(notification_ids=ids)


@transaction.atomic
def _send_digest_batch(user_ids: list[int]) -> int:
    rows = _locked_waiting(EmailState.DIGEST, recipient_id__in=user_ids)
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in rows:
        by_user[n.recipient_id].append(n)
    emails = [_digest_email(items[0].recipient, items) for items in by_user.values() if items[0].recipient.email]
    if emails:
        get_connection().send_messages(emails)
    if rows:
        _mark_sent(rows)
    return len(emails)


def send_daily_digest(*, batch_size: int | None = None) -> int:
    """One e-mail per user with everything waiting for the digest; returns the number of e-mails sent.

    Users are taken in batches; all of a user's waiting rows go into the same e-mail. The rows are
    marked sent in the transaction that sent them, so a re-run sends nothing already sent.
    """
    size = batch_size or reminder_setting("BATCH_SIZE")
    last, sent = 0, 0
    while True:
        user_ids = list(
            Notification.objects.filter(email_state=EmailState.DIGEST, recipient_id__gt=last)
            .order_by("recipient_id").values_list("recipient_id", flat=True).distinct()[:size]
        )
        if not user_ids:
            return sent
        last = user_ids[-1]
        sent += _send_digest_batch(user_ids)


# --- notification centre ------------------------------------------------------------------------

def notification_mark_read(*, notification: Notification, by) -> Notification:
    """Mark one of the user's notifications read; marking it again changes nothing."""
    if notification.recipient_id != by.pk:
        raise PermissionError("a notification is only marked read by its recipient")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, by) -> int:
    """Mark every unread notification of ``by`` read; returns how many."""
    return Notification.objects.visible_to(by).unread().update(read_at=timezone.now())


# --- preferences --------------------------------------------------------------------------------

def preferences_for(user) -> dict[str, Channels]:
    """Every kind with the user's choice or the default; one query."""
    rows = {p.kind: p for p in NotificationPreference.objects.filter(user_id=user.pk)}
    return {kind: _channels(rows.get(kind)) for kind in NotificationKind.values}


@transaction.atomic
def preferences_save(*, user, choices: dict[str, Channels]) -> None:
    """Store the user's choices for the given kinds (upsert; unknown kinds are refused)."""
    unknown = set(choices) - set(NotificationKind.values)
    if unknown:
        message = _("Unknown notification kind: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        raise ValidationError({"kind": message})
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user_id=user.pk, kind=kind, in_app=ch.in_app, email=ch.email,
                                email_frequency=ch.frequency) for kind, ch in choices.items()],
        update_conflicts=True, unique_fields=["user", "kind"],
        update_fields=["in_app", "email", "email_frequency", "updated_at"],
    )
