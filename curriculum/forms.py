"""HTML forms; they collect input, the services decide (rules live in services.py)."""
from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership, User
from core.catalogue import pickable
from core.widgets import user_lookup

from .models import (
    Competency,
    Course,
    CourseProject,
    Program,
    ProgramGoal,
    StudentAchievement,
)
from .services import ADOPTABLE_PROJECT_STATUSES, listed


class DateInput(forms.DateInput):
    input_type = "date"


def _holding(role: str):
    """The users who hold ``role`` through a membership in force (an active one, in an active organisation)."""
    return User.objects.filter(pk__in=Membership.objects.in_force().filter(role=role).values("user_id"))


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["major", "cohort_year", "title", "length_years", "summary", "department"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = self.fields["department"].queryset.filter(kind="department")
        from accounts.policy import access_for

        acc = access_for(user)
        if user is not None and acc.is_department_admin and not acc.is_college_admin:
            # program_create() refuses any other department; the choice offers only theirs.
            self.fields["department"].queryset = self.fields["department"].queryset.filter(pk__in=acc.department_ids)
            self.fields["department"].required = True
        if self.instance.pk:
            # a version belongs to its major and cohort for good
            for name in ("major", "cohort_year"):
                self.fields[name].disabled = True

    def validate_unique(self):
        """Versions share major and cohort; the service says when a new programme is allowed."""


class GoalForm(forms.ModelForm):
    class Meta:
        model = ProgramGoal
        fields = ["dimension", "statement", "outcome", "target"]


class ProgramCourseForm(forms.Form):
    course = forms.ModelChoiceField(Course.objects.all(), label=_("Course"))
    semester = forms.IntegerField(label=_("Semester"), min_value=1, max_value=12, initial=1)
    is_required = forms.BooleanField(label=_("Required"), required=False, initial=True)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                           help_text=_("Your comment is visible to the college and the other reviewers."))


class CourseForm(forms.ModelForm):
    aigc_topics = forms.CharField(label=_("AIGC topics"), required=False,
                                  help_text=_("AIGC tools and themes the course teaches, separated by commas."))

    class Meta:
        model = Course
        fields = ["code", "name", "module", "owner", "credits", "theory_hours", "practice_hours", "description",
                  "aigc_topics", "content_since"]
        widgets = {"content_since": DateInput()}

    def __init__(self, *args, can_reassign: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _holding(Role.TEACHER)
        self.fields["owner"].widget = user_lookup(Role.TEACHER, attrs=self.fields["owner"].widget.attrs,
                                                  choices=self.fields["owner"].choices)
        if not can_reassign:
            self.fields["owner"].disabled = True
        # an archived module stays on the courses in it, but is offered to no other
        self.fields["module"].queryset = pickable(self.fields["module"].queryset, keep=[self.instance.module_id])
        if self.instance.pk:
            self.initial["aigc_topics"] = ", ".join(self.instance.aigc_topics)

    def clean_aigc_topics(self) -> list[str]:
        raw = self.cleaned_data.get("aigc_topics") or ""
        topics = [t.strip() for t in raw.replace("，", ",").split(",") if t.strip()]
        if any(len(t) > 60 for t in topics):
            raise forms.ValidationError(_("Each topic has at most 60 characters."))
        return topics


class RevisionForm(forms.Form):
    revised_on = forms.DateField(label=_("Revised on"), widget=DateInput())
    summary = forms.CharField(label=_("Summary"), max_length=200)
    added = forms.CharField(label=_("Content added"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    retired = forms.CharField(label=_("Content retired"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Say at least what was added or what was retired."))


class CoverageForm(forms.Form):
    competency = forms.ModelChoiceField(Competency.objects.active(), label=_("Competency"))
    level = forms.TypedChoiceField(label=_("Level"), coerce=int,
                                   choices=[(1, _("1 · Aware")), (2, _("2 · Basic")), (3, _("3 · Proficient")),
                                            (4, _("4 · Expert"))])


class AchievementForm(forms.ModelForm):
    class Meta:
        model = StudentAchievement
        fields = ["kind", "competition", "certificate", "title", "achieved_on", "program", "evidence"]
        widgets = {"achieved_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(status="approved")
        for name in ("competition", "certificate"):  # archived entries are offered for no new achievement
            self.fields[name].queryset = pickable(self.fields[name].queryset,
                                                  keep=[getattr(self.instance, f"{name}_id")])
        self.fields["competition"].help_text = _("For a competition award.")
        self.fields["certificate"].help_text = _("For a certificate earned.")

    def _post_clean(self):
        """Model validation (kind and link) runs in the service, which reports field errors."""


class CourseProjectForm(forms.ModelForm):
    class Meta:
        model = CourseProject
        fields = ["course", "industry_project", "title", "term", "mentor", "teacher_weight"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.policy import access_for

        if user is not None and not access_for(user).is_college_admin:
            self.fields["course"].queryset = Course.objects.filter(owner=user)
        # the industry projects are partnerships' rows, reached through the relation this model declares
        self.fields["industry_project"].queryset = self.fields["industry_project"].queryset.filter(
            status__in=ADOPTABLE_PROJECT_STATUSES).select_related("enterprise")
        self.fields["mentor"].queryset = _holding(Role.ENTERPRISE)
        self.fields["mentor"].widget = user_lookup(Role.ENTERPRISE, attrs=self.fields["mentor"].widget.attrs,
                                                   choices=self.fields["mentor"].choices)
        self.fields["mentor"].help_text = _("A staff member of the enterprise that posted the project.")

    def _post_clean(self):
        """The service checks the project and the mentor."""


class TeamForm(forms.Form):
    """Members are typed as student numbers or usernames: a college has 20,000 students, too many
    for a list to pick from (the page took 1.6 s and 842 KB with every student as an option)."""

    name = forms.CharField(label=_("Team name"), max_length=100)
    students = forms.CharField(
        label=_("Students"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Student numbers or usernames, separated by spaces or commas. "
                    "A student works in one team per project."),
    )

    def clean_students(self):
        import re

        tokens = [t for t in re.split(r"[\s,，、;；]+", self.cleaned_data["students"]) if t]
        if not tokens:
            raise forms.ValidationError(_("Name at least one student."))
        if len(tokens) > 50:
            raise forms.ValidationError(_("A team has at most 50 students."))
        found = list(_holding(Role.STUDENT).filter(Q(student_no__in=tokens) | Q(username__in=tokens)))
        known = {u.student_no for u in found} | {u.username for u in found}
        unknown = [t for t in tokens if t not in known]
        if unknown:
            raise forms.ValidationError(
                _("No student with the number or username: %(names)s") % {"names": listed(unknown)})
        return found


class GradeForm(forms.Form):
    team = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("Score"), min_value=0, max_value=100, decimal_places=2)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)
