"""Form widgets shared by every app."""
from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A single ``<select>`` whose options are built in Python instead of one template render each.

    Django renders every ``<option>`` through the template engine (about 50 µs each): the drop-down of
    the 10,000 partner enterprises of a province took 0.5 s of every list page that offers it. The
    markup is the same as ``forms.Select`` for flat choices; grouped choices fall back to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        wanted = set(self.format_value(value))
        rows = []
        selected = False
        for option_value, label in choices:
            option = "" if option_value is None else str(option_value)
            mark = ""
            if not selected and option in wanted:
                mark, selected = " selected", True
            rows.append((option, mark, label))
        # format_html escapes every value and label; no markup is trusted from the data.
        options = format_html_join("\n", '<option value="{}"{}>{}</option>', rows)
        return format_html("<select{}>\n{}\n</select>", flatatt(final), options)


# The API list a LookupSelect of enterprises searches while the user types (same scoping as the page).
ENTERPRISE_LOOKUP_URL = "/api/v1/organizations/?kind=enterprise"


class LookupSelect(FastSelect):
    """A drop-down that becomes a search-then-pick control when it would list too many rows.

    Up to ``limit`` rows it is a FastSelect. Above (the 10,000 enterprises of a province: 716 KB of
    options and 9 MB of memory per page), it renders a search box beside a ``<select>`` that holds
    only the current choice and the rows matching the search: without JavaScript the user types a
    name, submits, and picks among the matches; with static/js/app.js the matches are fetched from
    ``lookup_url`` (the API list of the same rows, ``?search=``) while typing. The submitted value is
    the same id either way, so filters and forms validate exactly as before.
    """

    limit = 200
    matches = 50

    def __init__(self, attrs=None, choices=(), *, lookup_url: str = "", search_fields=("name",)):
        super().__init__(attrs, choices)
        self.lookup_url = lookup_url
        self.search_fields = tuple(search_fields)
        self.term = ""

    @staticmethod
    def lookup_name(name: str) -> str:
        return f"{name}_lookup"

    def value_from_datadict(self, data, files, name):
        self.term = (data.get(self.lookup_name(name)) or "").strip()[:100]
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or queryset.count() <= self.limit:
            return super().render(name, value, attrs, renderer)
        from django.utils.translation import gettext

        from core.search import search_q

        field = self.choices.field
        rows = [] if field.empty_label is None else [("", field.empty_label)]
        wanted = [v for v in self.format_value(value) if v]
        picked = list(queryset.filter(pk__in=wanted[:1])) if wanted and wanted[0].isdigit() else []
        found = []
        if self.term:
            found = list(queryset.filter(search_q(queryset.model, self.search_fields, self.term))
                         .exclude(pk__in=[o.pk for o in picked])[: self.matches])
        rows += [(str(o.pk), field.label_from_instance(o)) for o in picked + found]
        self.choices = rows  # this widget instance renders once per form
        select = super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        box_id = f"{final.get('id', name)}_lookup"
        hint = gettext("Type part of the name, then choose") if not found else gettext(
            "%(n)s matches shown; type more to narrow them") % {"n": len(found)}
        return format_html(
            '<span class="lookup" data-lookup-url="{}" data-lookup-select="{}">'
            '<input type="search" id="{}" name="{}" value="{}" aria-label="{}" placeholder="{}" autocomplete="off">'
            '{}<small class="lookup-hint" aria-live="polite">{}</small></span>',
            self.lookup_url, final.get("id", ""), box_id, self.lookup_name(name), self.term,
            gettext("Search"), gettext("Search"), select, hint,
        )


def enterprise_lookup(**kwargs) -> LookupSelect:
    """The drop-down of partner enterprises used by filters and forms."""
    return LookupSelect(lookup_url=ENTERPRISE_LOOKUP_URL, **kwargs)


def user_lookup(role: str, **kwargs) -> LookupSelect:
    """The drop-down of the users of one role (a college has 800 teachers and 20,000 students)."""
    return LookupSelect(lookup_url=f"/api/v1/users/?role={role}",
                        search_fields=("display_name", "username", "staff_no", "student_no"), **kwargs)
