from django import template

from core.formatting import money

register = template.Library()


@register.filter
def cny(value) -> str:
    """Money as ¥1,234.50: the platform's one money format (core.formatting.money, ``|money`` of ``iei``),
    under the name the funding templates already use."""
    return money(value)
