"""config/urls.py: each app's API is entered only by its own first path segments."""
from importlib import import_module

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from config.urls import FirstSegmentIn, api_patterns


def test_every_app_is_entered_by_its_first_segments_only():
    """A route with a variable first segment would make its app tried for every API path again."""
    assert len(api_patterns) == len(settings.DOMAIN_APPS)
    assert all(isinstance(p.pattern, FirstSegmentIn) for p in api_patterns)


@pytest.mark.parametrize("app", settings.DOMAIN_APPS)
def test_every_api_route_resolves_to_its_own_view_past_no_other_app(app):
    """Each list route resolves to the name it reverses from, and the routes tried on the way are the site's own
    pages and the app's own routes before it, never another app's (about 250 when the app came late)."""
    module = import_module(f"{app}.api.urls")
    own = len(module.urlpatterns)
    for pattern in module.urlpatterns:
        if not pattern.name or pattern.pattern.regex.groups:
            continue
        url = reverse(pattern.name)
        match = resolve(url)
        assert match.url_name == pattern.name
        assert match.route == "api/v1/" + str(pattern.pattern).removeprefix("^")
        assert len(match.tried) < 30 + own, (url, len(match.tried))


def test_a_path_of_no_app_is_still_a_404():
    with pytest.raises(Resolver404):
        resolve("/api/v1/no-such-resource/")
    with pytest.raises(Resolver404):
        resolve("/api/v1/placements")  # no trailing slash: no route, as before
