"""REST framework defaults: pagination and the one error shape (imported by settings, so no viewsets here)."""
from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.counting import CountCachingPaginator, count_limit_for
from core.domain import DomainError
from core.filters import known_total_of
from core.parsers import reject_repeated


def stably_ordered(queryset):
    """A queryset that pages never shuffle: a grouped query (annotated counts) drops the model's
    Meta.ordering, and PostgreSQL then returns rows in any order from one page to the next."""
    if hasattr(queryset, "ordered") and not queryset.ordered:
        return queryset.order_by(*queryset.model._meta.ordering, "pk")
    return queryset


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = CountCachingPaginator

    def paginate_queryset(self, queryset, request, view=None):
        reject_repeated(request.query_params, self.page_query_param, self.page_size_query_param)
        if request.query_params.get(self.page_query_param) == "":
            # DRF reads "?page=" as page 1; the parameter is a page number.
            raise exceptions.ValidationError({self.page_query_param: [_("Enter a page number.")]})
        # A free-text search counts its matches only so far (CountCachingPaginator): "more than 1,000".
        # A total something keeps (FilterSet.known_total) is read instead of counted.
        known = known_total_of(getattr(view, "filterset_class", None), request.user, request.query_params)
        self.django_paginator_class = partial(CountCachingPaginator, count_limit=count_limit_for(request.query_params),
                                              known_total=known)
        return super().paginate_queryset(stably_ordered(queryset), request, view)

    def get_paginated_response(self, data):
        """DRF's body plus ``count_exact``: False when a search matched more than ``count`` rows (the count
        stopped there; ``next`` still leads on)."""
        response = super().get_paginated_response(data)
        paginator = self.page.paginator
        response.data["count"] = paginator.shown_count
        response.data["count_exact"] = paginator.count_exact
        return response

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["count"]["description"] = (
            "The number of matching rows; with count_exact false, a search matched more than this many.")
        body["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "False when a free-text search matched more rows than it counted (count is then a floor).",
        }
        body["required"] = [*body["required"], "count_exact"]
        return body

    def get_page_size(self, request) -> int:
        """A page_size that is not a positive integer is a 400, not silently the default."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise exceptions.ValidationError({self.page_size_query_param: [_("Enter a whole number from 1 to 200.")]})
        return min(size, self.max_page_size)


def _flatten(detail: Any) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _flatten(value)
        return ""
    if isinstance(detail, list):
        return _flatten(detail[0]) if detail else ""
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """One body shape for every error: ``{"detail", "code"}`` plus ``"errors"`` for field errors."""
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc.message), "code": exc.code}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        # A row other records still point at: a conflict to resolve, never a server error.
        return Response(
            {"detail": str(_("This record is still used by other records and cannot be deleted.")),
             "code": "in_use"},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, OperationalError) and "lock timeout" in str(exc):
        return Response(
            {"detail": str(_("The record is busy; please try again.")), "code": "locked"},
            status=status.HTTP_409_CONFLICT,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "detail": _flatten(errors) or str(_("Invalid input.")),
            "code": "invalid",
            "errors": errors,
        }
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = detail.code if hasattr(detail, "code") else exc.default_code
        response.data = {"detail": _flatten(detail), "code": code}
    return response
