"""What the top bar's search finds in partnerships (core/site_search.py): enterprises and agreements."""
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from core.site_search import SearchSource

SEARCH_SOURCES = [
    SearchSource("enterprises", _("Enterprises"), "accounts.Organization", ("name",), "partnerships:enterprise_detail",
                 order=20, narrow=lambda qs: qs.filter(kind=OrganizationKind.ENTERPRISE), ordering=("name", "pk")),
    SearchSource("agreements", _("Agreements"), "partnerships.Agreement", ("title", "code"),
                 "partnerships:agreement_detail", order=40, ordering=("-pk",), detail=lambda a: a.code),
]
