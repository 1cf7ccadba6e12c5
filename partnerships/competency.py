"""Competency demand of the partnerships app (the ``competency`` hook of core/registry.py): the competencies
open and running industry projects need count in curriculum's coverage analysis."""
from curriculum.competency import DemandSource

from .choices import ProjectStatus
from .models import IndustryProject


def demand_sources() -> list[DemandSource]:
    running = (ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS)
    return [DemandSource("projects", IndustryProject.competencies.through.objects.filter(
        industryproject__status__in=running), "industryproject__enterprise_id", model=IndustryProject)]
