from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import EmailFrequency, NotificationKind
from .services import Channels


class PreferencesForm(forms.Form):
    """One row of three fields per notification kind: in-app, e-mail and e-mail frequency."""

    def __init__(self, *args, initial_channels: dict[str, Channels], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, label in NotificationKind.choices:
            ch = initial_channels[kind]
            self.fields[f"{kind}__in_app"] = forms.BooleanField(
                label=_("In the notification centre"), required=False, initial=ch.in_app)
            self.fields[f"{kind}__email"] = forms.BooleanField(label=_("By e-mail"), required=False, initial=ch.email)
            self.fields[f"{kind}__frequency"] = forms.ChoiceField(
                label=_("E-mail frequency"), choices=EmailFrequency.choices, initial=ch.frequency,
                help_text=_("A daily digest gathers the day's e-mails into one."),
            )
            self.rows.append((label, self[f"{kind}__in_app"], self[f"{kind}__email"], self[f"{kind}__frequency"]))

    def channels(self) -> dict[str, Channels]:
        data = self.cleaned_data
        return {
            kind: Channels(in_app=data[f"{kind}__in_app"], email=data[f"{kind}__email"],
                           frequency=data[f"{kind}__frequency"])
            for kind in NotificationKind.values
        }
