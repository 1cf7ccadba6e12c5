"""The criteria of programme evaluation as a catalogue in the platform (issue 20): list, create and edit
pages and the API for the college, read-only for the other evaluators, archive instead of delete once a
criterion was scored, and an archived criterion offered to no new evaluation."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.catalogue import catalogue_archive
from funding import services
from funding.forms import EvaluationForm
from funding.models import EvaluationCriterion

from .factories import CriterionFactory

pytestmark = pytest.mark.django_db


def _msgs(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_list_page_keeps_its_query_count(web, admin_user, django_assert_max_num_queries):
    web.login_as(admin_user)
    for _ in range(3):
        CriterionFactory()
    with django_assert_max_num_queries(30) as first:
        response = web.get("/funding/criteria/")
    assert response.status_code == 200 and len(response.context["rows"]) == 3
    for _ in range(20):
        CriterionFactory()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = web.get("/funding/criteria/")
    assert response.status_code == 200 and len(response.context["rows"]) == 23


def test_who_opens_the_pages(web, admin_user, teacher, enterprise_user, association_user, student):
    criterion = CriterionFactory()
    for user in (teacher, enterprise_user, association_user):
        web.login_as(user)
        response = web.get("/funding/criteria/")
        assert response.status_code == 200 and not response.context["can_create"]
        assert web.get("/funding/criteria/new/").status_code == 403
        assert web.get(f"/funding/criteria/{criterion.pk}/edit/").status_code == 403
        assert web.post(f"/funding/criteria/{criterion.pk}/archive/").status_code == 403
    web.login_as(student)
    assert web.get("/funding/criteria/").status_code == 403
    web.login_as(admin_user)
    assert web.get(f"/funding/criteria/{criterion.pk}/edit/").status_code == 200


def test_admin_creates_edits_and_archives_a_criterion(web, admin_user):
    web.login_as(admin_user)
    response = web.post("/funding/criteria/new/", {"code": "C9", "name": "社会服务", "weight": "0.10"})
    assert response.status_code == 302 and response.url == "/funding/criteria/"
    criterion = EvaluationCriterion.objects.get(code="C9")
    response = web.post(f"/funding/criteria/{criterion.pk}/edit/", {"code": "C9", "name": "社会服务能力",
                                                                     "weight": "0.15"})
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.name == "社会服务能力" and criterion.weight == Decimal("0.15")
    response = web.post(f"/funding/criteria/{criterion.pk}/archive/", follow=True)
    criterion.refresh_from_db()
    assert response.status_code == 200 and criterion.is_archived and _msgs(response)
    assert criterion.pk not in {r["obj"].pk for r in response.context["rows"]}  # back on the list: active only


def test_bad_input_is_a_form_error_on_its_field(web, admin_user):
    CriterionFactory(code="C1")
    web.login_as(admin_user)
    response = web.post("/funding/criteria/new/", {"code": "C1", "name": "重复", "weight": "1"})
    assert response.status_code == 400 and "code" in response.context["form"].errors
    response = web.post("/funding/criteria/new/", {"code": "C2", "name": "零权重", "weight": "0"})
    assert response.status_code == 400 and "weight" in response.context["form"].errors
    assert EvaluationCriterion.objects.count() == 1


def test_an_archived_criterion_is_scored_no_more(admin_user, program):
    kept, gone = CriterionFactory(), CriterionFactory()
    catalogue_archive(obj=gone, by=admin_user)
    assert [c.pk for c in EvaluationForm(user=admin_user).criteria] == [kept.pk]
    with pytest.raises(ValidationError) as refused:
        services.program_evaluation_save(by=admin_user, program=program, year=2026,
                                         scores={kept.pk: Decimal(80), gone.pk: Decimal(70)})
    assert "scores" in refused.value.message_dict
    evaluation = services.program_evaluation_save(by=admin_user, program=program, year=2026,
                                                  scores={kept.pk: Decimal(80)})
    # every active criterion is scored: the archived one does not hold the submission back
    assert services.program_evaluation_submit(evaluation=evaluation, by=admin_user).weighted_score == Decimal("80.00")


def test_a_scored_criterion_is_archived_not_deleted(api_admin, admin_user, program):
    scored, unused = CriterionFactory(), CriterionFactory()
    services.program_evaluation_save(by=admin_user, program=program, year=2026, scores={scored.pk: Decimal(90)})
    response = api_admin.delete(f"/api/v1/evaluation-criteria/{scored.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "in_use"
    assert EvaluationCriterion.objects.filter(pk=scored.pk).exists()
    assert api_admin.post(f"/api/v1/evaluation-criteria/{scored.pk}/archive/").status_code == 200
    assert api_admin.delete(f"/api/v1/evaluation-criteria/{unused.pk}/").status_code == 204


def test_the_api_for_each_role(api_admin, api_teacher, api_enterprise, api_student):
    response = api_admin.post("/api/v1/evaluation-criteria/", {"code": "C7", "name": "校企合作深度", "weight": "0.2"},
                              format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api_admin.patch(f"/api/v1/evaluation-criteria/{pk}/", {"weight": "0.3"}, format="json").json()[
        "weight"] == "0.30"
    assert api_teacher.get(f"/api/v1/evaluation-criteria/{pk}/").status_code == 200
    assert api_enterprise.patch(f"/api/v1/evaluation-criteria/{pk}/", {"weight": "9"}, format="json"
                                ).status_code == 403
    assert api_teacher.post("/api/v1/evaluation-criteria/", {"code": "C8", "name": "x"}, format="json"
                            ).status_code == 403
    assert api_student.get(f"/api/v1/evaluation-criteria/{pk}/").status_code == 404
    assert api_student.get("/api/v1/evaluation-criteria/").json()["count"] == 0


def test_api_bad_input_is_400_with_the_field(api_admin):
    CriterionFactory(code="C1")
    response = api_admin.post("/api/v1/evaluation-criteria/", {"code": "C1", "name": "重复", "weight": "1"},
                              format="json")
    assert response.status_code == 400 and "code" in response.json()["errors"]
    response = api_admin.post("/api/v1/evaluation-criteria/", {"code": "C2", "name": "负权重", "weight": "-1"},
                              format="json")
    assert response.status_code == 400 and "weight" in response.json()["errors"]
    assert api_admin.get("/api/v1/evaluation-criteria/?archived=maybe").status_code == 400


def test_the_api_list_keeps_its_query_count(api_teacher, django_assert_max_num_queries):
    for _ in range(3):
        CriterionFactory()
    with django_assert_max_num_queries(10) as first:
        assert api_teacher.get("/api/v1/evaluation-criteria/").status_code == 200
    for _ in range(20):
        CriterionFactory()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = api_teacher.get("/api/v1/evaluation-criteria/")
    assert response.status_code == 200 and response.json()["count"] == 23
