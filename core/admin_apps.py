"""``django.contrib.admin`` with the superusers-only site of core/admin_site.py as ``admin.site``.

A module of its own: INSTALLED_APPS imports it before the models are ready (core/admin_site.py imports
the admin's forms, which need them), and core/apps.py keeps one AppConfig, the platform's.
"""
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "core.admin_site.SuperuserAdminSite"
