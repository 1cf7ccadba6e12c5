import re
from importlib import import_module

from django.conf import settings
from django.contrib import admin
from django.urls import URLResolver, include, path
from django.urls.resolvers import RoutePattern
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from signon import views as signon_views

# Every domain app owns `<app>/urls.py` (HTML, namespaced) and `<app>/api/urls.py` (REST). Each app's API is
# entered only by a path whose first segment is one of its own: without that, every app tried before the right
# one failed on each of its routes and Django copied the list of routes tried at every level (some 230 failed
# matches and 300 list copies per API request, a tenth of a check-in's time and about 0.4 ms of every list).
# No two apps share a first segment (tests/attendance/test_check_ins.py), so at most one app is entered.


class FirstSegmentIn(RoutePattern):
    """The empty route (the app's routes see the path unchanged), matching only paths whose first segment is one of
    ``segments``. It prints as the empty route, so reversing, the route of a match and the API schema are as with
    ``path("", include(...))``."""

    def __init__(self, segments):
        super().__init__("", is_endpoint=False)
        self.segments = frozenset(segments)

    def match(self, path):
        head, slash, _ = path.partition("/")
        return super().match(path) if slash and head in self.segments else None


def _first_segments(patterns) -> list[str] | None:
    """The literal first path segments of an app's API routes; None when a route does not start with one."""
    segments = set()
    for pattern in patterns:
        head, slash, _ = str(pattern.pattern).removeprefix("^").partition("/")
        if not slash or not re.fullmatch(r"[\w-]+", head):
            return None
        segments.add(head)
    return sorted(segments)


def _api(app: str):
    module = import_module(f"{app}.api.urls")
    segments = _first_segments(module.urlpatterns)
    if segments is None:  # a route with a variable first segment: the app is tried for every path
        return path("", include(module))
    return URLResolver(FirstSegmentIn(segments), module)


api_patterns = [_api(app) for app in settings.DOMAIN_APPS]

urlpatterns = [
    path("", core_views.DashboardView.as_view(), name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    # One bulk endpoint for every list whose step table declares bulk steps (core/steps.py).
    path("bulk/<str:label>/", core_views.BulkStepView.as_view(), name="bulk_step"),
    path("search/", core_views.SearchView.as_view(), name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # The one logout: it also ends the campus (CAS / OpenID Connect) session the user signed in with. Listed
    # before accounts' own so the address every template and client already uses reaches it.
    path("accounts/logout/", signon_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("signon/", include("signon.urls")),
    *[path(f"{app}/", include(f"{app}.urls")) for app in settings.DOMAIN_APPS if app != "accounts"],
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler403 = "core.views.error_403"
