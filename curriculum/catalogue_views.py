"""Pages of the competency map's catalogues (岗课赛证): course modules, competencies, job posts, competitions
and certificates. Everyone signed in reads them; the college keeps them (a partner enterprise its own job
posts). Lists, forms, archive/restore and delete are ``core.catalogue_views``; this module names the parts."""
from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.catalogue_views import CatalogueDeleteView, CatalogueFormPage, CatalogueListView, Column
from core.views import StepView

from . import catalogue_forms as forms
from . import services
from .filtersets import (
    CertificateFilterSet,
    CompetencyFilterSet,
    CompetitionFilterSet,
    CourseModuleFilterSet,
    JobPostFilterSet,
)
from .models import Certificate, Competency, Competition, CourseModule, JobPost
from .policies import CataloguePolicy, JobPostPolicy
from .steps import CERTIFICATE_STEPS, COMPETENCY_STEPS, COMPETITION_STEPS, COURSE_MODULE_STEPS, JOB_POST_STEPS

ALL_ROLES = tuple(Role.values)


def _names(rows, limit: int = 4) -> str:
    """The first names of a prefetched list, and how many more."""
    rows = list(rows)
    text = "、".join(str(r) for r in rows[:limit])
    return f"{text} (+{len(rows) - limit})" if len(rows) > limit else text


class _Catalogue:
    """What the pages of every catalogue here share: who may open them and who may write."""

    allowed_roles = ALL_ROLES
    policy_class = CataloguePolicy


# --- course modules -----------------------------------------------------------------------------

class ModuleListView(_Catalogue, CatalogueListView):
    model = CourseModule
    steps = COURSE_MODULE_STEPS
    filterset_class = CourseModuleFilterSet
    ordering_fields = ("name", "kind")
    title = _("Course modules")
    intro = _("The groups of courses of the three kinds the training system names.")
    columns = (Column(_("Name"), lambda m: m.name, "name"), Column(_("Kind"), lambda m: m.get_kind_display(), "kind"),
               Column(_("Programme"), lambda m: m.program or _("All programmes")),
               Column(_("Description"), lambda m: m.description))
    create_url_name = "curriculum:module_create"
    edit_url_name = "curriculum:module_edit"
    step_url_name = "curriculum:module_action"

    def get_queryset(self):
        return super().get_queryset().select_related("program")


class ModuleFormPage(_Catalogue, CatalogueFormPage):
    model = CourseModule
    steps = COURSE_MODULE_STEPS
    form_class = forms.CourseModuleForm
    list_url_name = "curriculum:module_list"
    step_url_name = "curriculum:module_action"
    delete_url_name = "curriculum:module_delete"
    create_title = _("New course module")
    edit_title = _("Edit %(entry)s")


class ModuleDeleteView(_Catalogue, CatalogueDeleteView):
    model = CourseModule
    list_url_name = "curriculum:module_list"


class ModuleStepView(_Catalogue, StepView):
    steps = COURSE_MODULE_STEPS

    def success_url(self, obj) -> str:
        return reverse("curriculum:module_list")


# --- competencies -------------------------------------------------------------------------------

class CompetencyListView(_Catalogue, CatalogueListView):
    model = Competency
    steps = COMPETENCY_STEPS
    filterset_class = CompetencyFilterSet
    ordering_fields = ("code", "name", "category")
    title = _("Competencies")
    intro = _("What the college trains and the industry asks for; the competency map links them to posts, "
              "courses, competitions and certificates.")
    columns = (Column(_("Code"), lambda c: c.code, "code"), Column(_("Name"), lambda c: c.name, "name"),
               Column(_("English name"), lambda c: c.name_en),
               Column(_("Category"), lambda c: c.get_category_display(), "category"))
    create_url_name = "curriculum:competency_create"
    edit_url_name = "curriculum:competency_edit"
    step_url_name = "curriculum:competency_action"


class CompetencyFormPage(_Catalogue, CatalogueFormPage):
    model = Competency
    steps = COMPETENCY_STEPS
    form_class = forms.CompetencyForm
    list_url_name = "curriculum:competency_list"
    step_url_name = "curriculum:competency_action"
    delete_url_name = "curriculum:competency_delete"
    create_title = _("New competency")
    edit_title = _("Edit %(entry)s")


class CompetencyDeleteView(_Catalogue, CatalogueDeleteView):
    model = Competency
    list_url_name = "curriculum:competency_list"


class CompetencyStepView(_Catalogue, StepView):
    steps = COMPETENCY_STEPS

    def success_url(self, obj) -> str:
        return reverse("curriculum:competency_list")


# --- job posts ----------------------------------------------------------------------------------

def _requirements(post) -> str:
    return _names(f"{r.competency.code}·{r.level}" for r in post.requirements.all())


class JobPostListView(_Catalogue, CatalogueListView):
    model = JobPost
    policy_class = JobPostPolicy
    steps = JOB_POST_STEPS
    filterset_class = JobPostFilterSet
    ordering_fields = ("title", "created_at")
    title = _("Job posts")
    intro = _("The posts of the industry and the competencies each requires (the 岗 of 岗课赛证); only current "
              "posts count as demand.")
    columns = (Column(_("Title"), lambda p: p.title, "title"),
               Column(_("Enterprise"), lambda p: p.enterprise or _("Whole industry")),
               Column(_("Current"), lambda p: _("yes") if p.is_current else _("no")),
               Column(_("Required competencies"), _requirements),
               Column(_("Created"), lambda p: date_format(p.created_at, "SHORT_DATE_FORMAT"), "created_at"))
    create_url_name = "curriculum:job_post_create"
    edit_url_name = "curriculum:job_post_edit"
    step_url_name = "curriculum:job_post_action"

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise").prefetch_related("requirements__competency")


class JobPostFormPage(_Catalogue, CatalogueFormPage):
    model = JobPost
    policy_class = JobPostPolicy
    steps = JOB_POST_STEPS
    form_class = forms.JobPostForm
    list_url_name = "curriculum:job_post_list"
    step_url_name = "curriculum:job_post_action"
    delete_url_name = "curriculum:job_post_delete"
    create_title = _("New job post")
    edit_title = _("Edit %(entry)s")

    def save(self, form):
        return services.job_post_save(job_post=form.instance, by=self.request.user, requirements=form.requirements())


class JobPostDeleteView(_Catalogue, CatalogueDeleteView):
    model = JobPost
    policy_class = JobPostPolicy
    list_url_name = "curriculum:job_post_list"


class JobPostStepView(_Catalogue, StepView):
    steps = JOB_POST_STEPS

    def success_url(self, obj) -> str:
        return reverse("curriculum:job_post_list")


# --- competitions and certificates --------------------------------------------------------------

def _links(entry) -> str:
    competencies = _names(c.code for c in entry.competencies.all())
    courses = _names(c.code for c in entry.courses.all())
    return format_html("{}<br><small>{}</small>", competencies or "—", courses or "—")


class CompetitionListView(_Catalogue, CatalogueListView):
    model = Competition
    steps = COMPETITION_STEPS
    filterset_class = CompetitionFilterSet
    ordering_fields = ("name", "level")
    title = _("Skill competitions")
    intro = _("The skill competitions (the 赛 of 岗课赛证), the competencies they test and the courses that "
              "prepare for them.")
    columns = (Column(_("Name"), lambda x: x.name, "name"), Column(_("Organiser"), lambda x: x.organizer),
               Column(_("Level"), lambda x: x.get_level_display(), "level"),
               Column(_("Competencies / courses"), _links))
    create_url_name = "curriculum:competition_create"
    edit_url_name = "curriculum:competition_edit"
    step_url_name = "curriculum:competition_action"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("competencies", "courses")


class CompetitionFormPage(_Catalogue, CatalogueFormPage):
    model = Competition
    steps = COMPETITION_STEPS
    form_class = forms.CompetitionForm
    list_url_name = "curriculum:competition_list"
    step_url_name = "curriculum:competition_action"
    delete_url_name = "curriculum:competition_delete"
    create_title = _("New skill competition")
    edit_title = _("Edit %(entry)s")


class CompetitionDeleteView(_Catalogue, CatalogueDeleteView):
    model = Competition
    list_url_name = "curriculum:competition_list"


class CompetitionStepView(_Catalogue, StepView):
    steps = COMPETITION_STEPS

    def success_url(self, obj) -> str:
        return reverse("curriculum:competition_list")


class CertificateListView(_Catalogue, CatalogueListView):
    model = Certificate
    steps = CERTIFICATE_STEPS
    filterset_class = CertificateFilterSet
    ordering_fields = ("name", "level")
    title = _("Vocational certificates")
    intro = _("The vocational certificates (the 证 of 岗课赛证, e.g. 1+X), the competencies they certify and the "
              "courses that prepare for them.")
    columns = (Column(_("Name"), lambda x: x.name, "name"), Column(_("Issuer"), lambda x: x.issuer),
               Column(_("Level"), lambda x: x.get_level_display(), "level"),
               Column(_("Competencies / courses"), _links))
    create_url_name = "curriculum:certificate_create"
    edit_url_name = "curriculum:certificate_edit"
    step_url_name = "curriculum:certificate_action"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("competencies", "courses")


class CertificateFormPage(_Catalogue, CatalogueFormPage):
    model = Certificate
    steps = CERTIFICATE_STEPS
    form_class = forms.CertificateForm
    list_url_name = "curriculum:certificate_list"
    step_url_name = "curriculum:certificate_action"
    delete_url_name = "curriculum:certificate_delete"
    create_title = _("New vocational certificate")
    edit_title = _("Edit %(entry)s")


class CertificateDeleteView(_Catalogue, CatalogueDeleteView):
    model = Certificate
    list_url_name = "curriculum:certificate_list"


class CertificateStepView(_Catalogue, StepView):
    steps = CERTIFICATE_STEPS

    def success_url(self, obj) -> str:
        return reverse("curriculum:certificate_list")
