"""Pages of the competency map's catalogues (岗课赛证): course modules, competencies, job posts, competitions
and certificates. Everyone signed in reads them; the college keeps them (a partner enterprise its own job
posts). Lists, forms, archive/restore and delete are ``core.catalogue_views.catalogue_pages``; this module names
the parts of each catalogue."""
from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.catalogue_views import Column, catalogue_pages

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


def _pages(**kwargs):
    """Who may open a catalogue of the map (everyone signed in) and who may write (the college)."""
    return catalogue_pages(namespace="curriculum", allowed_roles=ALL_ROLES,
                           policy_class=kwargs.pop("policy_class", CataloguePolicy), **kwargs)


MODULES = _pages(
    name="module", model=CourseModule, steps=COURSE_MODULE_STEPS, filterset_class=CourseModuleFilterSet,
    form_class=forms.CourseModuleForm, ordering_fields=("name", "kind"),
    title=_("Course modules"), intro=_("The groups of courses of the three kinds the training system names."),
    columns=(Column(_("Name"), lambda m: m.name, "name"), Column(_("Kind"), lambda m: m.get_kind_display(), "kind"),
             Column(_("Programme"), lambda m: m.program or _("All programmes")),
             Column(_("Description"), lambda m: m.description)),
    create_title=_("New course module"), select_related=("program",),
)

COMPETENCIES = _pages(
    name="competency", model=Competency, steps=COMPETENCY_STEPS, filterset_class=CompetencyFilterSet,
    form_class=forms.CompetencyForm, ordering_fields=("code", "name", "category"),
    title=_("Competencies"),
    intro=_("What the college trains and the industry asks for; the competency map links them to posts, "
            "courses, competitions and certificates."),
    columns=(Column(_("Code"), lambda c: c.code, "code"), Column(_("Name"), lambda c: c.name, "name"),
             Column(_("English name"), lambda c: c.name_en),
             Column(_("Category"), lambda c: c.get_category_display(), "category")),
    create_title=_("New competency"),
)


def _requirements(post) -> str:
    return _names(f"{r.competency.code}·{r.level}" for r in post.requirements.all())


JOB_POSTS = _pages(
    name="job_post", model=JobPost, policy_class=JobPostPolicy, steps=JOB_POST_STEPS,
    filterset_class=JobPostFilterSet, form_class=forms.JobPostForm, ordering_fields=("title", "created_at"),
    title=_("Job posts"),
    intro=_("The posts of the industry and the competencies each requires (the 岗 of 岗课赛证); only current "
            "posts count as demand."),
    columns=(Column(_("Title"), lambda p: p.title, "title"),
             Column(_("Enterprise"), lambda p: p.enterprise or _("Whole industry")),
             Column(_("Current"), lambda p: _("yes") if p.is_current else _("no")),
             Column(_("Required competencies"), _requirements),
             Column(_("Created"), lambda p: date_format(p.created_at, "SHORT_DATE_FORMAT"), "created_at")),
    create_title=_("New job post"), select_related=("enterprise",), prefetch_related=("requirements__competency",),
    # a job post writes its required competencies beside the entry
    save=lambda page, form: services.job_post_save(job_post=form.instance, by=page.request.user,
                                                   requirements=form.requirements()),
)


def _links(entry) -> str:
    competencies = _names(c.code for c in entry.competencies.all())
    courses = _names(c.code for c in entry.courses.all())
    return format_html("{}<br><small>{}</small>", competencies or "—", courses or "—")


COMPETITIONS = _pages(
    name="competition", model=Competition, steps=COMPETITION_STEPS, filterset_class=CompetitionFilterSet,
    form_class=forms.CompetitionForm, ordering_fields=("name", "level"),
    title=_("Skill competitions"),
    intro=_("The skill competitions (the 赛 of 岗课赛证), the competencies they test and the courses that "
            "prepare for them."),
    columns=(Column(_("Name"), lambda x: x.name, "name"), Column(_("Organiser"), lambda x: x.organizer),
             Column(_("Level"), lambda x: x.get_level_display(), "level"),
             Column(_("Competencies / courses"), _links)),
    create_title=_("New skill competition"), prefetch_related=("competencies", "courses"),
)

CERTIFICATES = _pages(
    name="certificate", model=Certificate, steps=CERTIFICATE_STEPS, filterset_class=CertificateFilterSet,
    form_class=forms.CertificateForm, ordering_fields=("name", "level"),
    title=_("Vocational certificates"),
    intro=_("The vocational certificates (the 证 of 岗课赛证, e.g. 1+X), the competencies they certify and the "
            "courses that prepare for them."),
    columns=(Column(_("Name"), lambda x: x.name, "name"), Column(_("Issuer"), lambda x: x.issuer),
             Column(_("Level"), lambda x: x.get_level_display(), "level"),
             Column(_("Competencies / courses"), _links)),
    create_title=_("New vocational certificate"), prefetch_related=("competencies", "courses"),
)
