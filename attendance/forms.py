"""Forms of the attendance pages; every rule is checked again by the services they call."""
from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from accounts.models import Organization
from internships.models import Placement

from .choices import HalfDay, LeaveKind, VisitMode
from .models import AttendanceRules, CalendarDay, Workplace

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LeaveKind.choices, initial=LeaveKind.PERSONAL)
    start_date = forms.DateField(label=_("From"), widget=DATE)
    end_date = forms.DateField(label=_("Until"), widget=DATE)
    half_day = forms.ChoiceField(label=_("Part of the day"), choices=HalfDay.choices, initial=HalfDay.FULL,
                                 help_text=_("A half day is one date only."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    attachment = forms.FileField(label=_("Attachment"), required=False,
                                 help_text=_("E.g. a doctor's note (PDF, JPG, PNG)."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                           help_text=_("E.g. spoke with the enterprise, the shifts were changed."))


class WorkplaceForm(forms.ModelForm):
    class Meta:
        model = Workplace
        fields = ["address", "latitude", "longitude", "radius_m", "work_start", "work_end", "break_minutes",
                  "weekdays", "follows_public_calendar"]
        widgets = {"work_start": TIME, "work_end": TIME,
                   "latitude": forms.NumberInput(attrs={"step": "0.000001", "data-workplace-lat": ""}),
                   "longitude": forms.NumberInput(attrs={"step": "0.000001", "data-workplace-lon": ""})}


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DATE}


class RulesForm(forms.ModelForm):
    class Meta:
        model = AttendanceRules
        fields = ["leave_approval_order", "leave_backdate_days", "leave_max_days", "reminder_time",
                  "streak_mentor_days", "streak_admin_days", "visits_per_placement", "default_radius_m"]
        widgets = {"reminder_time": TIME}


class VisitForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Organization.objects.none())
    visited_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    mode = forms.ChoiceField(label=_("How"), choices=VisitMode.choices, initial=VisitMode.ON_SITE)
    placements = forms.ModelMultipleChoiceField(label=_("Interns met"), queryset=Placement.objects.none(),
                                                widget=forms.CheckboxSelectMultiple)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    follow_up = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                                required=False)

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        placements = placements.select_related("student", "enterprise").order_by("enterprise__name", "pk")
        self.fields["placements"].queryset = placements
        self.fields["placements"].label_from_instance = lambda p: f"{p.student} · {p.enterprise} · {p.post}"
        self.fields["enterprise"].queryset = Organization.objects.filter(
            kind=OrganizationKind.ENTERPRISE, pk__in=placements.values("enterprise_id")).order_by("name")


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo"), help_text=_("JPG or PNG."))


class SheetForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}),
                            initial=lambda: timezone.localdate().strftime("%Y-%m"))
    department = forms.ModelChoiceField(label=_("Department"), required=False, queryset=Organization.objects.filter(
        kind=OrganizationKind.DEPARTMENT, is_active=True).order_by("name"))
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), required=False, queryset=Organization.objects.none())

    def __init__(self, *args, enterprises, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        if departments is not None:  # a department administrator asks for their own department's sheet
            self.fields["department"].queryset = departments

    def clean_month(self) -> str:
        value = self.cleaned_data["month"]
        try:
            first = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give a month as YYYY-MM.")) from None
        if not 2000 <= first.year <= 2100:
            raise forms.ValidationError(_("Give a month between 2000 and 2100."))
        return value
