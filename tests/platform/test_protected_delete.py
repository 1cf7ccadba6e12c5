"""Deleting a row that other records still reference is a 409 with a message, never a 500."""
import pytest

from partnerships.models import IndustryProject
from tests.curriculum.factories import CourseProjectFactory, industry_project


@pytest.mark.django_db
def test_deleting_a_referenced_project_is_a_conflict(api_admin, enterprise_org):
    # A draft (deletable by the rules) that a course project points at, as an import or an older
    # version of the rules could leave it.
    project = industry_project(enterprise_org, status="draft")
    CourseProjectFactory(industry_project=project)
    response = api_admin.delete(f"/api/v1/industry-projects/{project.pk}/")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "in_use" and response.json()["detail"]
    assert IndustryProject.objects.filter(pk=project.pk).exists()  # nothing lost
