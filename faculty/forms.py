from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Organization, User
from core.catalogue import pickable
from core.widgets import FastSelect, enterprise_lookup, user_lookup

from .models import (
    AssessmentScheme,
    IndustryYearsDeclaration,
    InstructorEvaluation,
    PartTimeInstructor,
    ReformRecord,
    TeacherAward,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)

# Reached through the placement's foreign keys, not an import of partnerships (see api/serializers.py).
Agreement = TeacherPlacement._meta.get_field("agreement").related_model
IndustryProject = TeacherPlacement._meta.get_field("industry_project").related_model

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlacementForm(forms.ModelForm):
    class Meta:
        model = TeacherPlacement
        fields = ["host", "agreement", "start_date", "end_date", "days", "role", "project", "industry_project",
                  "outcomes", "evidence"]
        widgets = {"start_date": DATE, "end_date": DATE, "outcomes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE, is_active=True)
        self.fields["agreement"].queryset = Agreement.objects.visible_to(user).filter(
            kind__in=["workstation", "mobility_station"]
        )
        self.fields["industry_project"].queryset = IndustryProject.objects.visible_to(user)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=_("The teacher sees this and can correct the record."))


class IndustryYearsForm(forms.ModelForm):
    class Meta:
        model = IndustryYearsDeclaration
        fields = ["years", "description", "file"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LinkAnswerForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    reason = forms.CharField(label=_("Reason (only when returning)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class TrainingForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["kind", "title", "organizer", "start_date", "end_date", "hours", "certificate_name",
                  "certificate_file"]
        widgets = {"start_date": DATE, "end_date": DATE}


class CertificateForm(forms.ModelForm):
    class Meta:
        model = TeacherCertificate
        fields = ["kind", "name", "issuer", "issued_on", "valid_until", "file"]
        widgets = {"issued_on": DATE, "valid_until": DATE}


class ReformForm(forms.ModelForm):
    class Meta:
        model = ReformRecord
        fields = ["kind", "title", "year", "course", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ComputeAssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100,
                              help_text=_("Scores of every teacher are (re)computed from the recorded evidence."))


class AwardForm(forms.ModelForm):
    """A teacher's award. The teacher and the incentive are the college admin's to set (``admin=True``)."""

    class Meta:
        model = TeacherAward
        fields = ["profile", "year", "title", "level", "incentive_cny"]
        widgets = {"profile": FastSelect}

    def __init__(self, *args, admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if admin and self.instance.pk is None:
            self.fields["profile"].queryset = TeacherProfile.objects.select_related("user").order_by(
                "user__display_name", "user__username")
        else:
            self.fields.pop("profile")
        if not admin:
            self.fields.pop("incentive_cny")


class InstructorForm(forms.ModelForm):
    class Meta:
        model = PartTimeInstructor
        fields = ["name", "enterprise", "position", "expertise", "phone", "email", "hourly_rate"]
        widgets = {"enterprise": enterprise_lookup()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).only(
            "id", "name")


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = TeachingAssignment
        fields = ["instructor", "course", "term", "hours", "rate", "mentor"]
        widgets = {"instructor": FastSelect, "course": FastSelect, "mentor": user_lookup(Role.TEACHER)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instructors = PartTimeInstructor.objects.only("id", "name")
        # A new assignment needs an instructor who is not archived (services); an edit keeps its own.
        self.fields["instructor"].queryset = pickable(instructors, keep=[self.instance.instructor_id])
        course = self.fields["course"]
        course.queryset = course.queryset.only("id", "code", "name").order_by("code")
        self.fields["rate"].required = False
        self.fields["mentor"].queryset = User.objects.filter(
            memberships__role=Role.TEACHER).distinct().order_by("display_name", "username")
        if self.instance.pk:
            # Moving an assignment to another instructor or course is a new assignment, not an edit.
            for name in ("instructor", "course"):
                self.fields[name].disabled = True


class InstructorEvaluationForm(forms.ModelForm):
    class Meta:
        model = InstructorEvaluation
        fields = ["score", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class AssessmentSchemeForm(forms.ModelForm):
    """The points of one assessment year (college admins); the year itself is the page's, not a field."""

    class Meta:
        model = AssessmentScheme
        fields = ["per_placement_day", "per_project", "per_mentored_assignment", "per_training_hour", "per_reform",
                  "award_points", "max_score"]

    def clean_award_points(self):
        value = self.cleaned_data["award_points"] or {}
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, int | float) and v >= 0
                                                  for k, v in value.items()):
            raise forms.ValidationError(_('Give the points per award level as {"level": points}, points 0 or more.'))
        return value
