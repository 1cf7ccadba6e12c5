from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from accounts.models import Organization
from core.events import catalogue

from .choices import Platform
from .models import college_ids_of, owner_org_ids


def event_type_choices():
    return [("*", _("Every event type"))] + [(name, f"{et.label} ({name})") for name, et in sorted(catalogue().items())]


class EndpointForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Organisation"))
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https",
                         help_text=_("An https:// address of your server that accepts JSON POSTs."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(label=_("Event types"), choices=event_type_choices,
                                            widget=forms.SelectMultiple(attrs={"size": 12}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=owner_org_ids(user))


class EndpointEditForm(forms.Form):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(label=_("Event types"), choices=event_type_choices,
                                            widget=forms.SelectMultiple(attrs={"size": 12}))
    is_active = forms.BooleanField(label=_("Active"), required=False)


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    webhook_url = forms.URLField(label=_("Robot webhook URL"), max_length=500, assume_scheme="https")
    secret = forms.CharField(label=_("Signing secret"), max_length=200, required=False,
                             widget=forms.PasswordInput(render_value=False),
                             help_text=_("Required for DingTalk and Feishu robots (signature check)."))
    department = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Department"),
                                        required=False, empty_label=_("Whole college"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    event_types = forms.MultipleChoiceField(label=_("Event types"), choices=event_type_choices,
                                            widget=forms.SelectMultiple(attrs={"size": 12}))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Organization.objects.filter(
            kind=OrganizationKind.DEPARTMENT, parent_id__in=college_ids_of(user))
