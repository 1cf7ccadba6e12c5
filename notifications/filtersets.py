import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, StrictBooleanFilter

from .choices import NotificationKind
from .models import Notification


class NotificationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices, label=_("Kind"))
    unread = StrictBooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Unread only"),
                                          widget=django_filters.widgets.BooleanWidget())

    class Meta:
        model = Notification
        fields = ["kind", "unread"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(body__icontains=value))
