"""Forms of the competency map's catalogues (岗课赛证): they collect input, ``core.catalogue`` saves it.

Choices of other catalogues offer their active entries plus those the edited entry already names
(``core.catalogue.pickable``): an archived competency stays on the competition that lists it.
"""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.policy import access_for
from core.catalogue import pickable
from core.catalogue_views import CatalogueForm
from core.widgets import enterprise_lookup

from .choices import Level
from .models import Certificate, Competency, Competition, Course, CourseModule, JobPost, Program


class CompetencyForm(CatalogueForm):
    class Meta:
        model = Competency
        fields = ["code", "name", "name_en", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CourseModuleForm(CatalogueForm):
    class Meta:
        model = CourseModule
        fields = ["name", "kind", "program", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.order_by("-cohort_year", "major", "-version")
        self.fields["program"].help_text = _("Leave empty for a module every programme may use.")


class LinkedForm(CatalogueForm):
    """Competitions and certificates: the competencies they test and the courses that prepare for them."""

    m2m_fields = ("competencies", "courses")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kept = list(self.instance.competencies.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["competencies"].queryset = pickable(Competency.objects.all(), keep=kept)
        self.fields["courses"].queryset = Course.objects.order_by("code")
        for name in self.m2m_fields:
            self.fields[name].widget.attrs["size"] = 8


class CompetitionForm(LinkedForm):
    class Meta:
        model = Competition
        fields = ["name", "organizer", "level", "competencies", "courses"]


class CertificateForm(LinkedForm):
    class Meta:
        model = Certificate
        fields = ["name", "issuer", "level", "competencies", "courses"]


class JobPostForm(CatalogueForm):
    """A job post with one level field per competency (blank: not required), like the evaluation form's scores."""

    class Meta:
        model = JobPost
        fields = ["title", "enterprise", "is_current", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        acc = access_for(self.user)
        enterprise = self.fields["enterprise"]
        enterprise.queryset = Organization.objects.filter(kind="enterprise").order_by("name")
        if not acc.is_college_admin:
            # a partner keeps its own posts; the industry-wide ones are the college's (JobPostPolicy)
            enterprise.queryset = enterprise.queryset.filter(pk__in=acc.enterprise_ids)
            enterprise.required = True
            enterprise.help_text = ""
        else:
            enterprise.widget = enterprise_lookup(choices=enterprise.choices)
        current = dict(self.instance.requirements.values_list("competency_id", "level")) if self.instance.pk else {}
        self.competencies = list(pickable(Competency.objects.all(), keep=current).only("id", "code", "name"))
        choices = [("", _("not required")), *Level.choices]
        for c in self.competencies:
            self.fields[f"req_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.code} {c.name}", choices=choices, coerce=int, empty_value=None, required=False,
                initial=current.get(c.pk))

    def requirements(self) -> list[tuple[Competency, int]]:
        return [(c, self.cleaned_data[f"req_{c.pk}"]) for c in self.competencies
                if self.cleaned_data.get(f"req_{c.pk}") is not None]
