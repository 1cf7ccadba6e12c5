"""Machinery of the access matrix: what to ask (every API operation and HTML page) and of which rows.

Operations come from drf-spectacular's generator and pages from Django's URL resolver, so a new
endpoint or page shows up here by itself and then needs its line in ``access_table.EXPECTED``.

Each row-bound operation is asked twice: of a row on side A (enterprise A and its staff user,
``teacher``, ``student``) and of a row on side B (enterprise B and its staff user, ``teacher2``,
``student2``). A row's side is found by following its foreign keys and many-to-many fields (up to
three hops) to an organisation or a user, so the choice follows the data model rather than a
hand-kept list. A row the side's enterprise owns is preferred, so wherever enterprises own rows the
B half of a line is enterprise B's own row, which enterprise A must not reach.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

ROLES = ["anon", "admin", "teacher", "ent_a", "ent_b", "student", "assoc"]
WRITE_METHODS = {"post", "put", "patch", "delete"}

# HTML routes whose <pk> does not name their own model: route prefix -> "app_label.Model".
HTML_MODELS = {
    "accounts/audit/": "partnerships.Agreement",
    "accounts/tokens/": "accounts.ApiToken",
    "accounts/users/": "accounts.User",
    "accounts/roles/": "accounts.Membership",
    "accounts/invitations/": "accounts.Invitation",
    "curriculum/programs/": "curriculum.Program",
    "curriculum/courses/": "curriculum.Course",
    "curriculum/achievements/": "curriculum.StudentAchievement",
    "curriculum/projects/": "curriculum.CourseProject",
    "curriculum/modules/": "curriculum.CourseModule",
    "curriculum/competencies/": "curriculum.Competency",
    "curriculum/job-posts/": "curriculum.JobPost",
    "curriculum/competitions/": "curriculum.Competition",
    "curriculum/certificates/": "curriculum.Certificate",
    "partnerships/enterprises/": "partnerships.Enterprise",
    "partnerships/agreements/": "partnerships.Agreement",
    "partnerships/order-classes/": "partnerships.OrderClass",
    "partnerships/projects/": "partnerships.IndustryProject",
    "partnerships/contacts/": "partnerships.ContactLog",
    "internships/postings/": "internships.Posting",
    "internships/applications/": "internships.Application",
    "internships/placements/": "internships.Placement",
    "internships/logs/": "internships.WeeklyLog",
    "internships/attachments/": "internships.WeeklyLogAttachment",
    "internships/outcomes/": "internships.EmploymentOutcome",
    "internships/incidents/": "internships.SafetyIncident",
    "faculty/placements/": "faculty.TeacherPlacement",
    "faculty/certificates/": "faculty.TeacherCertificate",
    "faculty/trainings/": "faculty.TrainingRecord",
    "faculty/reforms/": "faculty.ReformRecord",
    "faculty/industry-years/": "faculty.IndustryYearsDeclaration",
    "faculty/instructors/": "faculty.PartTimeInstructor",
    "faculty/teaching/": "faculty.TeachingAssignment",
    "faculty/evaluations/": "faculty.InstructorEvaluation",
    "faculty/awards/": "faculty.TeacherAward",
    "funding/sources/": "funding.FundingSource",
    "funding/budgets/": "funding.Budget",
    "funding/expenditures/": "funding.Expenditure",
    "funding/bases/": "funding.TrainingBase",
    "funding/bookings/": "funding.Booking",
    "funding/incentives/": "funding.Incentive",
    "funding/standards/": "funding.Standard",
    "funding/evaluations/": "funding.ProgramEvaluation",
    "funding/criteria/": "funding.EvaluationCriterion",
    "notifications/": "notifications.Notification",
    "reports/jobs/": "reports.ReportJob",
    "integrations/webhooks/": "integrations.WebhookEndpoint",
    "integrations/channels/": "integrations.ChatChannel",
    "integrations/deliveries/": "integrations.Delivery",
    "attendance/placements/": "internships.Placement",
    "attendance/check-ins/": "attendance.CheckIn",
    "attendance/leave/": "attendance.LeaveRequest",
    "attendance/breaches/": "attendance.WorkingTimeBreach",
    "attendance/visits/": "attendance.SupervisionVisit",
    "attendance/calendar/": "attendance.CalendarDay",
}

# Values for the non-pk parts of HTML routes. Action routes get a real action name so the page is
# asked the real question (its GET answer is the matrix entry; writes go through POST forms).
HTML_ARGS = {
    "label": "partnerships.agreement",
    "fmt": "csv",
    "target": "enterprises",
    "token": "forged-token",
    "uidb64": "MQ",
    "action": "approve",
    "step": "approve",
    "act": "verify",
    "photo_id": "1",
    "year": "2025",
}


@dataclass(frozen=True)
class Operation:
    kind: str  # "api" or "html"
    method: str  # lower case
    route: str  # schema path or resolver route: the key of the expectation table
    model: type[models.Model] | None  # the row an id/pk names, None for collection routes

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.route}"


def api_operations() -> list[Operation]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    ops = []
    for path, item in schema["paths"].items():
        model = None
        if "{id}" in path:
            view = resolve(re.sub(r"\{\w+\}", "1", path)).func
            cls = view.cls
            qs = getattr(cls, "queryset", None)
            model = qs.model if qs is not None else cls.serializer_class.Meta.model
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                ops.append(Operation("api", method, path, model))
    return ops


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def html_operations() -> list[Operation]:
    ops = []
    for route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/")):
            # The API is walked from its schema; Django's admin is staff-only and has its own checks.
            continue
        model = None
        if "<int:pk>" in route:
            prefixes = [p for p in HTML_MODELS if route.startswith(p)]
            assert prefixes, f"{route}: name the model its <int:pk> points at in HTML_MODELS (tests/security/matrix.py)"
            prefix = max(prefixes, key=len)
            model = apps.get_model(HTML_MODELS[prefix])
        ops.append(Operation("html", "get", route, model))
    return ops


def _side_lookups(model, depth: int = 3) -> tuple[list[str], list[str]]:
    """Lookups from ``model`` to an organisation and to a user, following forward relations."""
    from accounts.models import Organization, User

    org_lookups, user_lookups = [], []
    if model is Organization:
        org_lookups.append("pk")
    if model is User:
        user_lookups.append("pk")
    frontier = [("", model)]
    for _ in range(depth):
        nxt = []
        for prefix, m in frontier:
            for f in m._meta.get_fields():
                if not (f.is_relation and (f.many_to_one or f.one_to_one or f.many_to_many) and f.concrete):
                    continue
                lookup = prefix + f.name
                if f.related_model is Organization:
                    org_lookups.append(lookup)
                elif f.related_model is User:
                    user_lookups.append(lookup)
                else:
                    nxt.append((lookup + "__", f.related_model))
        frontier = nxt
    return org_lookups, user_lookups


def side_query(model, side: dict, *, orgs_only: bool = False) -> Q | None:
    orgs, users = _side_lookups(model)
    if orgs_only:
        users = []
    q = Q()
    for lookup in orgs:
        q |= Q(**{f"{lookup}__in": [o.pk for o in side["orgs"]]})
    for lookup in users:
        q |= Q(**{f"{lookup}__in": [u.pk for u in side["users"]]})
    return q if (orgs or users) else None


def pick_rows(model, sides: dict) -> tuple[int | None, int | None]:
    """One row of side A and one of side B (pk), or the first row and None for unsided models.

    A row owned by the side's enterprise comes first (a posting, placement or order class of
    enterprise B is what enterprise A must not reach); where a side's enterprise owns no row, a row
    of its people (teacher, student, enterprise staff) stands in.
    """
    manager = model._base_manager
    qa, qb = side_query(model, sides["A"]), side_query(model, sides["B"])
    if qa is None:
        first = manager.order_by("pk").values_list("pk", flat=True).first()
        return first, None

    def first_of(mine: Q, theirs: Q) -> int | None:
        return manager.filter(mine).exclude(theirs).order_by("pk").values_list("pk", flat=True).first()

    a = b = None
    oa, ob = side_query(model, sides["A"], orgs_only=True), side_query(model, sides["B"], orgs_only=True)
    if oa is not None:
        a, b = first_of(oa, ob), first_of(ob, oa)
    if a is None:
        a = first_of(qa, qb)
    if b is None:
        b = first_of(qb, qa)
    if a is None and b is None:
        # Rows of the college's own (made by the admin, tied to no side): ask about the first one.
        a = manager.order_by("pk").values_list("pk", flat=True).first()
    return a, b


def document_of(agreement_pk: int | None) -> str:
    """The id of a document of that agreement: ids are not 1 once other tests have used the sequence."""
    from partnerships.models import AgreementDocument

    doc = (AgreementDocument.objects.filter(agreement_id=agreement_pk).order_by("pk")
           .values_list("pk", flat=True).first()) if agreement_pk is not None else None
    return str(doc or 0)


def html_url(route: str, pk: int | None) -> str:
    url = route
    if pk is not None:
        url = url.replace("<int:pk>", str(pk))
    url = url.replace("<int:doc_id>", document_of(pk))
    url = re.sub(r"\^?coverage/export\\\.\(\?P<fmt>csv\|xlsx\)\$", "coverage/export.csv", url)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: HTML_ARGS[m.group(1)], url)
    return "/" + url


def ask(op: Operation, user, pk: int | None) -> int:
    """Status code of one request; any write is rolled back so the next question sees the same data."""
    if op.kind == "api":
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        url = op.route.replace("{id}", str(pk)) if pk is not None else op.route
        url = url.replace("{doc_id}", document_of(pk))
        url = re.sub(r"\{\w+\}", "1", url)
    else:
        client = Client()
        if user is not None:
            client.force_login(user)
        url = html_url(op.route, pk)
    with transaction.atomic():
        if op.method in WRITE_METHODS:
            response = getattr(client, op.method)(url, {}, format="json")
        else:
            response = client.get(url)
        transaction.set_rollback(True)
    return response.status_code


def observe(op: Operation, users: dict, sides: dict) -> str:
    """The operation's line in the table: ``role:code`` or ``role:codeA|codeB`` for row routes."""
    pk_a = pk_b = None
    if op.model is not None:
        pk_a, pk_b = pick_rows(op.model, sides)
    parts = []
    for role in ROLES:
        if op.model is None:
            parts.append(f"{role}:{ask(op, users[role], None)}")
        else:
            a = ask(op, users[role], pk_a) if pk_a is not None else "-"
            b = ask(op, users[role], pk_b) if pk_b is not None else "-"
            parts.append(f"{role}:{a}|{b}")
    return " ".join(parts)
