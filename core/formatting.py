"""One way to show money, numbers, percentages, dates and durations, in the active language's format.

Templates reach these through the ``iei`` filters (``|money``, ``|number``, ``|percent``, ``|day``,
``|moment``, ``|duration``); Python that builds display strings (dashboard cards, panels) calls them
directly, so a figure reads the same on a card, in a table and in a detail page. Grouping and
separators come from Django's format machinery for the active language (``core/formats`` overrides
only what the college reads differently), so ``¥1,500,000.00`` in both languages, ``2026年12月6日``
and ``Dec. 6, 2026``. A missing value is shown as an em dash, never as "None" or an empty cell.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import gettext

NA = "—"
CURRENCY = "¥"  # every amount of the platform is in CNY


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return d if d.is_finite() else None


def _places(d: Decimal, most: int) -> int:
    """The fewest decimal places (up to ``most``) that show ``d`` rounded to ``most`` places."""
    rounded = d.quantize(Decimal(1).scaleb(-most))
    for places in range(most + 1):
        if rounded == rounded.quantize(Decimal(1).scaleb(-places)):
            return places
    return most


def number(value, places: int | None = None) -> str:
    """A number grouped by the active language: ``6690000.0`` → ``6,690,000``, ``1.25`` → ``1.25``.

    ``places`` fixes the decimal places; without it, up to two, trailing zeros dropped.
    """
    d = _decimal(value)
    if d is None:
        return NA
    if places is None:
        places = _places(d, 2)
    # Django's number_format cuts the digits beyond decimal_pos (66.66 → "66.6"): round half up first.
    d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(d, decimal_pos=places, use_l10n=True, force_grouping=True)


def money(value) -> str:
    """An amount in CNY with two decimals: ``¥1,500,000.00``; a negative one ``-¥20.00``."""
    d = _decimal(value)
    if d is None:
        return NA
    text = number(abs(d), 2)
    return f"-{CURRENCY}{text}" if d < 0 else f"{CURRENCY}{text}"


def percent(value, places: int | None = None) -> str:
    """A figure already in percent (``85.25`` → ``85.3%``); up to one decimal unless ``places`` says."""
    d = _decimal(value)
    if d is None:
        return NA
    if places is None:
        places = _places(d, 1)
    return f"{number(d, places)}%"


def day(value, short: bool = False) -> str:
    """A date in the active language's long form: ``2026年12月6日`` / ``Dec. 6, 2026``; ``short``
    without the year (``12月6日`` / ``December 6``), for this year's dates in a narrow place."""
    if value is None or value == "":
        return NA
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "MONTH_DAY_FORMAT" if short else "DATE_FORMAT")


def moment(value) -> str:
    """A point in time, in local time: ``2026年12月6日 09:30`` / ``Dec. 6, 2026, 9:30 a.m.``."""
    if value is None or value == "":
        return NA
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


def duration(value, unit: str = "") -> str:
    """A length of time: a ``timedelta`` (``2 hours 30 min``), or a number of ``days`` or ``hours``
    (``1.5 days`` / ``1.5天``). Two forms per unit instead of plural rules: the catalogues carry none."""
    if value is None or value == "":
        return NA
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        parts = []
        if days:
            parts.append(_unit(days, "days"))
        if hours:
            parts.append(_unit(hours, "hours"))
        if mins or not parts:
            parts.append(gettext("%(n)s min") % {"n": mins})
        return " ".join(parts)
    d = _decimal(value)
    if d is None:
        return NA
    return _unit(d, unit or "days")


def _unit(d, unit: str) -> str:
    n = number(d, None)
    one = Decimal(d) == 1
    if unit == "hours":
        return (gettext("%(n)s hour") if one else gettext("%(n)s hours")) % {"n": n}
    return (gettext("%(n)s day") if one else gettext("%(n)s days")) % {"n": n}
