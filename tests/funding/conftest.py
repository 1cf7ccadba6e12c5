import pytest

from curriculum.models import Program


@pytest.fixture
def program(department):
    return Program.objects.create(major="数字影像技术", cohort_year=2026, title="数字影像技术专业人才培养方案",
                                  status="approved", department=department)
