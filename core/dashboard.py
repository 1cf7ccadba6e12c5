"""The landing dashboard, composed once: apps declare their cards, the shell makes one page of them.

Each app's ``dashboard.py`` returns ``cards(request) -> list[Card]`` without knowing the other apps'
cards (core/registry.py). Here they become one coherent page:

1. every app's cards are collected (``settings.DOMAIN_APPS`` order);
2. cards naming the same figure (``Card.key``) become one card: the first full card keeps its title
   and value, later ones only fill in what it lacks (link, detail, chart, rows), a ``supplement`` (a key
   figure's trend, drawn by reports) its chart; so a figure two apps offer is never shown twice;
3. the cards are ordered by ``PRIORITY`` of the user's primary role: what the role has to act on first,
   then its own work, then the state of things. A key a role's list does not name follows the named
   ones, by the card's own ``order``.

A figure that several cards, or a card and the navigation, need is computed once per request through
``once(user, key, compute)``: the result is kept on the request's user object, the way ``access_for``
keeps the user's roles, so it lives exactly as long as the request that loaded the user.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from .access import access_for
from .registry import Card, app_modules
from .replica import replica_reads

T = TypeVar("T")

# What each role does first. Keys are the figures' stable names (``Card.key``), declared by the apps.
_ADMIN = (
    # waiting on the college
    "unread_notifications", "placements_breaking_rules", "postings_awaiting_approval", "leave_to_decide",
    "long_absences", "working_time_breaches", "bookings_awaiting_approval", "teacher_evidence_to_verify",
    "achievements_to_verify", "programmes_in_review", "follow_ups_due", "agreements_ending_soon",
    "reports_being_prepared",
    # the state of things
    "active_placements", "checked_in_today", "active_agreements", "partner_enterprises", "dual_qualified_ratio",
    "teachers_behind_on_practice", "budget_execution", "competency_gaps", "stale_courses",
)
PRIORITY: dict[str, tuple[str, ...]] = {
    "college_admin": _ADMIN,
    "department_admin": _ADMIN,
    "teacher": (
        "unread_notifications", "logs_to_review", "leave_to_decide", "working_time_breaches", "follow_ups_due",
        "mentees", "checked_in_today", "practice_standing", "my_courses", "my_bookings", "open_projects",
        "reports_being_prepared",
    ),
    "enterprise": (
        "unread_notifications", "new_applicants", "teacher_placements_to_confirm", "leave_to_decide",
        "programmes_awaiting_comments", "follow_ups_due", "interns", "checked_in_today", "working_time_breaches",
        "postings_by_status", "applications_by_status", "industry_projects", "investment_in_education",
        "teacher_placements_hosted", "competency_gaps",
    ),
    "student": (
        "unread_notifications", "offers_waiting", "todays_check_in", "my_placement", "my_weekly_logs",
        "my_applications", "open_postings", "my_achievements", "my_bookings", "open_projects",
    ),
    "association": ("unread_notifications", "programmes_awaiting_comments", "competency_gaps"),
}

_MEMO = "_iei_dashboard_figures"


def once(user, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` the first time ``key`` is asked for during this request, its result after that."""
    memo = getattr(user, _MEMO, None)
    if memo is None:
        memo = {}
        try:
            setattr(user, _MEMO, memo)
        except AttributeError:  # an object that keeps nothing (AnonymousUser is fine): compute each time
            with replica_reads():
                return compute()
    if key not in memo:
        # A dashboard's figures may be seconds old: read on the replica when there is a healthy one
        # and this request has written nothing (core/replica.py).
        with replica_reads():
            memo[key] = compute()
    return memo[key]


def merge(cards: list[Card]) -> list[Card]:
    """One card per key, in the order the keys first appear; cards without a key stand as they are."""
    by_key: dict[str, Card] = {}
    out: list[Card] = []
    for card in cards:
        if not card.key:
            out.append(card)
            continue
        kept = by_key.get(card.key)
        if kept is None:
            by_key[card.key] = card
            out.append(card)
            continue
        if kept.supplement and not card.supplement:
            # A full card takes the place of the supplement met first, and keeps what it added.
            primary, extra = card, kept
        else:
            primary, extra = kept, card
        # A supplement lends its chart and rows; its link and detail (the trend page, "as of" a month)
        # would describe it, not the live figure.
        lends_text = not extra.supplement or primary.supplement
        merged = replace(primary, supplement=primary.supplement and extra.supplement,
                         url=primary.url or (extra.url if lends_text else ""),
                         detail=primary.detail or (extra.detail if lends_text else ""),
                         svg=primary.svg or extra.svg, rows=primary.rows or extra.rows)
        by_key[card.key] = merged
        out[out.index(kept)] = merged
    return out


def ordered(cards: list[Card], role: str | None) -> list[Card]:
    """The role's priority first, then each card's own ``order``; stable for equal places."""
    rank = {key: i for i, key in enumerate(PRIORITY.get(role or "", ()))}
    return sorted(cards, key=lambda c: (rank.get(c.key, len(rank)), c.order))


def compose(request) -> list[Card]:
    """The dashboard of ``request.user``: every app's cards, one per figure, in the role's order."""
    try:
        setattr(request.user, _MEMO, {})  # a user object reused by a test starts each page afresh
    except AttributeError:
        pass
    cards: list[Card] = []
    for mod in app_modules("dashboard"):
        cards.extend(mod.cards(request))
    return ordered(merge(cards), access_for(request.user).primary_role)
