"""What the top bar's search finds among people (core/site_search.py): students and teachers.

A person's page (accounts:user_detail) is the college admin's alone, so only they are offered these kinds;
the rows are still ``User.objects.visible_to``.
"""
from django.utils.translation import gettext_lazy as _

from core.site_search import SearchSource

from .choices import Role
from .models import Membership


def _with_role(role):
    def narrow(qs):
        return qs.filter(pk__in=Membership.objects.filter(role=role).values("user_id"))
    return narrow


SEARCH_SOURCES = [
    SearchSource("students", _("Students"), "accounts.User", ("display_name", "username"), "accounts:user_detail",
                 order=10, narrow=_with_role(Role.STUDENT), ordering=("display_name", "pk"),
                 detail=lambda u: u.username, roles=(Role.COLLEGE_ADMIN,)),
    SearchSource("teachers", _("Teachers"), "accounts.User", ("display_name", "username"), "accounts:user_detail",
                 order=60, narrow=_with_role(Role.TEACHER), ordering=("display_name", "pk"),
                 detail=lambda u: u.username, roles=(Role.COLLEGE_ADMIN,)),
]
