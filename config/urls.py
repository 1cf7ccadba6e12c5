from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from signon import views as signon_views

# Every domain app owns `<app>/urls.py` (HTML, namespaced) and `<app>/api/urls.py` (REST).
# Attendance's routes are tried first: the morning check-in peak (issue 21) posts to /api/v1/check-ins/, and
# each app tried before costs a failed match of every route it has (some 230, a tenth of a check-in's time
# in the profile). No two apps share a resource prefix (tests/attendance/test_check_ins.py), so the order
# decides nothing else.
API_FIRST = "attendance"
api_patterns = [path("", include(f"{app}.api.urls"))
                for app in sorted(settings.DOMAIN_APPS, key=lambda app: app != API_FIRST)]

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
