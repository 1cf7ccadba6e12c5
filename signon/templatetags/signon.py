"""``{% signon_buttons next %}``: the login page's campus sign-on buttons, one per configured protocol."""
from __future__ import annotations

from urllib.parse import urlencode

from django import template

from signon import conf

register = template.Library()


@register.inclusion_tag("signon/buttons.html")
def signon_buttons(next_url: str = "") -> dict:
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return {
        "providers": [(provider, provider.url + query) for provider in conf.buttons()],
        "ldap": conf.ldap_enabled(),
        "partners_only": conf.passwords_for_partners_only(),
    }
