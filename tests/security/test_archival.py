"""Nothing with a history is lost by a click: records that carry history are archived, never deleted.

Agreements, placements, intern evaluations, budgets, expenditures and teacher placements either
have no DELETE route at all (405) or refuse it (409) once the row has a recorded history; no HTML
page offers a delete for them either.
"""
from __future__ import annotations

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from core.workflow import history_for

from .matrix import _walk

pytestmark = pytest.mark.django_db

HISTORY_RESOURCES = {
    "/api/v1/agreements/": "partnerships.Agreement",
    "/api/v1/placements/": "internships.Placement",
    "/api/v1/intern-evaluations/": "internships.InternEvaluation",
    "/api/v1/budgets/": "funding.Budget",
    "/api/v1/expenditures/": "funding.Expenditure",
    "/api/v1/teacher-placements/": "faculty.TeacherPlacement",
}


def _has_history(obj) -> bool:
    """Workflow transitions beyond creation, or audited edits of a row past its draft stage.

    Edits of a never-submitted draft do not count: its audit rows (django-simple-history) outlive a
    delete, and discarding an unsent draft is the one delete the platform allows.
    """
    transitions = history_for(obj).exclude(from_status="").exists()
    audited = hasattr(obj, "history") and obj.history.count() > 1 and getattr(obj, "status", "") != "draft"
    return transitions or audited


# Only these keep a DELETE route, for discarding a never-submitted draft; the rest have none.
DRAFT_DISCARD = {"partnerships.Agreement", "faculty.TeacherPlacement"}


@pytest.mark.parametrize("prefix, label", HISTORY_RESOURCES.items())
def test_rows_with_history_survive_delete_by_the_college_admin(actors, prefix, label):
    from django.apps import apps

    users, _sides = actors
    model = apps.get_model(label)
    client = APIClient()
    client.force_authenticate(users["admin"])
    rows = list(model.objects.order_by("pk")[:40])
    assert rows, f"the demo data has no {label}: the test would prove nothing"
    with_history = [obj for obj in rows if _has_history(obj)]
    for obj in rows:
        response = client.delete(f"{prefix}{obj.pk}/")
        if label not in DRAFT_DISCARD:
            assert response.status_code == 405, (label, obj.pk, response.status_code)
        elif obj in with_history:
            assert response.status_code == 409, (label, obj.pk, response.status_code)
            assert {"detail", "code"} <= set(response.json())
        if obj in with_history:
            assert model.objects.filter(pk=obj.pk).exists()
    if label in DRAFT_DISCARD:
        assert with_history, f"the demo data has no {label} with history: the refusal is untested"


def test_returned_draft_agreement_is_kept(actors):
    """A draft that went through review has history: DELETE answers 409 ``has_history``."""
    from partnerships import services
    from partnerships.choices import AgreementStatus
    from partnerships.models import Agreement

    users, _sides = actors
    admin = users["admin"]
    draft = Agreement.objects.filter(status=AgreementStatus.DRAFT, parties__isnull=False, order_classes=None).first()
    assert draft is not None
    services.agreement_submit(agreement=draft, by=admin)
    services.agreement_return(agreement=draft, by=admin, note="fix the dates")
    client = APIClient()
    client.force_authenticate(admin)
    response = client.delete(f"/api/v1/agreements/{draft.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "has_history"
    assert Agreement.objects.filter(pk=draft.pk).exists()


def test_fresh_draft_agreement_without_history_can_still_be_discarded(actors):
    """The refusal is about history, not about deletes in general: a never-submitted draft goes."""
    from partnerships.choices import AgreementStatus
    from partnerships.models import Agreement

    users, _sides = actors
    candidates = Agreement.objects.filter(status=AgreementStatus.DRAFT, order_classes=None)
    draft = next(a for a in candidates if not history_for(a).exclude(from_status="").exists())
    client = APIClient()
    client.force_authenticate(users["admin"])
    assert client.delete(f"/api/v1/agreements/{draft.pk}/").status_code == 204
    assert not Agreement.objects.filter(pk=draft.pk).exists()


# The pages that discard a never-submitted draft (the API's DELETE), by URL name; every other page whose
# route names a delete of a guarded model fails the test below.
DRAFT_DISCARD_PAGES = {"partnerships:agreement_delete": "partnerships.Agreement",
                       "faculty:placement_delete": "faculty.TeacherPlacement"}


def test_no_page_deletes_a_record_with_history(actors):
    from django.apps import apps
    from django.test import Client
    from django.urls import reverse

    names = [
        (route, pattern.name or "")
        for route, pattern in _walk(get_resolver().url_patterns)
        if not route.startswith(("admin/", "api/"))
    ]
    guarded = ("agreement", "placement", "evaluation", "budget", "expenditure")
    offenders = [(r, n) for r, n in names if "delete" in (r + n) and any(g in (r + n) for g in guarded)
                 and not any(url_name.endswith(":" + n) for url_name in DRAFT_DISCARD_PAGES)]
    assert offenders == []
    # The discard pages refuse a row with history exactly like the API, as whoever may delete drafts.
    users, _sides = actors
    for url_name, label in DRAFT_DISCARD_PAGES.items():
        model = apps.get_model(label)
        with_history = [o for o in model.objects.order_by("pk")[:60] if _has_history(o)]
        assert with_history, f"the demo data has no {label} with history: the refusal is untested"
        for user in (users["admin"], users["teacher"]):
            client = Client()
            client.force_login(user)
            for obj in with_history:
                response = client.post(reverse(url_name, args=[obj.pk]))
                assert response.status_code in (302, 403, 404), (url_name, obj.pk, response.status_code)
                assert model.objects.filter(pk=obj.pk).exists(), (url_name, obj.pk)
