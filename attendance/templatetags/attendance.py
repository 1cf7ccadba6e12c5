from django import template

from accounts.policy import access_for

register = template.Library()


@register.simple_tag(takes_context=True)
def is_student(context) -> bool:
    """Whether the signed-in user's attendance pages are a student's (check-in) or a mentor's (board)."""
    return access_for(context["request"].user).is_student


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
