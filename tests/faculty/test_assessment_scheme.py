"""The points of a year's teachers' assessment, set on the platform's own page (issue 20: not Django admin)."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.domain import RuleViolation
from faculty import services
from faculty.models import AssessmentScheme

pytestmark = pytest.mark.django_db

URL = reverse("faculty:assessment_scheme", args=[2025])
FORM = {"per_placement_day": "0.75", "per_project": "6", "per_mentored_assignment": "3", "per_training_hour": "0.2",
        "per_reform": "4", "award_points": '{"national": 25, "provincial": 12}', "max_score": "100"}


def test_the_admin_sees_the_defaults_of_a_year_not_yet_stored(client, admin_user):
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "0.50" in response.content.decode()  # the default points per placement day
    assert not AssessmentScheme.objects.filter(year=2025).exists()  # looking stores nothing


def test_the_admin_sets_the_points_and_the_next_computation_uses_them(client, admin_user):
    client.force_login(admin_user)
    response = client.post(URL, FORM)
    assert response.status_code == 302 and response.url == reverse("faculty:assessments")
    scheme = AssessmentScheme.objects.get(year=2025)
    assert scheme.per_placement_day == Decimal("0.75")
    assert scheme.award_points == {"national": 25, "provincial": 12}
    assert services.scheme_for(2025).pk == scheme.pk  # what assessment_compute reads
    assert scheme.history.filter(history_user=admin_user).exists()  # audited: who set them
    client.post(URL, {**FORM, "per_project": "7"})
    assert AssessmentScheme.objects.get(year=2025).per_project == Decimal("7")
    assert AssessmentScheme.objects.filter(year=2025).count() == 1


def test_bad_points_are_a_form_error_and_nothing_is_stored(client, admin_user):
    client.force_login(admin_user)
    response = client.post(URL, {**FORM, "award_points": '{"national": -3}'})
    assert response.status_code == 400
    assert "award_points" in response.context["form"].errors
    response = client.post(URL, {**FORM, "per_project": "not a number"})
    assert response.status_code == 400
    assert not AssessmentScheme.objects.filter(year=2025).exists()


def test_only_college_admins_set_the_points(client, teacher, student):
    for user in (teacher, student):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, FORM).status_code == 403
    with pytest.raises(RuleViolation):
        services.scheme_update(year=2025, by=teacher, per_project=Decimal("9"))
    assert not AssessmentScheme.objects.filter(year=2025).exists()


def test_a_year_outside_the_scheme_range_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("faculty:assessment_scheme", args=[1999])).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(client, admin_user):
    client.force_login(admin_user)
    client.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(ctx) <= 8
