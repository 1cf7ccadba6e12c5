from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Invitation, Membership, Organization, PersonalDataReveal, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


class UserChangeForm(BaseUserAdmin.form):
    """Personal data is write-only here: the admin never displays a full ID or phone number."""

    phone = forms.CharField(label=_("phone number"), required=False, widget=forms.PasswordInput(render_value=False),
                            help_text=_("Leave empty to keep the current value."))
    national_id = forms.CharField(label=_("national ID number"), required=False, max_length=18,
                                  widget=forms.PasswordInput(render_value=False),
                                  help_text=_("Leave empty to keep the current value."))

    def clean_phone(self):
        return self.cleaned_data["phone"] or self.instance.phone

    def clean_national_id(self):
        return self.cleaned_data["national_id"] or self.instance.national_id


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    list_display = ["username", "display_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "display_name", "email", "student_no", "staff_no"]
    inlines = [MembershipInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Platform"), {"fields": ("display_name", "phone", "national_id", "student_no", "staff_no", "language")}),
    )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_en", "short_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "valid_from", "valid_until", "is_org_admin", "is_active"]
    list_filter = ["role", "is_active", "is_org_admin"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization"]



@admin.register(PersonalDataReveal)
class PersonalDataRevealAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "subject", "field", "reason"]
    list_filter = ["field"]
    readonly_fields = ["at", "actor", "subject", "field", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see who holds which token until when, and revoke (delete) one; a key is issued only to its
    user (the token endpoint or the API tokens page), so the admin cannot add one."""

    list_display = ["user", "name", "created", "expiry"]
    search_fields = ["user__username", "name"]
    fields = ["user", "name", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent, resent and revoked on the platform's pages (accounts/services.py),
    where the link is made and mailed; the admin only shows them."""

    list_display = ["email", "organization", "role", "is_org_admin", "created_at", "expires_at", "accepted_at",
                    "revoked_at"]
    search_fields = ["email", "display_name", "organization__name"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "token_digest"]
    exclude = ["token_digest"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
