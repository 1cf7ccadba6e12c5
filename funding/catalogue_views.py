"""Pages of the criteria of programme evaluation, a catalogue (core/catalogue.py): whoever reads evaluations
reads them, the college keeps them; a criterion that was scored is archived, not deleted."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.catalogue_views import CatalogueDeleteView, CatalogueFormPage, CatalogueListView, Column
from core.views import StepView

from .filtersets import EvaluationCriterionFilterSet
from .forms import EvaluationCriterionForm
from .models import EvaluationCriterion
from .policies import EvaluationCriterionPolicy
from .steps import CRITERION_STEPS

READERS = (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION)


class CriterionListView(CatalogueListView):
    allowed_roles = READERS
    model = EvaluationCriterion
    policy_class = EvaluationCriterionPolicy
    steps = CRITERION_STEPS
    filterset_class = EvaluationCriterionFilterSet
    ordering_fields = ("code", "name", "weight")
    title = _("Evaluation criteria")
    intro = _("The criteria every party scores a programme on, with their weights. An archived criterion is "
              "scored no more; the evaluations that scored it keep it.")
    columns = (Column(_("Code"), lambda c: c.code, "code"), Column(_("Name"), lambda c: c.name, "name"),
               Column(_("Weight"), lambda c: c.weight, "weight"), Column(_("Description"), lambda c: c.description))
    create_url_name = "funding:criterion_create"
    edit_url_name = "funding:criterion_edit"
    step_url_name = "funding:criterion_action"


class CriterionFormPage(CatalogueFormPage):
    allowed_roles = READERS
    model = EvaluationCriterion
    policy_class = EvaluationCriterionPolicy
    steps = CRITERION_STEPS
    form_class = EvaluationCriterionForm
    list_url_name = "funding:criterion_list"
    step_url_name = "funding:criterion_action"
    delete_url_name = "funding:criterion_delete"
    create_title = _("New evaluation criterion")
    edit_title = _("Edit %(entry)s")


class CriterionDeleteView(CatalogueDeleteView):
    allowed_roles = READERS
    model = EvaluationCriterion
    policy_class = EvaluationCriterionPolicy
    list_url_name = "funding:criterion_list"


class CriterionStepView(StepView):
    steps = CRITERION_STEPS

    def success_url(self, obj) -> str:
        return reverse("funding:criterion_list")
