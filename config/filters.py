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
from django.db import models
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS


class ById(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.FilterSet):
    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": ById},
        models.OneToOneField: {"filter_class": ById},
    }
