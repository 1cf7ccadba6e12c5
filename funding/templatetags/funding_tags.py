from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def cny(value) -> str:
    """Money as ¥1,234.50 in every language: finance staff read grouped amounts, whatever the locale says."""
    if value is None or value == "":
        return "—"
    return f"¥{Decimal(value):,.2f}"
