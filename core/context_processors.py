from django.urls import reverse
from django.utils.module_loading import import_string

from .access import access_for
from .registry import APP_GROUPS, nav_items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    acc = access_for(user)
    if not acc.is_authenticated:
        return {"nav": [], "access": acc}
    entries: list[dict] = []
    groups: dict[str, dict] = {}
    for item in nav_items():
        if not any(acc.has_role(r) for r in item.roles):
            continue
        url = reverse(item.url_name)
        link = {
            "label": item.label, "url": url, "badge": import_string(item.badge)(user) if item.badge else None,
            "active": request.path.startswith(url) and url != "/",
        }
        app = item.url_name.split(":")[0] if ":" in item.url_name else ""
        group_label = item.group or APP_GROUPS.get(app)
        if not group_label:
            entries.append(link)
            continue
        key = str(group_label)
        if key not in groups:
            groups[key] = {"label": group_label, "children": [], "active": False}
            entries.append(groups[key])
        groups[key]["children"].append(link)
        groups[key]["active"] = groups[key]["active"] or link["active"]
    # A menu of one item is just that item.
    nav = [e["children"][0] if "children" in e and len(e["children"]) == 1 else e for e in entries]
    return {"nav": nav, "access": acc}
