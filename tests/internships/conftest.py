import pytest

from internships.models import Application, Placement

from .factories import ApplicationFactory, PlacementFactory, PostingFactory


@pytest.fixture
def posting(enterprise_org):
    return PostingFactory(enterprise=enterprise_org)


@pytest.fixture
def other_posting(other_enterprise_org):
    return PostingFactory(enterprise=other_enterprise_org)


@pytest.fixture
def offered(posting, student) -> Application:
    return ApplicationFactory(posting=posting, student=student, status="offered")


@pytest.fixture
def placement(enterprise_org, student, teacher, enterprise_user) -> Placement:
    return PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher)


@pytest.fixture
def active_placement(placement) -> Placement:
    placement.status = "active"
    placement.save()
    return placement
