from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import ngettext

from core import formatting

register = template.Library()


# --- one way to show figures (core/formatting.py): {{ x|money }}, {{ x|number }}, {{ x|percent }}, ... ----

@register.filter
def money(value) -> str:
    """``¥1,500,000.00`` in either language; ``—`` when there is no amount."""
    return formatting.money(value)


@register.filter
def number(value, places=None) -> str:
    """Grouped by the active language; ``{{ x|number:1 }}`` fixes the decimal places."""
    return formatting.number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value, places=None) -> str:
    """A figure already in percent: ``85.3%``."""
    return formatting.percent(value, None if places in (None, "") else int(places))


@register.filter
def figure(value) -> str:
    """A dashboard card's value: a number grouped like ``|number``, text (``12/60``, ``¥1,500.00``) as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "" if value is None else str(value)
    return formatting.number(value)


@register.filter
def day(value) -> str:
    """``2026年12月6日`` / ``Dec. 6, 2026``."""
    return formatting.day(value)


@register.filter
def moment(value) -> str:
    """A date and time in local time, in the active language's form."""
    return formatting.moment(value)


@register.filter
def duration(value, unit: str = "") -> str:
    """``{{ leave.days|duration:"days" }}`` → ``1.5 days``; a ``timedelta`` → ``2 hours 30 min``."""
    return formatting.duration(value, unit)


@register.simple_tag(takes_context=True)
def sort_th(context, field: str, label: str):
    """A sortable column header that keeps the other query parameters (aria-sort for screen readers)."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("ordering", "")
    if current == field:
        new, aria, arrow = f"-{field}", "ascending", " ▲"
    elif current == f"-{field}":
        new, aria, arrow = field, "descending", " ▼"
    else:
        new, aria, arrow = field, "none", ""
    params["ordering"] = new
    params.pop("page", None)
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="?{}">{}{}</a></th>', aria, params.urlencode(), label, arrow
    )


# Query parameters that page or order a list without narrowing it.
_NOT_FILTERS = {"page", "page_size", "ordering"}


@register.simple_tag(takes_context=True)
def is_filtered(context) -> bool:
    """Whether the list was narrowed by a filter (so "nothing found" means "try other filters")."""
    request = context.get("request")
    return bool(request) and any(v for k, v in request.GET.items() if k not in _NOT_FILTERS)


@register.filter
def status_badge(obj, field: str = "status"):
    value = getattr(obj, field, "")
    display = getattr(obj, f"get_{field}_display", lambda: value)()
    return format_html('<span class="badge status-{}">{}</span>', value, display)


@register.simple_tag
def more_of(total, shown, url: str = "", competency=None):
    """"and N more" under a table cell that names only the first rows of ``total``; a link to all of
    them when the page has a list for it (``url`` filtered by ``competency``)."""
    rest = (total or 0) - len(shown)
    if rest <= 0:
        return ""
    text = ngettext("and %(n)s more", "and %(n)s more", rest) % {"n": rest}
    if url:
        return format_html('<br><small><a href="{}?competency={}">{}</a></small>', url, competency, text)
    return format_html("<br><small>{}</small>", text)


@register.simple_tag(takes_context=True)
def allowed_steps(context, obj):
    """The one-click steps (core/steps.py) the signed-in user may take on ``obj`` in its status now."""
    from core.steps import table_for

    table = table_for(obj)
    return table.allowed(obj, context["request"].user) if table is not None else []


# --- bulk steps (core/steps.py ``bulk=True``): the checkboxes and the bar of a list ---------------------

class _BulkBar:
    """What a list's bulk bar shows: the bulk steps the user may take on at least one row of the page, and
    the export of the chosen rows when the list names its export (``export``: an export spec's name)."""

    def __init__(self, model, table, steps, export: str = ""):
        from django.urls import reverse

        self.steps = steps
        self.export = export
        self.url = reverse("bulk_step", args=[table.model._meta.label_lower]) if steps else ""
        self.form_id = f"bulk-{model._meta.model_name}"
        fields, seen = [], set()
        for step in steps:
            if step.input is None:
                continue
            for name, f in step.input().fields.items():
                if name in seen:
                    continue
                seen.add(name)
                choices = list(getattr(f, "choices", {}).items()) if hasattr(f, "choices") else None
                fields.append({"name": name, "label": f.label or name.replace("_", " ").capitalize(),
                               "choices": choices, "required": f.required})
        self.fields = fields

    def __bool__(self):
        return bool(self.steps or self.export)


@register.simple_tag(takes_context=True)
def bulk_bar(context, rows, export: str = ""):
    """``{% bulk_bar page.object_list export="placements" as bulk %}``: the bar of the page's rows, false when
    it offers nothing. ``export`` names the list's export spec: the bar then also exports the chosen rows.

    The rows' policy answers cost one query for the page at most, none per row: the list's base primed the
    page's rows (``ListPageMixin.filtered_page``, ``Policy.prime``).
    """
    from core.steps import table_for

    rows = list(rows)
    if not rows:
        return None
    table = table_for(rows[0])
    steps = []
    if table is not None and table.bulk_steps():
        user = context["request"].user
        offered = set()
        for obj in rows:
            offered.update(s.name for s in table.allowed(obj, user, buttons=False) if s.bulk)
        steps = [s for s in table.bulk_steps() if s.name in offered]
    bar = _BulkBar(type(rows[0]), table, steps, export)
    return bar if bar else None
