"""The FilterSet base of every app.

django-filter turns a foreign key named in ``Meta.fields`` into a drop-down of every related row; at
the size of a college (30,000 placements, 20,000 students) that is a page of megabytes and seconds.
Here a foreign key filters by id instead (``?posting=42``): a hidden field in HTML forms, reached
through links such as "applications of this posting", and an integer in the API schema. Filters a
page really wants as a drop-down over a small table (departments, enterprises) are declared
explicitly in the app's FilterSet.
"""
from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS


class ById(django_filters.NumberFilter):
    field_class = forms.IntegerField  # an id is a whole number; "1.5" is a 400, not a silent no-match

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class StrictNullBooleanField(forms.NullBooleanField):
    """``true``/``false`` (and the HTML select's ``unknown``) only: anything else is a 400, not an
    unfiltered list that looks like an answer."""

    ACCEPTED = {"true", "false", "unknown", ""}

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() not in self.ACCEPTED:
            raise ValidationError(_("Enter true or false."), code="invalid")
        return super().to_python(value)

    def validate(self, value):
        pass


class StrictNullBooleanSelect(forms.NullBooleanSelect):
    """The yes/no/unknown select of filter forms, which hands an unrecognised value on for validation."""

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        value = super().value_from_datadict(data, files, name)
        if value is None and isinstance(raw, str) and raw.strip().lower() not in StrictNullBooleanField.ACCEPTED:
            return raw
        return value


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", StrictNullBooleanSelect)
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.FilterSet):
    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": ById},
        models.OneToOneField: {"filter_class": ById},
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.NullBooleanField: {"filter_class": StrictBooleanFilter},
    }
