"""What the top bar's search finds in curriculum (core/site_search.py): courses."""
from django.utils.translation import gettext_lazy as _

from core.site_search import SearchSource

SEARCH_SOURCES = [
    SearchSource("courses", _("Courses"), "curriculum.Course", ("name", "code"), "curriculum:course_detail",
                 order=50, ordering=("code", "pk"), detail=lambda c: c.code),
]
