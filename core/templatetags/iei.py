from django import template
from django.utils.html import format_html
from django.utils.translation import ngettext

register = template.Library()


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
