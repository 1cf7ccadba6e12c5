"""What the top bar's search finds in internships (core/site_search.py): postings."""
from django.utils.translation import gettext_lazy as _

from core.site_search import SearchSource

SEARCH_SOURCES = [
    SearchSource("postings", _("Postings"), "internships.Posting", ("title",), "internships:posting_detail",
                 order=30, ordering=("-pk",), select_related=("enterprise",), detail=lambda p: p.enterprise.name),
]
