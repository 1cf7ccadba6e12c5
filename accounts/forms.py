"""Forms of the people pages: accounts, roles, invitations and accepting one."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from core.widgets import LookupSelect

from .choices import OrganizationKind, Role
from .models import Membership, Organization, User
from .policy import PARTNER_ROLES

ORGANIZATION_LOOKUP_URL = "/api/v1/organizations/"


def organization_field(queryset, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=queryset, required=required, label=_("Organisation"),
        widget=LookupSelect(lookup_url=ORGANIZATION_LOOKUP_URL, search_fields=("name", "name_en", "short_name")),
    )


class UserForm(forms.ModelForm):
    """A person's account. The full ID and phone numbers are write-only: the page never shows them."""

    phone = forms.CharField(label=_("phone number"), required=False, max_length=32,
                            widget=forms.PasswordInput(render_value=False),
                            help_text=_("Leave empty to keep the current value."))
    national_id = forms.CharField(label=_("national ID number"), required=False, max_length=18,
                                  widget=forms.PasswordInput(render_value=False),
                                  help_text=_("Leave empty to keep the current value."))

    class Meta:
        model = User
        fields = ["username", "display_name", "email", "student_no", "staff_no", "language"]

    def _post_clean(self):
        # The service validates the person (model checks, and uniqueness in any letter case, with its own
        # messages) and saves; the form must not write into the instance the page holds.
        pass

    def cleaned_person(self) -> dict:
        data = dict(self.cleaned_data)
        for secret in ("phone", "national_id"):
            if not data.get(secret):
                data.pop(secret, None)  # empty: keep what is stored
        return data


def narrow_roles(form: forms.Form, *, organizations=None, roles=None) -> None:
    """Offer only the organisations and roles the person filling the form may give (a department
    administrator: their departments, a student's or teacher's role); the service refuses the others anyway."""
    if organizations is not None and "organization" in form.fields:
        # A plain choice of a few departments, not the directory's lookup (which would offer every organisation).
        form.fields["organization"] = forms.ModelChoiceField(queryset=organizations, label=_("Organisation"))
        if organizations.count() == 1:
            form.fields["organization"].initial = organizations.first().pk
    if roles is not None and "role" in form.fields:
        form.fields["role"] = forms.ChoiceField(label=_("Role"), choices=[(r, Role(r).label) for r in roles])


class UserCreateForm(UserForm):
    """A new account and, optionally, its first role (required of a department administrator: ``narrow_roles``)."""

    organization = organization_field(Organization.objects.filter(is_active=True), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", "—"), *Role.choices])
    valid_from = forms.DateField(label=_("valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organizations=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_roles(self, organizations=organizations, roles=roles)

    def cleaned_person(self) -> dict:
        data = super().cleaned_person()
        if not data.get("organization") and not data.get("role"):
            for key in ("organization", "role", "valid_from", "valid_until"):
                data.pop(key, None)
        return data


class MembershipForm(forms.ModelForm):
    """Give a role (create) or change its period (edit: user, organisation and role stay)."""

    class Meta:
        model = Membership
        fields = ["organization", "role", "valid_from", "valid_until", "title", "is_org_admin"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}),
                   "valid_until": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, organizations=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = organization_field(Organization.objects.filter(is_active=True))
        if self.instance.pk:
            del self.fields["organization"]
            del self.fields["role"]
        narrow_roles(self, organizations=organizations, roles=roles)
        if roles is not None and not set(roles) & PARTNER_ROLES:
            del self.fields["is_org_admin"]  # only a partner's staff administer their organisation

    def validate_unique(self):
        """An overlap is the service's rule (409 on the form), not a unique key."""

    def _post_clean(self):
        # The service validates and saves; the model form must not write into the instance the page holds.
        pass


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    display_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Organisation"))
    is_org_admin = forms.BooleanField(label=_("Organisation administrator"), required=False,
                                      help_text=_("May invite and remove colleagues of the organisation."))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = organizations if organizations is not None else Organization.objects.none()
        self.fields["organization"] = organization_field(qs)
        if qs.count() == 1:
            self.fields["organization"].initial = qs.first().pk


def partner_organizations():
    return Organization.objects.filter(kind__in=[OrganizationKind.ENTERPRISE, OrganizationKind.ASSOCIATION],
                                       is_active=True)


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, help_text=_("Letters, digits and . @ + - _ only"))
    display_name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(),
                                help_text=password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput())
    # Django's "This field is required." beside a checkbox does not say what to do; the service's words do.
    accept_terms = forms.BooleanField(label=_("I have read and accept the terms of the platform"), required=True,
                                      error_messages={"required": _("Accept the terms of the platform to continue.")})

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data
