"""What domain apps hand to the host apps (notifications, reports) through the registry.

The hosts sit above the domain apps and import none of them; a domain app must not import a host
either. So the words both sides use live here, below both: a domain app describes its export specs,
reminder notices, report figures and the people an event concerns with these plain records, and the
host does the delivering, writing and laying out. Which modules provide them is listed in
``core/registry.py``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

Text = str | Promise


# ----------------------------------------------------------------------------- exports (<app>/exports.py)

@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy translation
    path: str  # a values() lookup
    display: Callable[[Any], Any] | None = None  # turns a stored value into what a reader expects


@dataclass(frozen=True)
class ExportSpec:
    """One exportable list: the rows are always the model's ``visible_to(user)``, narrowed by the list
    page's FilterSet (``filterset``: its dotted path, loaded and checked when the reports app starts)."""

    name: str
    label: Any
    model: str  # "app.Model"
    columns: tuple[Column, ...]
    filterset: str = ""

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def column_map(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}


def choice_display(model: str, field_name: str) -> Callable[[Any], Any]:
    """Shows a choice's label; labels are resolved once per language, not per row."""
    cache: dict[str, dict] = {}

    def display(value):
        lang = get_language() or ""
        if lang not in cache:
            flat = apps.get_model(model)._meta.get_field(field_name).flatchoices
            cache[lang] = {k: str(v) for k, v in flat}
        return cache[lang].get(value, value)

    display.choice_of = (model, field_name)  # checked at start-up with the rest of the spec
    return display


def yes_no(value) -> str:
    return str(_("Yes")) if value else str(_("No"))


# ----------------------------------------------------------------------------- imports (<app>/imports.py)

@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: Any
    required: bool = False
    help: Any = ""


@dataclass
class ParsedRow:
    number: int  # row number in the file as a spreadsheet shows it (header is row 1)
    data: dict[str, str]
    errors: dict[str, list[str]]

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


@dataclass(frozen=True)
class ImportSpec:
    """A kind of record the college imports in bulk from a spreadsheet (the reports app runs the import).

    ``check(rows)`` adds each row's errors (against the database and the other rows) and may normalise
    its values; ``write(data)`` creates one row's records, inside the import's one transaction.
    """

    target: str
    label: Any
    columns: tuple[ImportColumn, ...]
    check: Callable[[list[ParsedRow]], None]
    write: Callable[[dict], None]


def check_duplicates(rows: list[ParsedRow], key: str, normalise: Callable[[str], str] = lambda v: v) -> None:
    """A value of ``key`` given in two rows of the file is an error on the later one."""
    seen: dict[str, int] = {}
    for r in rows:
        v = normalise(r.data.get(key, ""))
        if not v:
            continue
        if v in seen:
            r.error(key, gettext("Repeats row %(n)s of this file.") % {"n": seen[v]})
        else:
            seen[v] = r.number


def check_emails(rows: list[ParsedRow]) -> None:
    for r in rows:
        if r.data.get("email"):
            try:
                validate_email(r.data["email"])
            except ValidationError:
                r.error("email", gettext("Enter a valid e-mail address."))


# ----------------------------------------------------------------------------- reminders (<app>/reminders.py)

@dataclass
class Notice:
    """One thing to tell some users about; ``key`` (rule + object + period) makes it send-once."""

    recipients: Iterable
    kind: str  # a notifications kind (NotificationKind value)
    title: Text
    body: Text = ""
    url: str = ""
    obj: models.Model | tuple[int, int] | None = None  # an instance or (content_type_id, object_id)
    key: str = ""
    rule: str = ""

    def recipient_ids(self) -> list[int]:
        ids = (getattr(r, "pk", r) for r in self.recipients)
        return list(dict.fromkeys(int(i) for i in ids if i is not None))

    def target(self) -> tuple[int | None, int | None]:
        if self.obj is None:
            return None, None
        if isinstance(self.obj, tuple):
            return self.obj
        return ContentType.objects.get_for_model(self.obj).pk, self.obj.pk


@dataclass
class Email:
    """An e-mail to someone without an account (an enterprise mentor, a host contact), sent once per ``key``."""

    key: str
    rule: str
    to: str
    subject: Text
    body: Text


@dataclass(frozen=True)
class NoticeQuery:
    """Many notices of one rule as one query: the host writes them set-wise, the database doing the work.

    Where a rule would yield one ``Notice`` per object (a late log, an unreviewed log), it yields one
    ``NoticeQuery`` instead and nothing is loaded into Python: the host turns it into a single
    ``INSERT ... SELECT`` that claims the keys, applies each recipient's preferences and renders the
    texts in each recipient's language (notifications/services.py ``deliver_query``).

    ``rows`` is the rule's queryset, one row per object and recipient; ``recipient`` and ``object_id``
    are lookups or expressions on it (the user to tell, the pk of the ``content_type`` object), and
    ``fields`` names every other value the texts use (name → lookup or expression). ``key``, ``title``,
    ``body`` and ``url`` are ``str.format`` templates over ``object_id`` and ``fields`` (plain
    ``{name}`` fields only), the title and body lazy translations as a ``Notice`` would carry them. A
    field rendered as ``None`` in Python is empty here: select ``Coalesce`` where that matters.
    """

    rows: models.QuerySet
    kind: str
    rule: str
    key: str
    title: Text
    recipient: Any = "recipient"
    object_id: Any = "id"
    fields: dict[str, Any] = field(default_factory=dict)
    body: Text = ""
    url: str = ""
    content_type: int | None = None


class ReminderKit:
    """What the notifications host lends a reminder rule: its settings, batching and absolute links.

    The host passes its own implementation; this class documents the interface (and is what a
    rule's test may pass).
    """

    def setting(self, name: str) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def batches(self, qs) -> Iterator[list]:  # pragma: no cover - interface
        raise NotImplementedError

    def absolute_url(self, url: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class ReminderRule:
    """A periodic reminder of a domain app.

    ``run(today, kit)`` yields one list of ``Notice``/``Email``/``NoticeQuery`` per batch of candidates;
    the host writes each list in one transaction (a batch lands whole or not at all). ``settings`` are the
    rule's thresholds with their defaults (overridable through ``settings.IEI_REMINDERS``).
    """

    name: str
    run: Callable[[date, ReminderKit], Iterator[list[Notice | Email | NoticeQuery]]]
    settings: dict[str, Any] = field(default_factory=dict)


# A rule writes thousands of notifications, each with its object's URL; ``reverse()`` costs about
# 0.14 ms a call (a quarter of a reminder job). The URL of one pk is reversed once per pattern and
# the others are made from it.
_URL_PATTERN_PK = 987654321
_url_patterns: dict[tuple[str, str], str] = {}


def _detail_url(url_name: str, pk: int) -> str:
    key = (get_script_prefix(), url_name)
    pattern = _url_patterns.get(key)
    if pattern is None:
        pattern = _url_patterns[key] = reverse(url_name, kwargs={"pk": _URL_PATTERN_PK})
    if str(_URL_PATTERN_PK) not in pattern or not isinstance(pk, int):
        return reverse(url_name, kwargs={"pk": pk})
    return pattern.replace(str(_URL_PATTERN_PK), str(pk))


def object_url(url_name: str, pk: int, fallback: str = "") -> str:
    """The detail page of an object, or the ``fallback`` page when the app has no such URL (yet)."""
    try:
        return _detail_url(url_name, pk)
    except NoReverseMatch:
        return list_url(fallback) if fallback else ""


def object_url_pattern(url_name: str, field_name: str = "object_id", fallback: str = "") -> str:
    """``object_url`` as a ``str.format`` template with ``{field_name}`` for the pk (a ``NoticeQuery``'s url)."""
    try:
        url = _detail_url(url_name, _URL_PATTERN_PK)
    except NoReverseMatch:
        return list_url(fallback).replace("{", "{{").replace("}", "}}") if fallback else ""
    return url.replace("{", "{{").replace("}", "}}").replace(str(_URL_PATTERN_PK), "{" + field_name + "}")


def list_url(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


# ----------------------------------------------------------------------------- events (<app>/recipients.py)

@dataclass(frozen=True)
class Audience:
    """Who an event concerns and what to tell them: the domain app's answer, the notifications host's delivery.

    ``kind`` is a notifications kind (NotificationKind value): it decides the user's channels. The
    host leaves out the event's actor and notifies each user once per event, however often it runs.
    """

    user_ids: tuple[int, ...]
    kind: str
    title: Text
    body: Text = ""
    url: str = ""


def tells(kind: str, who: Text):
    """Declare, on an ``EVENT_RECIPIENTS`` function, the notification kind it sends and to whom.

    The notifications host builds its catalogue of kinds (docs/NOTIFICATIONS.md and the preferences
    page) from these declarations, so the table cannot drift from the code that chooses the recipients.
    """
    def wrap(fn):
        fn.kind, fn.who = kind, who
        return fn
    return wrap


# ----------------------------------------------------------------------------- webhooks (<app>/webhooks.py)

@dataclass(frozen=True)
class RecordScope:
    """Whose a record is, for the integrations host (outbound webhooks, group-chat channels).

    Paths are ``values()`` lookups from the record. ``enterprises``: the enterprise organisations the record
    belongs to (only their endpoints hear of it; a model without a scope reaches college endpoints only).
    ``person``: the user the record is about (a group chat shows their masked name); ``department``: the
    department organisation it falls under (else the person's department membership); ``api``: the URL
    name of the record's API detail route (a thin webhook payload links to it).
    """

    enterprises: tuple[str, ...] = ()
    person: str = ""
    department: str = ""
    api: str = ""


# ----------------------------------------------------------------------------- report figures

@dataclass
class Section:
    """One section of the annual report: labelled figures and an optional bar chart."""

    key: str
    title: str
    rows: list[tuple[str, Any]] = field(default_factory=list)
    chart_title: str = ""
    chart: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class ReportYear:
    """The year an annual report covers, and what the apps together say about it.

    ``as_of`` is the moment the figures are taken at: the end of the year, or now for the current
    year. Every figure is computed as of then from dated records or history, never from today's
    state, so a past year's report stays the same whenever it is drawn up.
    """

    year: int
    participants: frozenset[int] = frozenset()  # enterprises that took part in the year (every app's say)
    competency_demand: dict[int, int] = field(default_factory=dict)  # competency id -> times asked for

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def as_of(self) -> datetime:
        return min(end_of_day(self.end), timezone.now())

    @property
    def as_of_date(self) -> date:
        return timezone.localdate(self.as_of)


@dataclass(frozen=True)
class AnnualSection:
    """A section an app contributes to the annual report, in ``settings.DOMAIN_APPS`` order."""

    key: str
    title: Any  # lazy translation; shown even when the figures cannot be read
    build: Callable[[ReportYear], Section]


@dataclass(frozen=True)
class Kpi:
    """A key figure of the college, stored monthly by the reports app to draw its trend.

    A figure with a ``card`` title heads a card of the college admin's dashboard (its trend drawn),
    with the figure ``beside`` (another key) under it.
    """

    key: str
    label: Any
    card: Any = None
    beside: str = ""
    order: int = 100


@dataclass
class ChartCard:
    """A dashboard card with a chart the host draws (``chart`` points, bars)."""

    title: str
    value: str | int = ""
    detail: str = ""
    order: int = 100
    rows: list[tuple[str, str]] = field(default_factory=list)
    chart: list[tuple[str, float]] = field(default_factory=list)
    chart_title: str = ""
    key: str = ""  # the figure it shows (core.registry.Card.key): one card per key on a dashboard


def status_as_of(model: type[models.Model], when: datetime, field_name: str = "status"):
    """An expression for ``field_name`` as it stood at ``when``, from the recorded transitions.

    The value the latest ``StatusChange`` at or before ``when`` moved it to; else the value the first
    change after ``when`` moved it from; else (never moved) the current value.
    """
    from .models import StatusChange

    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    changes = StatusChange.objects.filter(content_type_id=ct.pk, object_id=OuterRef("pk"), field=field_name)
    before = changes.filter(at__lte=when).order_by("-at", "-id").values("to_status")[:1]
    after = changes.filter(at__gt=when).order_by("at", "id").values("from_status")[:1]
    output = model._meta.get_field(field_name)
    return Coalesce(Subquery(before, output_field=output), Subquery(after, output_field=output), F(field_name),
                    output_field=output)


def require_fields(model: type[models.Model], *names: str) -> None:
    """Raise if ``model`` lacks a field a figure reads: a renamed field fails loudly, never drops a row."""
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise FieldDoesNotExist(f"{model._meta.label} has no field {name!r}, which a report figure reads") from exc
