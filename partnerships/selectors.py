"""Reads of the partnerships app: metrics from every app, commitment fulfilment and partnership health."""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import app_modules

from .choices import AgreementStatus, EnrollmentStatus, HiringOutcome
from .models import Agreement, AgreementCommitment, ContactLog, OrderClass

log = logging.getLogger(__name__)
METRIC_KEYS = ("interns_hosted", "teachers_hosted", "teacher_placement_days", "investment_cny", "projects", "contacts")


def collect_metrics(org_ids, *, start: date, end: date) -> dict[int, dict[str, Decimal]]:
    """Sum the ``enterprise_metrics`` of every installed app; a missing app simply contributes nothing."""
    org_ids = list(set(org_ids))
    out: dict[int, dict[str, Decimal]] = {oid: defaultdict(Decimal) for oid in org_ids}
    if not org_ids:
        return out
    for mod in app_modules("metrics"):
        fn = getattr(mod, "enterprise_metrics", None)
        if fn is None:
            continue
        try:
            result = fn(org_ids, start=start, end=end) or {}
        except Exception:  # noqa: BLE001 - one app's failure shows as missing numbers, logged, not as a 500
            log.exception("enterprise metrics of %s failed", mod.__name__)
            continue
        for oid, values in result.items():
            if oid in out:
                for key, value in values.items():
                    out[oid][key] += Decimal(str(value or 0))
    return out


# --- Commitment fulfilment per agreement year ------------------------------------------------------

def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@dataclass
class CommitmentResult:
    kind: str
    label: str
    promised: Decimal
    actual: Decimal

    @property
    def ratio(self) -> Decimal:
        return min(self.actual / self.promised, Decimal(1)) if self.promised else Decimal(1)

    @property
    def kept(self) -> bool:
        return self.actual >= self.promised


@dataclass
class AgreementYear:
    number: int
    start: date
    end: date
    ended: bool
    results: list[CommitmentResult] = field(default_factory=list)


def agreement_fulfilment(agreement: Agreement, *, today: date | None = None) -> list[AgreementYear]:
    """Each agreement year that has begun, with every commitment's promised and actual amount.

    The actual amount is the sum of the metric over all partner parties in that year. Queries grow with
    the number of years of one agreement (a handful), never with the number of rows elsewhere.
    """
    today = today or timezone.localdate()
    commitments = list(agreement.commitments.all())
    party_ids = [p.pk for p in agreement.parties.all()]
    years: list[AgreementYear] = []
    n = 0
    start = agreement.start_date
    while start <= min(agreement.end_date, today):
        end = min(_add_years(agreement.start_date, n + 1) - timedelta(days=1), agreement.end_date)
        year = AgreementYear(number=n + 1, start=start, end=end, ended=end < today)
        if commitments:
            metrics = collect_metrics(party_ids, start=start, end=min(end, today))
            for c in commitments:
                actual = sum((metrics[p][c.kind] for p in party_ids), Decimal(0))
                year.results.append(CommitmentResult(c.kind, c.get_kind_display(), c.amount, actual))
        years.append(year)
        n += 1
        start = end + timedelta(days=1)
    return years


# --- Partnership health ----------------------------------------------------------------------------

# component key -> (label, weight, target reached at full marks)
HEALTH_COMPONENTS = {
    "interns_hosted": (_("Interns hosted"), 20, Decimal(5)),
    "projects": (_("Industry projects"), 15, Decimal(2)),
    "teachers_hosted": (_("Teachers hosted"), 15, Decimal(2)),
    "investment_cny": (_("Investment (CNY)"), 15, Decimal(100000)),
    "commitments": (_("Commitments kept"), 20, Decimal(1)),
    "last_contact": (_("Recent contact"), 15, Decimal(1)),
}
HEALTH_WINDOW_DAYS = 365
CONTACT_FRESH_DAYS = 90


@dataclass
class HealthPart:
    key: str
    label: str
    value: Decimal | None
    target: Decimal
    weight: int
    ratio: Decimal | None  # None: not applicable, its weight goes to the others

    @property
    def points(self) -> Decimal:
        return Decimal(0) if self.ratio is None else (self.ratio * self.weight).quantize(Decimal("0.1"))


@dataclass
class Health:
    """Partnership health of one enterprise over the last 12 months.

    Formula: each component gets ``ratio = min(actual / target, 1)`` and the score is
    ``100 × Σ(weight × ratio) / Σ(weight)`` over the components that apply:

    - interns hosted (target 5, weight 20), industry projects published (2, 15), teachers hosted (2, 15)
      and investment recorded (CNY 100 000, 15), all counted in the last 12 months;
    - commitments kept (weight 20): the mean, over the commitments of the enterprise's active agreements,
      of ``min(what all parties delivered in the last 12 months / the yearly promise, 1)``; left out when
      there are no commitments;
    - recent contact (weight 15): 1 within 90 days of the last contact, falling linearly to 0 at 365 days.
    """

    org_id: int
    start: date
    end: date
    parts: list[HealthPart]
    last_contact: date | None
    metrics: dict[str, Decimal]

    @property
    def score(self) -> int:
        applicable = [p for p in self.parts if p.ratio is not None]
        weight = sum(p.weight for p in applicable)
        if not weight:
            return 0
        return round(sum(p.ratio * p.weight for p in applicable) * 100 / weight)

    @property
    def level(self) -> str:
        return "ok" if self.score >= 70 else "warn" if self.score >= 40 else "bad"


def _contact_ratio(last: date | None, today: date) -> Decimal:
    if last is None:
        return Decimal(0)
    days = (today - last).days
    if days <= CONTACT_FRESH_DAYS:
        return Decimal(1)
    if days >= HEALTH_WINDOW_DAYS:
        return Decimal(0)
    return (Decimal(HEALTH_WINDOW_DAYS - days) / Decimal(HEALTH_WINDOW_DAYS - CONTACT_FRESH_DAYS)).quantize(
        Decimal("0.001")
    )


def partnership_health(org_ids, *, today: date | None = None) -> dict[int, Health]:
    """Health of many enterprises at once, in a constant number of queries (see ``Health`` for the formula)."""
    today = today or timezone.localdate()
    start = today - timedelta(days=HEALTH_WINDOW_DAYS - 1)
    org_ids = list(set(org_ids))
    if not org_ids:
        return {}
    through = Agreement.parties.through
    links = list(
        through.objects.filter(
            agreement__status=AgreementStatus.ACTIVE,
            agreement__in=through.objects.filter(organization_id__in=org_ids).values("agreement_id"),
        ).values_list("agreement_id", "organization_id")
    )
    parties_of: dict[int, set[int]] = defaultdict(set)
    for agreement_id, oid in links:
        parties_of[agreement_id].add(oid)
    commitments = list(
        AgreementCommitment.objects.filter(agreement_id__in=parties_of).values_list("agreement_id", "kind", "amount")
    )
    all_orgs = set(org_ids).union(*parties_of.values()) if parties_of else set(org_ids)
    metrics = collect_metrics(all_orgs, start=start, end=today)
    last_contacts = dict(
        ContactLog.objects.filter(enterprise_id__in=org_ids).values("enterprise_id")
        .annotate(last=Max("occurred_on")).order_by().values_list("enterprise_id", "last")
    )
    ratios_by_org: dict[int, list[Decimal]] = defaultdict(list)
    for agreement_id, kind, amount in commitments:
        actual = sum((metrics[p][kind] for p in parties_of[agreement_id]), Decimal(0))
        ratio = min(actual / amount, Decimal(1))
        for oid in parties_of[agreement_id]:
            ratios_by_org[oid].append(ratio)
    out: dict[int, Health] = {}
    for oid in org_ids:
        m = metrics[oid]
        parts = []
        for key, (label, weight, target) in HEALTH_COMPONENTS.items():
            if key == "commitments":
                ratios = ratios_by_org.get(oid)
                value = (sum(ratios) / len(ratios)).quantize(Decimal("0.001")) if ratios else None
                ratio = value
            elif key == "last_contact":
                last = last_contacts.get(oid)
                value = Decimal((today - last).days) if last else None
                ratio = _contact_ratio(last, today)
            else:
                value = m[key]
                ratio = min(value / target, Decimal(1))
            parts.append(HealthPart(key, str(label), value, target, weight, ratio))
        out[oid] = Health(oid, start, today, parts, last_contacts.get(oid), dict(m))
    return out


# --- Order classes ---------------------------------------------------------------------------------

def order_classes_with_counts(qs):
    """Annotate enrolled / graduated / hired counts so a list renders in one query."""
    return qs.annotate(
        enrolled_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED), distinct=True),
        graduated_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.GRADUATED), distinct=True),
        hired_count=Count("enrollments", filter=Q(enrollments__outcome=HiringOutcome.HIRED), distinct=True),
    )


def hiring_rate(order_class: OrderClass) -> Decimal | None:
    """Share of graduates the enterprise hired ("enrolment is employment"); None before graduation."""
    graduated = getattr(order_class, "graduated_count", None)
    hired = getattr(order_class, "hired_count", None)
    if graduated is None:
        graduated = order_class.enrollments.filter(status=EnrollmentStatus.GRADUATED).count()
        hired = order_class.enrollments.filter(outcome=HiringOutcome.HIRED).count()
    if not graduated:
        return None
    return (Decimal(hired) / Decimal(graduated) * 100).quantize(Decimal("0.1"))


