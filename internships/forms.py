from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership, Organization, User
from core.catalogue import pickable
from core.widgets import FastSelect, enterprise_lookup

from .choices import RUBRIC, EvaluationStage, LogGrade
from .models import Application, EmploymentOutcome, Placement, Posting, SafetyIncident, WeeklyLog

# The programmes an outcome names, through its foreign key (internships reads curriculum only through scopes).
Program = EmploymentOutcome._meta.get_field("program").related_model

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PostingForm(forms.ModelForm):
    class Meta:
        model = Posting
        fields = ["enterprise", "title", "post", "description", "competencies", "slots", "post_staff_count",
                  "location", "stipend_monthly", "start_date", "end_date", "application_deadline", "daily_hours",
                  "weekly_hours", "night_shift", "overtime"]
        widgets = {"start_date": DATE, "end_date": DATE, "application_deadline": DATE,
                   "description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"slots": _("How many interns you take; at most 20 percent of the staff on this post."),
                      "daily_hours": _("At most 8 hours a day."), "weekly_hours": _("At most 40 hours a week.")}

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises if enterprises is not None else Organization.objects.none()
        # an archived competency is offered to no posting but stays on those that name it (core/catalogue.py)
        self.fields["competencies"].queryset = pickable(
            self.fields["competencies"].queryset, keep=self.instance.competencies.all() if self.instance.pk else [])
        if self.instance.pk:
            self.fields["enterprise"].disabled = True
        elif enterprises is not None:
            first_two = list(enterprises[:2])
            if len(first_two) == 1:
                self.fields["enterprise"].initial = first_two[0].pk


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["note", "cv"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}


class PlacementForm(forms.ModelForm):
    exception_reason = forms.CharField(
        label=_("Reason for an exception"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if this change breaks the maximum duration or an intern cap and the college allows it: "
                    "the reason is recorded with your name and shown on the compliance page."))

    class Meta:
        model = Placement
        fields = ["student", "enterprise", "post", "post_staff_count", "start_date", "end_date", "daily_hours",
                  "weekly_hours", "night_shift", "overtime", "school_mentor", "enterprise_mentor",
                  "enterprise_mentor_name", "enterprise_mentor_email", "agreement_file", "agreement_signed_on",
                  "insurer", "insurance_policy_no", "insurance_start", "insurance_end"]
        widgets = {f: DATE for f in ("start_date", "end_date", "agreement_signed_on", "insurance_start",
                                     "insurance_end")}

    def __init__(self, *args, allow_exception=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_exception:
            self.fields.pop("exception_reason")  # only a college admin may allow a breach

        def holding(role):
            # A role counts only while its membership is in force (active, in an active organisation).
            return User.objects.filter(pk__in=Membership.objects.in_force().filter(role=role).values("user_id"))

        self.fields["student"].queryset = holding(Role.STUDENT)
        self.fields["enterprise"].queryset = Organization.objects.enterprises().filter(is_active=True)
        self.fields["school_mentor"].queryset = holding(Role.TEACHER)
        self.fields["enterprise_mentor"].queryset = holding(Role.ENTERPRISE)
        if self.instance.pk:
            for name in ("student", "enterprise"):
                self.fields.pop(name)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason for ending early"), widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}))


class WeeklyLogForm(forms.ModelForm):
    attachment = forms.FileField(label=_("Attachment"), required=False,
                                 help_text=_("Optional: storyboard, render, screenshot (PDF, image or Office file)."))

    class Meta:
        model = WeeklyLog
        fields = ["week_no", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, weeks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if weeks is not None:
            self.fields["week_no"] = forms.TypedChoiceField(label=_("Week"), coerce=int,
                                                            choices=[(w, _("Week %(n)s") % {"n": w}) for w in weeks])
        if self.instance.pk:
            self.fields.pop("week_no")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"))


class ReviewForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=LogGrade.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Enterprise mentor's comment"), widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=EvaluationStage.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, with_stage=True, with_name=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_stage:
            self.fields.pop("stage")
        if with_name:
            self.fields["evaluator_name"] = forms.CharField(label=_("Your name"), max_length=100)
        for key, label in RUBRIC:
            self.fields[key] = forms.IntegerField(label=label, min_value=0, max_value=100,
                                                  help_text=_("0 to 100"))

    def scores(self) -> dict:
        return {k: self.cleaned_data[k] for k, _label in RUBRIC}


class EvaluationLinkForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=EvaluationStage.choices)


class IncidentForm(forms.ModelForm):
    class Meta:
        model = SafetyIncident
        fields = ["occurred_on", "severity", "description", "follow_up", "notified"]
        widgets = {"occurred_on": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "follow_up": forms.Textarea(attrs={"rows": 3})}


class OutcomeForm(forms.ModelForm):
    """A student's outcome at graduation, from the placement page (the student is the placement's)."""

    class Meta:
        model = EmploymentOutcome
        fields = ["kind", "program", "employer", "employer_name", "position", "is_counterpart", "monthly_salary"]
        widgets = {"program": FastSelect, "employer": enterprise_lookup()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Organization.objects.enterprises().only("id", "name")
        self.fields["employer"].required = False
        self.fields["program"].queryset = Program.objects.only("id", "title", "version")


class OutcomeRecordForm(OutcomeForm):
    """The register's form: the college names the student by student number (20,000 students: no drop-down)."""

    student_no = forms.CharField(label=_("Student number"), max_length=32)

    field_order = ["student_no"]

    def clean_student_no(self):
        number = self.cleaned_data["student_no"].strip()
        student = User.objects.filter(student_no=number, memberships__role=Role.STUDENT).distinct().first()
        if student is None:
            raise forms.ValidationError(_("No student has this student number."))
        self.student = student
        return number


class FollowUpNoteForm(forms.Form):
    note = forms.CharField(label=_("Follow-up note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What was done, by whom, and what comes next."))
