"""Exports never widen silently (issue 18 item 8).

An invalid filter is a 400 naming the filter, not an export of every row the user may see; a filter
that became invalid after the request fails the job; a spec whose FilterSet (or a column) cannot be
loaded stops the start of the app instead of exporting unfiltered rows at run time.
"""
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from core.hosts import Column, ExportSpec
from reports import exports
from reports.choices import JobStatus
from reports.models import ReportJob
from reports.services import export_request, job_run

URL = "/api/v1/reports/"


@pytest.mark.django_db
def test_an_invalid_filter_is_a_400_naming_the_filter(api_admin, college, enterprise_org):
    resp = api_admin.post(URL, {"kind": "export", "spec": "organizations", "file_format": "csv",
                                "query": "kind=spaceship"}, format="json")
    assert resp.status_code == 400, resp.content
    assert set(resp.json()["errors"]) == {"kind"}
    assert not ReportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query, field", [
    ("kind=spaceship", "kind"),
    ("kind=enterprise&kind=college", "kind"),   # one value only: a second one is not silently dropped
    ("is_active=perhaps", "is_active"),
])
def test_the_service_refuses_what_the_filterset_refuses(admin_user, query, field):
    with pytest.raises(ValidationError) as exc:
        export_request(user=admin_user, spec_name="organizations", columns=["name"], file_format="csv", query=query)
    assert field in exc.value.message_dict
    assert not ReportJob.objects.exists()


@pytest.mark.django_db
def test_blank_filters_of_the_html_form_are_no_filter(admin_user, college, enterprise_org):
    # the list page's filter form submits an unused filter empty; that narrows nothing and is no error
    job = export_request(user=admin_user, spec_name="organizations", columns=["name"], file_format="csv",
                         query="kind=&q=")
    assert job_run(job.pk) == JobStatus.DONE


@pytest.mark.django_db
def test_the_export_page_shows_the_filter_error(web, admin_user):
    client = web.login_as(admin_user)
    resp = client.post(reverse("reports:export"), {"spec": "organizations", "columns": ["name"],
                                                     "file_format": "csv", "query": "kind=spaceship"})
    assert resp.status_code == 200
    assert resp.context["form"].non_field_errors()
    assert not ReportJob.objects.exists()


@pytest.mark.django_db
def test_a_job_whose_filter_is_no_longer_valid_fails_instead_of_exporting_everything(admin_user, college,
                                                                                        enterprise_org):
    job = ReportJob.objects.create(kind="export", requested_by=admin_user, file_format="csv", language="en",
                                   params={"spec": "organizations", "columns": ["name"], "query": "kind=spaceship"})
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "kind" in job.failure_reason and not job.result


@pytest.fixture
def extra_spec(monkeypatch):
    """Register one more spec beside every app's, as a new ``<app>/exports.py`` would."""
    real = exports.app_modules

    def register(spec):
        monkeypatch.setattr(exports, "app_modules",
                            lambda name: [*real(name), SimpleNamespace(EXPORT_SPECS=[spec])])
        exports.load_specs.cache_clear()

    yield register
    exports.load_specs.cache_clear()


def test_a_filterset_that_cannot_be_loaded_stops_the_start(extra_spec):
    extra_spec(ExportSpec(name="broken", label="broken", model="accounts.Organization",
                          filterset="accounts.filtersets.NoSuchFilterSet",
                          columns=(Column("name", "Name", "name"),)))
    with pytest.raises(ImproperlyConfigured, match="NoSuchFilterSet"):
        apps.get_app_config("reports").ready()


@pytest.mark.parametrize("spec, message", [
    (ExportSpec(name="typo", label="typo", model="accounts.Organization",
                filterset="accounts.filtersets.OrganizationFilterSet",
                columns=(Column("name", "Name", "nmae"),)), "nmae"),
    (ExportSpec(name="mismatch", label="mismatch", model="accounts.Organization",
                filterset="accounts.filtersets.UserFilterSet",
                columns=(Column("name", "Name", "name"),)), "does not filter"),
    (ExportSpec(name="organizations", label="again", model="accounts.Organization",
                columns=(Column("name", "Name", "name"),)), "registered twice"),
])
def test_a_spec_that_does_not_fit_its_model_stops_the_start(extra_spec, spec, message):
    extra_spec(spec)
    with pytest.raises(ImproperlyConfigured, match=message):
        apps.get_app_config("reports").ready()


def test_every_registered_spec_loads_at_start():
    exports.load_specs.cache_clear()
    apps.get_app_config("reports").ready()
    names = {s.name for s in exports.available_specs()}
    assert {"organizations", "users", "enterprises", "postings", "courses", "teacher_placements",
            "funding_sources"} <= names


@pytest.mark.django_db
def test_a_filter_whose_choices_depend_on_the_user_works_in_an_export(admin_user, enterprise_user, student, student2,
                                                                      enterprise_org, other_enterprise_org):
    # The enterprise filter offers the enterprises the requester may see: the export must ask it as that
    # user (it was asked as nobody, and every enterprise was refused as "not one of the choices").
    from tests.internships.factories import PlacementFactory

    PlacementFactory(student=student, enterprise=enterprise_org)
    PlacementFactory(student=student2, enterprise=other_enterprise_org)
    job = export_request(user=admin_user, spec_name="placements", columns=["student"], file_format="csv",
                         query=f"enterprise={enterprise_org.pk}")
    assert job_run(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.params["query"] == f"enterprise={enterprise_org.pk}"
    assert job.summary["rows"] == 1
    # an enterprise the requester may not see is still refused, naming the filter
    with pytest.raises(ValidationError) as exc:
        export_request(user=enterprise_user, spec_name="placements", columns=["student"], file_format="csv",
                       query=f"enterprise={other_enterprise_org.pk}")
    assert "enterprise" in exc.value.message_dict
