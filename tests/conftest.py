"""Shared fixtures: one organisation of each kind and one user and API client per role.

``enterprise_org`` and ``other_enterprise_org`` are two competing partners, so every app can test
the cross-tenant case (enterprise A gets 404 on enterprise B's rows).
"""
import pytest
from rest_framework.test import APIClient

from accounts.choices import OrganizationKind, Role
from tests.accounts.factories import OrganizationFactory, make_member

PASSWORD = "pw-Secret-123"

# The campus sign-on servers (CAS, OpenID Connect, slapd), one of each per session, shared by tests/signon/ and
# the browser journeys in tests/e2e/.
pytest_plugins = ["tests.signon.campus"]


@pytest.fixture
def college(db):
    return OrganizationFactory(kind=OrganizationKind.COLLEGE, name="测试学院", name_en="Test College")


@pytest.fixture
def department(college):
    return OrganizationFactory(kind=OrganizationKind.DEPARTMENT, name="影视系", parent=college)


@pytest.fixture
def other_department(college):
    """A second department of the college: its people and rows are out of ``department_admin``'s reach."""
    return OrganizationFactory(kind=OrganizationKind.DEPARTMENT, name="动画系", parent=college)


@pytest.fixture
def enterprise_org(db):
    from partnerships.models import Enterprise

    org = OrganizationFactory(kind=OrganizationKind.ENTERPRISE, name="甲公司", name_en="Company A")
    Enterprise.objects.create(organization=org, segment="film", staff_count=200)
    return org


@pytest.fixture
def other_enterprise_org(db):
    from partnerships.models import Enterprise

    org = OrganizationFactory(kind=OrganizationKind.ENTERPRISE, name="乙公司", name_en="Company B")
    Enterprise.objects.create(organization=org, segment="aigc", staff_count=100)
    return org


@pytest.fixture
def association_org(db):
    return OrganizationFactory(kind=OrganizationKind.ASSOCIATION, name="行业协会")


@pytest.fixture
def admin_user(college):
    return make_member(Role.COLLEGE_ADMIN, college, username="admin_u")


@pytest.fixture
def department_admin(department):
    """Administers ``department`` (二级学院), where ``teacher``, ``teacher2``, ``student`` and ``student2`` are."""
    return make_member(Role.DEPARTMENT_ADMIN, department, username="dept_admin_u")


@pytest.fixture
def other_department_admin(other_department):
    return make_member(Role.DEPARTMENT_ADMIN, other_department, username="dept_admin_b")


@pytest.fixture
def other_department_teacher(other_department):
    return make_member(Role.TEACHER, other_department, username="teacher_b")


@pytest.fixture
def other_department_student(other_department):
    return make_member(Role.STUDENT, other_department, username="student_b")


@pytest.fixture
def teacher(department):
    return make_member(Role.TEACHER, department, username="teacher_u")


@pytest.fixture
def teacher2(department):
    return make_member(Role.TEACHER, department, username="teacher2_u")


@pytest.fixture
def student(department):
    return make_member(Role.STUDENT, department, username="student_u")


@pytest.fixture
def student2(department):
    return make_member(Role.STUDENT, department, username="student2_u")


@pytest.fixture
def enterprise_user(enterprise_org):
    return make_member(Role.ENTERPRISE, enterprise_org, username="ent_a")


@pytest.fixture
def other_enterprise_user(other_enterprise_org):
    return make_member(Role.ENTERPRISE, other_enterprise_org, username="ent_b")


@pytest.fixture
def association_user(association_org):
    return make_member(Role.ASSOCIATION, association_org, username="assoc_u")


def _client(user=None) -> APIClient:
    c = APIClient()
    if user is not None:
        c.force_authenticate(user=user)
    return c


@pytest.fixture
def api_anon():
    return _client()


@pytest.fixture
def api_admin(admin_user):
    return _client(admin_user)


@pytest.fixture
def api_department_admin(department_admin):
    return _client(department_admin)


@pytest.fixture
def api_teacher(teacher):
    return _client(teacher)


@pytest.fixture
def api_teacher2(teacher2):
    return _client(teacher2)


@pytest.fixture
def api_student(student):
    return _client(student)


@pytest.fixture
def api_student2(student2):
    return _client(student2)


@pytest.fixture
def api_enterprise(enterprise_user):
    return _client(enterprise_user)


@pytest.fixture
def api_other_enterprise(other_enterprise_user):
    return _client(other_enterprise_user)


@pytest.fixture
def api_association(association_user):
    return _client(association_user)


@pytest.fixture
def web(client):
    """Django test client with a helper to log in as a user (HTML pages)."""

    def login(user):
        client.force_login(user)
        return client

    client.login_as = login
    return client


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Axes and throttles keep counters in the cache; each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
