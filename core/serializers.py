"""Serializer base classes of the platform.

``ModelSerializer`` renders a row the way DRF does, with a per-field plan worked out once per
serializer instead of once per row and field: a list of 200 placements of 31 fields is 6,200 field
reads, and DRF's generic path (``get_attribute`` over ``source_attrs``, a callable check, a
``PKOnlyObject`` per foreign key) cost more than the database query of the page. Plain model columns
and foreign-key ids are read straight off the instance; everything else (nested serializers, method
fields, dotted sources, custom fields) keeps DRF's own path, so the output is the same
(tests/platform/test_serializers.py compares both on every model serializer of the API).

Only DRF's public API is used (``fields``, ``source_attrs``, ``get_attribute``, ``to_representation``),
so a DRF upgrade that reshapes its private members leaves this module working; the same test fails if
the output ever differs from DRF's own.
"""
from __future__ import annotations

import copy
import datetime
import decimal
from functools import partialmethod

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from rest_framework import fields as drf_fields
from rest_framework import relations
from rest_framework import serializers as drf
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

_GENERIC, _COLUMN, _FK_ID, _TEXT, _INT, _BOOL, _DATE, _DATETIME, _DISPLAY, _PREFETCHED, _STR, _DECIMAL = range(12)

# A list endpoint prefetches nested rows into a plain list attribute (``core.prefetch.prefetched``):
# Django then skips building a related manager and two querysets per row and relation.
PREFETCHED_PREFIX = "prefetched_"

# DRF field types whose to_representation is known and cheap to inline (exact types only: a
# subclass may override it): str(value), int(value) / bool(value), date.isoformat().
_INLINE = {
    drf_fields.CharField: _TEXT, drf_fields.EmailField: _TEXT, drf_fields.URLField: _TEXT,
    drf_fields.SlugField: _TEXT, drf_fields.IntegerField: _INT, drf_fields.BooleanField: _BOOL,
    drf_fields.DateField: _DATE, drf_fields.DateTimeField: _DATETIME,
}


def _display_labels(model, source: str, field) -> dict | None:
    """{stored value: label} for a ``CharField(source="get_<name>_display")`` of a choices field.

    Django's ``get_FOO_display`` rebuilds a dict of every choice on each call and DRF inspects its
    signature before calling it (a sixth of an agreement list's time); the labels are the same for
    every row of one request, whose language is fixed, so they are worked out once.
    """
    if type(field) is not drf_fields.CharField or type(field).get_attribute is not drf_fields.Field.get_attribute:
        return None
    if not (source.startswith("get_") and source.endswith("_display")):
        return None
    try:
        model_field = model._meta.get_field(source[4:-8])
    except FieldDoesNotExist:
        return None
    # Only Django's own method (a partialmethod on the class), not one a model wrote itself.
    if not model_field.choices or not isinstance(model.__dict__.get(source), partialmethod):
        return None
    return {value: str(label) for value, label in model_field.flatchoices}


def _str_path(model, source: list[str], field) -> tuple[str, ...] | None:
    """The forward relations of a ``CharField(source="user.__str__")``-like field, when every step is a
    foreign key: DRF inspects the signature of ``__str__`` on every row (a third of a page of 200
    projects with their members); the plan calls it."""
    if len(source) < 2 or source[-1] != "__str__" or type(field) is not drf_fields.CharField:
        return None
    if type(field).get_attribute is not drf_fields.Field.get_attribute:
        return None
    current = model
    for name in source[:-1]:
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not (model_field.many_to_one or model_field.one_to_one) or model_field.auto_created:
            return None
        current = model_field.related_model
    return tuple(source[:-1])


def _decimal_plan(field) -> tuple | None:
    """(field, quantum, context) for a plain ``DecimalField`` rendered as a string: DRF copies the decimal
    context and raises ten to a power for every value (a quarter of a placement row's time); the plan does
    both once per serializer, in the same thread, and quantizes and formats as DRF does."""
    if type(field) is not drf_fields.DecimalField or field.decimal_places is None:
        return None
    if not getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING):
        return None
    if field.localize or field.normalize_output:
        return None
    context = decimal.getcontext().copy()
    if field.max_digits is not None:
        context.prec = field.max_digits
    return field, decimal.Decimal(".1") ** field.decimal_places, context


def _plan_for(serializer, model) -> list[tuple[int, str, str, object]]:
    """(kind, output name, attribute, field or labels) per readable field, in DRF's order."""
    plan = []
    # DRF's readable fields are its public ``fields`` minus the write-only ones (the same order).
    for field in (f for f in serializer.fields.values() if not f.write_only):
        kind, attr = _GENERIC, ""
        source = getattr(field, "source_attrs", None) or []
        labels = _display_labels(model, source[0], field) if len(source) == 1 and model is not None else None
        if labels is not None:
            plan.append((_DISPLAY, field.field_name, model._meta.get_field(source[0][4:-8]).attname, labels))
            continue
        if len(source) == 1 and model is not None:
            try:
                model_field = model._meta.get_field(source[0])
            except FieldDoesNotExist:
                model_field = None
            if model_field is not None and getattr(model_field, "concrete", False):
                if (
                    isinstance(field, relations.PrimaryKeyRelatedField)
                    and type(field).get_attribute is relations.RelatedField.get_attribute
                    and type(field).to_representation is relations.PrimaryKeyRelatedField.to_representation
                    and field.pk_field is None
                    and (model_field.many_to_one or model_field.one_to_one)  # forward: concrete, has an id
                ):
                    kind, attr = _FK_ID, model_field.attname
                elif (
                    not model_field.is_relation
                    and not isinstance(field, (drf.BaseSerializer, relations.RelatedField, relations.ManyRelatedField))
                    and type(field).get_attribute is drf_fields.Field.get_attribute
                ):
                    kind, attr = _COLUMN, model_field.attname
                    inline = _INLINE.get(type(field))
                    if inline == _DATE and getattr(field, "format", api_settings.DATE_FORMAT) != "iso-8601":
                        inline = None
                    if inline == _DATETIME and (
                        hasattr(field, "timezone")
                        or getattr(field, "format", api_settings.DATETIME_FORMAT) != "iso-8601"
                    ):
                        inline = None
                    kind = inline or kind
                    decimal_plan = _decimal_plan(field)
                    if decimal_plan is not None:
                        plan.append((_DECIMAL, field.field_name, attr, decimal_plan))
                        continue
        path = _str_path(model, source, field) if kind == _GENERIC and model is not None else None
        if path is not None:
            kind, attr = _STR, path
        nested_list = isinstance(field, (drf.ListSerializer, relations.ManyRelatedField))
        if kind == _GENERIC and len(source) == 1 and nested_list:
            kind, attr = _PREFETCHED, PREFETCHED_PREFIX + source[0]
        plan.append((kind, field.field_name, attr, field))
    return plan


class FastRepresentationMixin:
    def to_representation(self, instance):
        model = type(instance)
        cached = self.__dict__.get("_iei_plan")
        if cached is None or cached[0] is not model:
            # The active time zone is fixed for the life of a serializer (one request).
            tz = timezone.get_current_timezone() if settings.USE_TZ else None
            cached = self._iei_plan = (model, _plan_for(self, getattr(model, "_meta", None) and model), tz)
        tz = cached[2]
        ret = {}
        for kind, name, attr, field in cached[1]:
            if kind == _FK_ID:
                ret[name] = getattr(instance, attr)
                continue
            if kind == _DISPLAY:
                value = getattr(instance, attr)
                label = field.get(value, value)  # ``field`` holds the labels here
                ret[name] = None if label is None else str(label)
                continue
            if kind == _TEXT:
                value = getattr(instance, attr)
                ret[name] = value if value is None or value.__class__ is str else str(value)
                continue
            if kind == _INT or kind == _BOOL:
                value = getattr(instance, attr)
                # An int column is its own int(), a bool column its own bool(): DRF would return them as is.
                same = int if kind == _INT else bool
                ret[name] = value if value is None or value.__class__ is same else field.to_representation(value)
                continue
            if kind == _DECIMAL:
                value = getattr(instance, attr)
                decimal_field, quantum, context = field
                if value.__class__ is decimal.Decimal:
                    ret[name] = f"{value.quantize(quantum, rounding=decimal_field.rounding, context=context):f}"
                else:  # DRF renders a missing value as null without asking the field
                    ret[name] = None if value is None else decimal_field.to_representation(value)
                continue
            if kind == _DATE:
                value = getattr(instance, attr)
                ret[name] = value.isoformat() if value.__class__ is datetime.date else (
                    None if value is None else field.to_representation(value))
                continue
            if kind == _DATETIME:
                value = getattr(instance, attr)
                if value.__class__ is datetime.datetime and value.tzinfo is not None and tz is not None:
                    # DRF's enforce_timezone + ISO 8601 output, for the aware values USE_TZ stores
                    text = value.astimezone(tz).isoformat()
                    ret[name] = text[:-6] + "Z" if text.endswith("+00:00") else text
                else:
                    ret[name] = None if value is None else field.to_representation(value)
                continue
            if kind == _STR:
                value = instance
                for step in attr:
                    value = getattr(value, step)
                    if value is None:
                        break
                if value is None:
                    # An empty relation gives the field's default ("" where declared, else null); DRF's
                    # generic path rendered the text of None's method wrapper.
                    ret[name] = None if field.default is drf_fields.empty else field.default
                else:
                    ret[name] = field.to_representation(str(value))
                continue
            if kind == _COLUMN:
                value = getattr(instance, attr)
            elif kind == _PREFETCHED and attr in instance.__dict__:
                ret[name] = field.to_representation(instance.__dict__[attr])
                continue
            else:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                # A related field's pk-only stand-in for an empty foreign key carries pk None; DRF
                # renders it as null (duck-typed on the public ``pk`` instead of DRF's private class).
                if value is not None and getattr(value, "pk", 0) is None:
                    value = None
            ret[name] = None if value is None else field.to_representation(value)
        return ret


# The fields ModelSerializer derives from a model depend on the class only (its Meta and declared
# fields); DRF derives them again for every serializer, 1.35 ms for a placement's 31 fields.
_derived_fields: dict[type, dict] = {}

# DRF's field types whose whole state comes from ``__init__`` as plain values (no child field, no parent
# serializer, no method): a copy of the kept unbound field is then a shallow copy with its two per-instance
# containers renewed, where DRF's deep copy builds each field again from its arguments (0.4-0.8 ms for a
# placement's 35 fields per request, a third of what the page's 50 rows cost to render). Exact types only:
# a subclass may keep more state.
_SHALLOW_COPY = frozenset({
    drf_fields.BooleanField, drf_fields.CharField, drf_fields.EmailField, drf_fields.SlugField,
    drf_fields.URLField, drf_fields.UUIDField, drf_fields.IPAddressField, drf_fields.IntegerField,
    drf_fields.FloatField, drf_fields.DecimalField, drf_fields.DateTimeField, drf_fields.DateField,
    drf_fields.TimeField, drf_fields.DurationField, drf_fields.ChoiceField, drf_fields.FileField,
    drf_fields.ImageField, drf_fields.ReadOnlyField, relations.PrimaryKeyRelatedField,
    relations.SlugRelatedField, relations.StringRelatedField,
})
_MUTABLE = (list, dict, set)


def copy_fields(fields: dict) -> dict:
    """Fresh, unbound copies of ``fields`` (kept, never bound), as ``copy.deepcopy`` would give them.

    A shallow copy shares what DRF never changes in place once a field is built (its arguments, choices,
    the queryset a related field clones before reading); what a request may change in place, the list of
    validators and the error messages, is copied; an attribute a serializer sets (``read_only``,
    ``queryset``, ``choices``) is set on the copy. A field with a mutable default or any other type is
    deep-copied (tests/platform/test_serializers.py compares both on every serializer).
    """
    out = {}
    for name, field in fields.items():
        if (type(field) in _SHALLOW_COPY and not isinstance(field.default, _MUTABLE)
                and not isinstance(field.initial, _MUTABLE)):
            clone = copy.copy(field)
            state = clone.__dict__
            if "_validators" in state:
                state["_validators"] = list(state["_validators"])
            state["error_messages"] = dict(field.error_messages)
            out[name] = clone
        else:
            out[name] = copy.deepcopy(field)
    return out


class ModelSerializer(FastRepresentationMixin, drf.ModelSerializer):
    """drf.ModelSerializer with the per-field plan above and its model-derived fields built once."""

    def get_fields(self):
        cls = type(self)
        fields = _derived_fields.get(cls)
        if fields is None:
            fields = _derived_fields[cls] = super().get_fields()
        return copy_fields(fields)
