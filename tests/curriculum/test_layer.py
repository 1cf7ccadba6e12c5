"""Curriculum is the base of the domain apps: it imports none above it, function-local imports included;
the demand the apps above it put on competencies reaches it through the registry (competency.py)."""
import sys
from pathlib import Path

import grimp
import pytest
from django.core.exceptions import ImproperlyConfigured

from curriculum import competency
from curriculum.competency import DemandSource

ROOT = Path(__file__).resolve().parents[2]
ABOVE = ("partnerships", "internships", "faculty", "funding", "attendance", "notifications", "reports")


def test_curriculum_imports_no_app_above_it():
    sys.path.insert(0, str(ROOT))
    packages = [p for p in ("core", "accounts", "curriculum", *ABOVE) if (ROOT / p / "__init__.py").exists()]
    graph = grimp.build_graph(*packages, cache_dir=None)
    found = sorted(
        f"{module} -> {imported}"
        for module in {"curriculum"} | graph.find_descendants("curriculum")
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] in ABOVE
    )
    assert found == []


def test_every_app_that_asks_for_competencies_is_a_demand_source():
    columns = {source.column: source.requirements.model._meta.label for source in competency.all_demand_sources()}
    assert columns == {"job_posts": "curriculum.JobPostCompetency",
                       "postings": "internships.Posting_competencies",
                       "projects": "partnerships.IndustryProject_competencies"}


def test_a_demand_source_in_an_unknown_column_fails_loudly(monkeypatch):
    class Rogue:
        @staticmethod
        def demand_sources():
            return [DemandSource("wishes", competency.JobPostCompetency.objects.all(), "job_post__enterprise_id")]

    monkeypatch.setattr(competency, "app_modules", lambda name: [competency, Rogue])
    with pytest.raises(ImproperlyConfigured, match="wishes"):
        competency.all_demand_sources()


@pytest.mark.django_db
def test_the_demo_gives_every_demand_source_its_competencies_and_adopts_projects():
    from django.core.management import call_command

    from curriculum.models import CourseProject

    call_command("seed_demo", password="Seed-Pass-2026")
    for source in competency.all_demand_sources():
        if source.model is not None:
            assert source.model.objects.exists(), source.model
            assert not source.model.objects.filter(competencies__isnull=True).exists(), source.model
    assert CourseProject.objects.filter(industry_project__status__in=("open", "in_progress")).exists()
    assert CourseProject.objects.filter(mentor__isnull=False).exists()
