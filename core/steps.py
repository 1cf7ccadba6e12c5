"""Workflow steps declared once (CONVENTIONS.md rule 13).

An app lists the steps of a model in one ``Steps`` table: name, service, input, the statuses where
the step is offered, the label of its button and the message people read when it succeeded. From
that table come

- the DRF actions (``POST /api/v1/<resource>/{id}/<step>/``) with their OpenAPI request bodies:
  a viewset names ``steps = TABLE`` and ``ScopedModelViewSet`` adds one action per step;
- the HTML action endpoint: ``StepView`` (core/views.py) posts any step of a table;
- what templates show: ``{% allowed_steps obj as steps %}`` (core/templatetags/iei.py) gives the
  steps the user may take on the row in its current status, rendered by ``core/step_buttons.html``.

Who may take a step is the model's policy (``can_action(user, obj, step.name)``), the same answer
for the API, the page and the buttons; whether the step applies is ``sources`` and ``when`` (the
service checks it again under a row lock: they only decide which buttons are shown).

A step with ``detail=False`` is taken on the user's whole collection rather than on one row ("mark
all my notifications read"): ``POST /api/v1/<resource>/<step>/``, its service is called with ``by``
and its input only, and the policy is asked ``can_action(user, None, step.name)``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .api import Policy
from .domain import DomainError


@dataclass(frozen=True)
class Step:
    name: str  # python name: the viewset method, the policy's action, the HTML URL's <step>
    service: Callable[..., Any]
    label: str
    message: str | Callable[[Any], str]  # or a function of the service's result (a count it returns)
    input: type[serializers.Serializer] | None = None
    sources: tuple[str, ...] | None = None  # statuses where the step is offered; None: always
    url_path: str | None = None  # API path segment when it differs from name ("return-to-draft")
    fixed: dict[str, Any] = field(default_factory=dict)  # extra keyword arguments of the service
    status_code: int = 200
    response: type[serializers.Serializer] | None = None  # answer other than the fresh row
    style: str = ""  # button style: "" (primary), "secondary" or "danger"
    confirm: str = ""  # question shown before posting (browser confirm), empty: none
    # False: the step needs a form of its own on the page (a reason, a grade), so it is not one of
    # the one-click buttons; the API and StepView take it all the same
    button: bool = True
    # a further condition on the row, beyond its status, for the button to show (an import's dry run that
    # found no error); like ``sources`` it decides only what is offered, the service decides what is done
    when: Callable[[Any], bool] | None = None
    detail: bool = True  # False: a step on the user's collection, no row (see the module docstring)
    # True: the step may also be taken on many rows at once (``Steps.run_bulk``, the lists' bulk bar,
    # ``POST /api/v1/<resource>/bulk/<step>/``); each row still goes through the service and the policy
    bulk: bool = False

    @property
    def path(self) -> str:
        return self.url_path or self.name.replace("_", "-")

    def done_message(self, result) -> str:
        """What people read once the step succeeded."""
        return self.message(result) if callable(self.message) else self.message


class StepInputError(Exception):
    """The step's input did not validate; ``errors`` is the serializer's error dict."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(str(errors))


_TABLES: dict[type[models.Model], Steps] = {}


def table_for(model_or_obj) -> Steps | None:
    """The declared steps of a model (or of an instance's model), if it has any."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _TABLES.get(model)


class Steps:
    """The steps of one model: ``Steps(Posting, "posting", PostingPolicy, [Step(...), ...])``."""

    def __init__(self, model: type[models.Model], object_arg: str, policy: type[Policy], steps: Iterable[Step],
                 *, field: str = "status", bulk_related: tuple[str, ...] = ()):
        self.model = model
        # what the policy reads on a row (the log's placement), loaded with the rows of a bulk step
        self.bulk_related = bulk_related
        self.object_arg = object_arg
        self.policy_class = policy
        self.field = field
        self.steps: dict[str, Step] = {}
        for step in steps:
            if step.name in self.steps:
                raise ValueError(f"step {step.name} declared twice for {model.__name__}")
            self.steps[step.name] = step
        if model in _TABLES:
            raise ValueError(f"{model.__name__} has two step tables")
        _TABLES[model] = self

    def __iter__(self):
        return iter(self.steps.values())

    def get(self, name: str) -> Step | None:
        return self.steps.get(name)

    def policy(self) -> Policy:
        return self.policy_class()

    def applies(self, step: Step, obj) -> bool:
        if obj is None:  # a collection step: there is no row whose state could rule it out
            return not step.detail
        return (step.detail and (step.sources is None or getattr(obj, self.field) in step.sources)
                and (step.when is None or step.when(obj)))

    def may(self, user, obj, step: Step) -> bool:
        """The policy's answer; ``obj`` is None for a collection step."""
        return self.policy().can_action(user, obj, step.name)

    def allowed(self, obj, user, *, buttons: bool = True) -> list[Step]:
        """The steps ``user`` may take on ``obj`` now, in declaration order (no queries).

        ``obj=None`` gives the collection steps. ``buttons=True`` leaves out the steps that have a form
        of their own.
        """
        policy = self.policy()
        return [s for s in self if (s.button or not buttons) and self.applies(s, obj)
                and policy.can_action(user, obj, s.name)]

    def may_now(self, obj, user, name: str) -> bool:
        """Whether the step ``name`` is open to ``user`` on ``obj`` (for a form that posts it)."""
        step = self.get(name)
        return step is not None and self.applies(step, obj) and self.may(user, obj, step)

    def validate(self, step: Step, data) -> dict:
        if step.input is None:
            return {}
        ser = step.input(data=data)
        if not ser.is_valid():
            raise StepInputError(ser.errors)
        return dict(ser.validated_data)

    def run(self, step: Step, obj, user, data) -> Any:
        """Validate the input and call the service; its domain errors propagate to the caller."""
        values = self.validate(step, data)
        target = {self.object_arg: obj} if step.detail else {}
        return step.service(**target, by=user, **step.fixed, **values)


    def bulk_steps(self) -> list[Step]:
        return [s for s in self if s.bulk and s.detail]

    def run_bulk(self, step: Step, ids: Iterable[int], user, data) -> BulkResult:
        """Take ``step`` on each row of ``ids``, each in a transaction of its own, as N single steps would.

        The input is validated once (``StepInputError`` for the whole batch). The rows come in one query
        from the user's scope: an id outside it is reported as not found, like the single step's 404, so
        nothing about another tenant's row is revealed. The policy is asked per row; a refused row (policy,
        status, rule) is reported with its reason and does not stop the others.
        """
        from django.db import transaction

        if not step.bulk or not step.detail:
            raise ValueError(f"{step.name} is not a bulk step")
        values = self.validate(step, data)
        wanted = list(dict.fromkeys(ids))  # once each, in the order given
        qs = self.model.objects.visible_to(user).filter(pk__in=wanted)
        if self.bulk_related:
            qs = qs.select_related(*self.bulk_related)
        rows = {obj.pk: obj for obj in qs}
        # The rows named in the request, not a list's page (which its base primes): their people in one query,
        # not one per row.
        self.policy().prime(user, rows.values())
        result = BulkResult()
        for pk in wanted:
            obj = rows.get(pk)
            if obj is None:
                result.refused.append(BulkRefusal(pk, str(_("Not found.")), "not_found"))
                continue
            if not self.may(user, obj, step):
                result.refused.append(BulkRefusal(pk, str(_("You do not have permission to do this.")),
                                                  "permission_denied", obj))
                continue
            try:
                with transaction.atomic():
                    step.service(**{self.object_arg: obj}, by=user, **step.fixed, **values)
            except (DomainError, ValidationError) as exc:
                code = exc.code if isinstance(exc, DomainError) else "invalid"
                result.refused.append(BulkRefusal(pk, message_for(exc), code, obj))
            else:
                result.done.append(obj)
        return result


# The most rows one bulk request may name: a page of a list is 25, a select-all over pages is not offered.
MAX_BULK = 200


@dataclass
class BulkRefusal:
    id: int
    detail: str
    code: str
    obj: Any = None  # the row when the user may see it (never for "not_found")


@dataclass
class BulkResult:
    done: list = field(default_factory=list)  # the rows the step was taken on
    refused: list[BulkRefusal] = field(default_factory=list)

    def as_data(self) -> dict:
        return {"done": [obj.pk for obj in self.done],
                "refused": [{"id": r.id, "detail": r.detail, "code": r.code} for r in self.refused]}


class BulkInput(serializers.Serializer):
    """The rows of a bulk step; the step's own input comes beside ``ids`` in the same body."""

    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False,
                                max_length=MAX_BULK)


class BulkRefusalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField())
    refused = BulkRefusalSerializer(many=True)


class SelectedExportInput(BulkInput):
    """The chosen rows of a list and how to write them (``POST /api/v1/<resource>/export/``)."""

    file_format = serializers.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV")], default="xlsx")
    columns = serializers.ListField(child=serializers.CharField(max_length=64), required=False, max_length=64,
                                    help_text="Column keys of the list's export (GET /api/v1/reports/export-specs/); "
                                              "all of them when left out.")


class SelectedExportResultSerializer(serializers.Serializer):
    job = serializers.IntegerField(help_text="The report job holding the file (GET /api/v1/reports/{id}/).")
    status = serializers.CharField()
    rows = serializers.IntegerField()
    download = serializers.URLField(allow_null=True)
    exported = serializers.ListField(child=serializers.IntegerField())
    refused = BulkRefusalSerializer(many=True)


class NoteInput(serializers.Serializer):
    """The optional note a step records with its status change (who, when, why)."""

    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ReasonInput(serializers.Serializer):
    """A step that must say why (ending early, returning, rejecting with a reason)."""

    reason = serializers.CharField(max_length=2000)


def message_for(exc: Exception) -> str:
    """One text for a refused step, whichever layer refused it."""
    if isinstance(exc, DomainError):
        return str(exc.message)
    if isinstance(exc, StepInputError):
        parts = []
        for errors in exc.errors.values():
            parts.extend(str(e) for e in (errors if isinstance(errors, list) else [errors]))
        return " ".join(parts)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    raise TypeError(exc)
