"""Form parsers of the API, and the rule they share with the query string: a single value is given once.

A query string and a form body may repeat a name. Django's ``QueryDict`` answers a single-value read
with the last of the values, so ``?course=1&course=2`` silently meant course 2 and a form body
``level=junior&level=`` meant "no level given" (the model default was stored). Everywhere the API
reads one value, a repeated name is a 400 instead; lists (``getlist``) still take every value.

This module is named by the REST framework settings, so it must not import ``rest_framework.views``
(which reads those settings while it is imported).
"""
from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

REPEATED = _("Give this value only once.")


def reject_repeated(params, *names: str) -> None:
    """A 400 naming each of ``names`` given more than once in ``params`` (``?page=1&page=2``)."""
    errors = {name: [REPEATED] for name in names if len(params.getlist(name)) > 1}
    if errors:
        raise exceptions.ValidationError(errors)


class SingleValueQueryDict(QueryDict):
    """Form data in which a member read as one value but sent more than once is a 400.

    DRF reads a list field with ``getlist`` and every other field with ``data[name]``; here that read
    raises a field error for a repeated name, which ``is_valid()`` turns into a 400 like any other
    invalid member (and a view reading ``request.data.get(...)`` answers 400 through the handler).
    """

    def __getitem__(self, key):
        values = self.getlist(key)
        if len(values) > 1:
            raise exceptions.ValidationError({key: [REPEATED]})
        return super().__getitem__(key)

    def items(self):
        # parse_html_list() walks every member to find "name[0]" keys; walking is not reading one value.
        for key in self:
            yield key, super().__getitem__(key)


def _single_value(data: QueryDict) -> SingleValueQueryDict:
    strict = SingleValueQueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        strict.setlist(key, values)
    strict._mutable = data._mutable
    return strict


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _single_value(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        # DRF merges the files into a copy of the data, which keeps the class.
        return parsers.DataAndFiles(_single_value(parsed.data), parsed.files)
