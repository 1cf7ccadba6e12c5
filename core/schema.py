"""The OpenAPI schema class of the API: drf-spectacular's, where it describes a body the API never sends.

``tests/security/test_fuzz.py`` checks every real response against this schema; two of
drf-spectacular's guesses disagreed with what DRF actually renders:

- A list returned by any action other than ``list`` (``POST assessments/`` computes and returns the
  year's rows, ``GET agreements/{id}/transitions/``) was documented as a *page* (``{"count",
  "results"}``) because the viewset has a pagination class. DRF paginates only where a view calls
  ``paginate_queryset``, which in this project is the ``list`` action; other actions return a
  plain array, and are documented so. The list's filter parameters likewise belong to GETs of the
  collection only.
- A request body with a nested object or list of objects (a job post's ``requirements``) was offered
  as a form too. A form carries text members only; DRF reads a nested list from bracketed names
  (``requirements[0]competency``) that no OpenAPI form encoding produces, and quietly ignores a
  member sent as the schema describes. Such bodies are documented as JSON only.
- A read-only choice field of a model field with ``blank=True`` (an agreement's
  ``signature_method`` before signing, a weekly log's ``grade`` before review) is rendered as ``""``,
  but DRF drops ``allow_blank`` from read-only fields, so the documented enum left ``""`` out.
"""
from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance, is_list_serializer, is_serializer
from rest_framework import serializers


def _model_field_allows_blank(field: serializers.Field) -> bool:
    meta = getattr(field.parent, "Meta", None)
    model = getattr(meta, "model", None)
    source = getattr(field, "source_attrs", None) or []
    if model is None or len(source) != 1:
        return False
    try:
        return bool(model._meta.get_field(source[0]).blank)
    except FieldDoesNotExist:
        return False


FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nested_input(serializer) -> bool:
    return any(
        isinstance(field, serializers.BaseSerializer) and not field.read_only for field in serializer.fields.values()
    )


class AutoSchema(openapi.AutoSchema):
    def map_parsers(self):
        media_types = super().map_parsers()
        serializer = force_instance(self.get_request_serializer())
        if is_serializer(serializer) and not is_list_serializer(serializer) and _has_nested_input(serializer):
            return [m for m in media_types if m not in FORM_MEDIA_TYPES] or media_types
        return media_types

    def get_filter_backends(self):
        # Filters narrow a GET of the collection. An action on one row (agreements/{id}/transitions/)
        # or a write (POST assessments/, which returns the computed rows) never reads them, though
        # drf-spectacular lists them for any operation that returns a list.
        if self.method != "GET" or getattr(self.view, "detail", False):
            return []
        return super().get_filter_backends()

    def _get_paginator(self):
        action = getattr(self.view, "action", None)
        if action is not None and action != "list":
            return None
        return super()._get_paginator()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            isinstance(field, serializers.ChoiceField)
            and field.read_only
            and "" not in schema.get("enum", [""])
            and _model_field_allows_blank(field)
        ):
            # The enum post-processing hook then splits "" into the shared BlankEnum, as for writable fields.
            schema = {**schema, "enum": [*schema["enum"], ""]}
        return schema
