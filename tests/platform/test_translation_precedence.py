"""The platform's own catalogues win over third-party ones for the same word."""
from django.utils import translation

from accounts.models import Organization


def test_field_names_use_the_platforms_wording():
    with translation.override("zh-hans"):
        # django-celery-beat translates "name" as 任务名 (task name); an organisation has a 名称.
        assert str(Organization._meta.get_field("name").verbose_name) == "名称"
