"""Django's admin site for superusers only.

Every catalogue and every person the college maintains has pages and an API of its own (a test walks
the models: tests/platform/test_admin_only.py), scoped and audited like the rest of the platform.
The admin site bypasses those scopes and policies, so staff status alone opens nothing here: the
site's ``has_permission`` and its login form both ask for a superuser. Installed through
``core.admin_apps.AdminConfig`` in place of ``django.contrib.admin``.
"""
from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form: a staff member who is no superuser is told the same as a wrong password."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                  params={"username": self.username_field.verbose_name})


class SuperuserAdminSite(admin.AdminSite):
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser
