"""Competency demand of the internships app (the ``competency`` hook of core/registry.py): the competencies
published postings require count in curriculum's coverage analysis."""
from curriculum.competency import DemandSource

from .choices import PostingStatus
from .models import Posting


def demand_sources() -> list[DemandSource]:
    published = Posting.competencies.through.objects.filter(posting__status=PostingStatus.PUBLISHED)
    return [DemandSource("postings", published, "posting__enterprise_id", model=Posting)]
