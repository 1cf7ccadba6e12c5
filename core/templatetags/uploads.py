"""Template helpers for uploaded files: whether a page offers an in-browser preview (core.uploads)."""
from django import template

from core.uploads import previewable_name

register = template.Library()


@register.filter
def previewable(field_file) -> bool:
    """``{% if doc.file|previewable %}``: a PDF or image by its name; the file view checks the bytes."""
    return bool(field_file) and previewable_name(getattr(field_file, "name", field_file))
