"""The FilterSet base of every app.

django-filter turns a foreign key named in ``Meta.fields`` into a drop-down of every related row; at
the size of a college (30,000 placements, 20,000 students) that is a page of megabytes and seconds.
Here a foreign key filters by id instead (``?posting=42``): a hidden field in HTML forms, reached
through links such as "applications of this posting", and an integer in the API schema. Filters a
page really wants as a drop-down over a small table (departments, enterprises) are declared
explicitly in the app's FilterSet.

A filter reads one value unless its widget reads a list (a multiple select); such a parameter given
twice (``?course=1&course=2``) is a form error, so a 400 in the API, not the last value silently.
The same holds for ``search``, ``ordering`` and the pagination parameters (``core.rest``). In the
API (``FilterBackend``) a filter parameter given without a value (``?status=``) is a 400 as well.
"""
from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from rest_framework import filters as drf_filters

from core.parsers import REPEATED, reject_repeated
from core.search import SubquerySearchFilter

# The empty choice of every drop-down of a filter form: what choosing it does, in people's words.
ALL = _("All")
DASHES = "---------"  # Django's and django-filter's empty label


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
    """The yes/no select of filter forms. It starts at "All" (no filter), not at Django's "Unknown", which
    reads as a third answer; "All" is submitted as an empty value. An unrecognised value is handed on for
    validation."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", ALL), ("true", _("Yes")), ("false", _("No"))]

    def format_value(self, value):
        # A list, as every choice widget's: a bare string would "contain" the empty choice's value.
        return [{True: "true", False: "false", "true": "true", "false": "false", "True": "true",
                 "False": "false"}.get(value, "")]

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


class ArchivedSelect(StrictNullBooleanSelect):
    """The same three values as a yes/no select, named for what the list shows."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("false", _("Active")), ("true", _("Archived"))]


class ArchivedFilter(StrictBooleanFilter):
    """``archived=true``: a catalogue's archived entries, ``false``: its active ones (core/catalogue.py)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Shown"))
        kwargs.setdefault("widget", ArchivedSelect)
        super().__init__(*args, field_name="archived_at", **kwargs)

    def filter(self, qs, value):
        return qs if value is None else qs.filter(archived_at__isnull=not value)


BLANK = _("Give a value, or leave the parameter out.")


class _ReadRecorder:
    """Stands in for the query data while a widget reads it, and notes the names read as one value
    (``data.get``/``data[name]``) as opposed to a list (``data.getlist``)."""

    def __init__(self, data):
        self._data = data
        self.single: set[str] = set()
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.single.add(key)
        self.read.add(key)
        return self._data.get(key, default)

    def __getitem__(self, key):
        self.single.add(key)
        self.read.add(key)
        return self._data[key]

    def getlist(self, key, default=None):
        self.read.add(key)
        return self._data.getlist(key, default)

    def __contains__(self, key):
        return key in self._data

    def __iter__(self):
        return iter(self._data)


class SingleValueFormMixin:
    """Of the filter form: a parameter its widget reads as one value may be given once only.

    With ``reject_blank`` (the API's filter backend) a parameter given without a value
    (``?status=``) is an error too: the HTML filter form submits its "any" choice that way, but an
    API client that names a filter and gives it no value has sent something the schema does not
    allow (an empty ``status`` is no status, an empty date no date), and quietly dropping the filter
    answers with rows the client did not ask for.
    """

    reject_blank = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # this form's own copies
            # Model and django-filter choice fields read ``empty_label`` when their choices are listed.
            if getattr(field, "empty_label", None) == DASHES:
                field.empty_label = ALL
            elif isinstance(field.widget, django_filters.widgets.BooleanWidget):
                # Its labels are translated once, when the FilterSet class is made, and start at "Unknown".
                field.widget.choices = [("", ALL), ("true", _("Yes")), ("false", _("No"))]
            elif isinstance(field, forms.ChoiceField) and not hasattr(field, "empty_label"):
                field.choices = [("", ALL) if value == "" and label == DASHES else (value, label)
                                 for value, label in field.choices]

    def clean(self):
        cleaned = super().clean()
        if hasattr(self.data, "getlist"):  # a QueryDict; a plain dict cannot repeat a name
            for name, field in self.fields.items():
                recorder = _ReadRecorder(self.data)
                field.widget.value_from_datadict(recorder, self.files, self.add_prefix(name))
                if any(len(self.data.getlist(key)) > 1 for key in recorder.single):
                    self.add_error(name, ValidationError(REPEATED, code="repeated"))
                elif self.reject_blank and any(
                    key in self.data and not any(v.strip() for v in self.data.getlist(key)) for key in recorder.read
                ):
                    self.add_error(name, ValidationError(BLANK, code="blank"))
        return cleaned


_PARAMS_READ: dict[type, frozenset[str] | None] = {}


def params_read(filterset_class) -> frozenset[str] | None:
    """The query parameters any filter of ``filterset_class`` reads (``status``, ``end_date_after``, …),
    worked out once per class by letting each field's widget read from an empty query; None when the
    form cannot be built without a real request (then the class gets no shortcut)."""
    if filterset_class not in _PARAMS_READ:
        recorder = _ReadRecorder(QueryDict())
        try:
            form = filterset_class(QueryDict(), queryset=filterset_class._meta.model._default_manager.none()).form
            for name, field in form.fields.items():
                field.widget.value_from_datadict(recorder, {}, form.add_prefix(name))
            _PARAMS_READ[filterset_class] = frozenset(recorder.read)
        except Exception:
            _PARAMS_READ[filterset_class] = None
    return _PARAMS_READ[filterset_class]


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend: the shared FilterSets, strict about parameters given without a value."""

    def filter_queryset(self, request, queryset, view):
        # A request that names none of the filters (most list requests) gets the queryset as it is:
        # building and validating the filter form only to apply no filter cost a fifth of a small page.
        filterset_class = self.get_filterset_class(view, queryset)
        names = params_read(filterset_class) if filterset_class is not None else None
        if names is not None and names.isdisjoint(request.query_params.keys()):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            filterset.reject_blank = True
        return filterset


class SearchFilter(SubquerySearchFilter):
    def get_search_terms(self, request):
        reject_repeated(request.query_params, self.search_param)
        return super().get_search_terms(request)


class OrderingFilter(drf_filters.OrderingFilter):
    def get_ordering(self, request, queryset, view):
        reject_repeated(request.query_params, self.ordering_param)
        return super().get_ordering(request, queryset, view)


_WHOLE_NUMBER_LOOKUPS = {"year", "iso_year", "quarter", "month", "week", "week_day", "iso_week_day", "day", "hour",
                         "minute", "second"}


def _counts_whole_numbers(model, filter_) -> bool:
    """Whether a number filter compares with whole numbers: an integer column, an id (``enterprise_id``,
    ``competencies``) or a date part (``end_date__year``). Its value must then be a whole number: the
    database rounds ``?enterprise=1.5`` to 1 and would answer for enterprise 1."""
    if filter_.lookup_expr in _WHOLE_NUMBER_LOOKUPS:
        return True
    if model is None or filter_.method is not None:
        return False
    field = get_model_field(model, filter_.field_name)
    if field is not None and field.is_relation:
        field = field.target_field
    return isinstance(field, models.IntegerField)


def known_total_of(filterset_class, user, params):
    """What a paginator calls for the list's total instead of counting (``FilterSet.known_total`` of
    ``filterset_class`` for ``user`` and ``params``), or None when the list's filters keep no total."""
    known_total = getattr(filterset_class, "known_total", None)
    return (lambda: known_total(user, params)) if known_total is not None else None


# Query parameters that choose a page of a list or its order, never which rows it holds.
PAGING_PARAMS = frozenset({"page", "page_size", "ordering", "format"})


def named_filters(params) -> set[str]:
    """The query parameters in ``params`` that may narrow a list (given a value, not paging or ordering)."""
    return {name for name in params if name not in PAGING_PARAMS and params.get(name)}


class FilterSet(django_filters.FilterSet):
    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": ById},
        models.OneToOneField: {"filter_class": ById},
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.NullBooleanField: {"filter_class": StrictBooleanFilter},
    }
    reject_blank = False  # set by the API's FilterBackend

    @classmethod
    def known_total(cls, user, params) -> int | None:
        """The list's total for ``user`` and the query ``params``, when something keeps it (a tally the database
        keeps), so the paginator need not count the rows; None (here, always): count them."""
        return None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():  # this instance's copies
            if isinstance(filter_, django_filters.ChoiceFilter) and filter_.extra.get("empty_label", DASHES) == DASHES:
                # The drop-down's empty choice says what it does ("All"), set before the field is built: the
                # rendered options are listed from the field the widget was made with.
                filter_.extra["empty_label"] = ALL
                filter_.__dict__.pop("_field", None)
            if type(filter_) is django_filters.NumberFilter and _counts_whole_numbers(self._meta.model, filter_):
                filter_.field_class = forms.IntegerField
                for decimal_only in ("max_digits", "decimal_places"):
                    filter_.extra.pop(decimal_only, None)

    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        attrs = {**fields, "reject_blank": self.reject_blank}
        return type(f"{self.__class__.__name__}Form", (SingleValueFormMixin, self._meta.form), attrs)
