"""Shared API plumbing: the policy permission and the base viewsets.

Every app's viewsets inherit ``ScopedModelViewSet``: it takes its rows from the model's scoping
method (``visible_to``) and its write rights from the app's policy, so the API never carries its
own copy of an access rule (CONVENTIONS.md rules 2 and 3). Pagination and the error shape live in
``core.rest``.
"""
from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from core.prefetch import release
from core.rest import Pagination, exception_handler  # noqa: F401  re-exported for convenience
from core.search import SCOPE_IDS


class Policy:
    """Write rights for one model. Reads are decided by the model's ``visible_to`` scope.

    Subclasses override the ``can_*`` methods; ``can_action`` covers workflow actions such as
    ``offer`` or ``confirm`` and defaults to ``can_update``.
    """

    def can_create(self, user, data: dict | None = None) -> bool:
        return False

    def can_update(self, user, obj) -> bool:
        return False

    def can_delete(self, user, obj) -> bool:
        return False

    def can_action(self, user, obj, action: str) -> bool:
        return self.can_update(user, obj)

    def prime(self, user, objs) -> None:
        """Get ready to be asked about each of ``objs`` (a page's rows) in turn. A policy whose answers depend on
        who the rows are about (``Access.administers_user`` / ``manages_person``) names those people here, so
        the whole page is answered in one query instead of one per row. Nothing to do by default."""


class PolicyPermission(permissions.BasePermission):
    """Enforces the view's policy; a row outside the scope never reaches here (it is a 404)."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "create":
            return view.get_policy().can_create(request.user, request.data)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        policy = view.get_policy()
        action = getattr(view, "action", None)
        if action in ("update", "partial_update"):
            return policy.can_update(request.user, obj)
        if action == "destroy":
            return policy.can_delete(request.user, obj)
        return policy.can_action(request.user, obj, action or "")


class ReleasingListMixin:
    """DRF's list, releasing the page's instances as soon as the response data is built."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return super().list(request, *args, **kwargs)
        self.prime_page(page)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        release(page)
        return response

    def prime_page(self, page) -> None:
        """Get the page's rows ready for the questions serializing them may ask (nothing to do by default)."""


class ListScopeMixin:
    def list_scope_ids(self) -> int:
        """What a list passes as a model's ``visible_to(user, as_ids=...)``: ``SCOPE_IDS`` (the user's placements
        read first when they are few), 0 for a single row, which keeps the subquery or the join."""
        return SCOPE_IDS if getattr(self, "action", None) == "list" else 0


class FreshRowMixin:
    """The one way an endpoint answers with a row it just changed: read back through the user's scope."""

    def fresh_response(self, obj, code: int = status.HTTP_200_OK, *, current: bool = False) -> Response:
        """``current``: ``obj`` is the row as the database holds it now, with what the serializer reads loaded (the
        row a service just wrote). It is then answered as it is when the model's scope can tell from the row alone
        that the user sees it (``<QuerySet>.shows(user, row)``): the check-in peak's read-back was a quarter of
        the view's time. Otherwise, and always without ``current``, the row is read back through the scope."""
        shows = getattr(type(obj)._default_manager, "shows", None) if current else None
        if shows is not None and shows(self.request.user, obj):
            return Response(self.get_serializer(obj).data, status=code)
        fresh = self.get_queryset().filter(pk=obj.pk).first()
        if fresh is None:  # the step took the row out of the user's sight
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(fresh).data, status=code)

    def validated(self, serializer_class, data=None) -> dict:
        ser = serializer_class(data=self.request.data if data is None else data)
        ser.is_valid(raise_exception=True)
        return ser.validated_data


def _step_action(step):
    """The DRF action of one declared step (core/steps.py)."""
    from .steps import StepInputError

    def handler(self, request, pk=None):
        obj = self.get_object()  # scoped (404) and policy-checked (403) for this step's name
        try:
            result = self.steps.run(step, obj, request.user, request.data)
        except StepInputError as exc:
            raise DRFValidationError(exc.errors) from exc
        if step.response is not None:
            return Response(step.response(result).data, status=step.status_code)
        return self.fresh_response(result if isinstance(result, type(obj)) else obj, step.status_code)

    def collection_handler(self, request):
        # no row, so no get_object() to ask the policy: ask it here, before the body is read
        if not self.steps.may(request.user, None, step):
            raise PermissionDenied
        try:
            result = self.steps.run(step, None, request.user, request.data)
        except StepInputError as exc:
            raise DRFValidationError(exc.errors) from exc
        body = step.response(result).data if step.response is not None else None
        return Response(body, status=step.status_code)

    if not step.detail:
        handler = collection_handler
    handler.__name__ = step.name
    handler.__doc__ = str(step.label)
    documented = {"request": step.input, "summary": str(step.label)}
    if step.response is not None:
        documented["responses"] = {step.status_code: step.response}
    elif not step.detail:  # a collection step has no row to answer with
        documented["responses"] = {step.status_code: None}
    # Without a response of its own the step answers with the fresh row: left to the viewset's serializer
    # (``responses=None`` would document "no response body").
    schema = extend_schema(**documented)
    return schema(action(detail=step.detail, methods=["post"], url_path=step.path)(handler))


_BULK_BODIES: dict = {}


def _bulk_body(input_class):
    """The documented body of a bulk step: ``ids`` beside the step's input (one class per input)."""
    from .steps import BulkInput

    if input_class is None:
        return BulkInput
    if input_class not in _BULK_BODIES:
        _BULK_BODIES[input_class] = type(f"Bulk{input_class.__name__}", (BulkInput, input_class), {})
    return _BULK_BODIES[input_class]


def _bulk_action(step):
    """``POST /api/v1/<resource>/bulk/<step>/`` with ``{"ids": [...], ...input}``: the step on each row.

    200 with ``{"done": [ids], "refused": [{"id", "detail", "code"}]}``; a row outside the user's scope is
    refused as ``not_found``; more than ``MAX_BULK`` ids or an invalid input is a 400 and nothing is done.
    """
    from .steps import BulkInput, BulkResultSerializer, StepInputError

    def handler(self, request):
        ids = BulkInput(data=request.data)
        ids.is_valid(raise_exception=True)
        data = {k: v for k, v in request.data.items() if k != "ids"} if hasattr(request.data, "items") else {}
        try:
            result = self.steps.run_bulk(step, ids.validated_data["ids"], request.user, data)
        except StepInputError as exc:
            raise DRFValidationError(exc.errors) from exc
        return Response(result.as_data(), status=status.HTTP_200_OK)

    handler.__name__ = f"bulk_{step.name}"
    handler.__doc__ = str(step.label)
    request_body = _bulk_body(step.input)
    schema = extend_schema(request=request_body, responses={200: BulkResultSerializer},
                           summary=f"{step.label} (bulk)")
    return schema(action(detail=False, methods=["post"], url_path=f"bulk/{step.path}")(handler))


@cache
def _selected_export():
    # The shell sits below the hosts and may not import them; like IEI_ACCESS_FOR (core/access.py), a
    # setting names the host function that writes an export of chosen rows (reports, by default).
    return import_string(getattr(settings, "IEI_SELECTED_EXPORT", "reports.services.export_selected"))


def _export_action(spec_name: str):
    """``POST /api/v1/<resource>/export/`` with ``{"ids": [...], "file_format", "columns"?}``: the chosen rows
    written with the columns of the list's export (``spec_name``, an ``ExportSpec`` of the app's exports.py).

    201 with the report job that holds the file, the ids written and those refused (``not_found`` for a row
    outside the user's scope, like a bulk step); more than ``MAX_BULK`` ids, an unknown column or format, or
    no visible row at all is a 400 and nothing is written.
    """
    from django.utils.translation import get_language

    from .steps import SelectedExportInput, SelectedExportResultSerializer

    def handler(self, request):
        body = SelectedExportInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        result = _selected_export()(user=request.user, spec_name=spec_name, ids=d["ids"],
                                    file_format=d["file_format"], columns=d.get("columns") or None,
                                    language=(get_language() or "zh-hans").lower())
        data = {"job": result.job.pk, "status": result.job.status, "rows": result.rows,
                "download": request.build_absolute_uri(result.download_path) if result.download_path else None,
                "exported": result.exported, "refused": result.refused}
        return Response(data, status=status.HTTP_201_CREATED)

    handler.__name__ = "export_selected"
    handler.__doc__ = "Export the selected rows"
    schema = extend_schema(request=SelectedExportInput, responses={201: SelectedExportResultSerializer},
                           summary="Export the selected rows (CSV or XLSX)")
    # filter_backends=[]: the body names the rows; the list's query parameters play no part here.
    return schema(action(detail=False, methods=["post"], url_path="export", filter_backends=[],
                         pagination_class=None)(handler))


class ScopedModelViewSet(FreshRowMixin, ReleasingListMixin, ListScopeMixin, viewsets.ModelViewSet):
    """Base of every resource viewset: scoped rows, policy-checked writes, one error shape.

    A viewset that names ``steps`` (a ``core.steps.Steps`` table) gets one POST action per step; one that
    names ``export_spec`` (the list's export) gets ``POST .../export/``, the export of chosen rows.
    """

    policy_class: type[Policy] = Policy
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    steps = None
    export_spec: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("export_spec"):
            cls.export_selected = _export_action(cls.export_spec)
        table = cls.__dict__.get("steps")
        if table is not None:
            for step in table:
                setattr(cls, step.name, _step_action(step))
            for step in table.bulk_steps():
                setattr(cls, f"bulk_{step.name}", _bulk_action(step))

    def get_policy(self) -> Policy:
        return self.policy_class()

    def prime_page(self, page) -> None:
        # The page's people named to the policy (``Policy.prime``): a row's answer then costs one query for the
        # whole page, not one per row, whoever asks (a serializer field, a subclass's list).
        self.get_policy().prime(self.request.user, page)

    def get_queryset(self):  # pragma: no cover - every subclass defines its scope
        raise NotImplementedError("Each viewset must start from the model's visible_to(user) scope.")


class ScopedReadOnlyViewSet(FreshRowMixin, ReleasingListMixin, ListScopeMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):  # pragma: no cover
        raise NotImplementedError("Each viewset must start from the model's visible_to(user) scope.")
