from django.urls import reverse
from django.utils.module_loading import import_string

from .policy import access_for
from .registry import nav_items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    acc = access_for(user)
    if not acc.is_authenticated:
        return {"nav": [], "access": acc}
    nav = []
    for item in nav_items():
        if any(acc.has_role(r) for r in item.roles):
            url = reverse(item.url_name)
            badge = import_string(item.badge)(user) if item.badge else None
            nav.append({
                "label": item.label, "url": url, "badge": badge,
                "active": request.path.startswith(url) and url != "/",
            })
    return {"nav": nav, "access": acc}
