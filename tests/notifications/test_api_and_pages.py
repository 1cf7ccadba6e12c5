import pytest
from django.urls import reverse

from notifications import services
from notifications.choices import EmailFrequency, NotificationKind
from notifications.models import Notification, NotificationPreference

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


# --- API --------------------------------------------------------------------------------------------

def test_list_shows_only_own(api_teacher, teacher, student):
    mine = NotificationFactory(recipient=teacher)
    NotificationFactory(recipient=student)
    r = api_teacher.get(URL)
    assert r.status_code == 200
    assert [row["id"] for row in r.json()["results"]] == [mine.pk]


def test_email_only_rows_are_not_listed(api_teacher, teacher):
    NotificationFactory(recipient=teacher, in_app=False)
    assert api_teacher.get(URL).json()["count"] == 0


def test_anonymous_is_401(api_anon):
    assert api_anon.get(URL).status_code == 401


@pytest.mark.parametrize("client_name", ["api_student", "api_admin", "api_other_enterprise"])
def test_someone_elses_notification_is_404(request, enterprise_user, client_name):
    n = NotificationFactory(recipient=enterprise_user)
    client = request.getfixturevalue(client_name)
    assert client.get(f"{URL}{n.pk}/").status_code == 404
    assert client.post(f"{URL}{n.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_read_action_and_it_is_idempotent(api_enterprise, enterprise_user):
    n = NotificationFactory(recipient=enterprise_user)
    r = api_enterprise.post(f"{URL}{n.pk}/read/")
    assert r.status_code == 200 and r.json()["is_read"] is True
    first = Notification.objects.get(pk=n.pk).read_at
    assert api_enterprise.post(f"{URL}{n.pk}/read/").status_code == 200
    assert Notification.objects.get(pk=n.pk).read_at == first


def test_read_all_marks_only_own(api_teacher, teacher, student):
    NotificationFactory.create_batch(3, recipient=teacher)
    other = NotificationFactory(recipient=student)
    r = api_teacher.post(f"{URL}read-all/")
    assert r.status_code == 200 and r.json() == {"marked": 3}
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_clients_cannot_create_change_or_delete(api_admin, admin_user):
    n = NotificationFactory(recipient=admin_user)
    assert api_admin.post(URL, {"title": "x", "kind": "general"}).status_code == 403
    assert api_admin.put(f"{URL}{n.pk}/", {"title": "x"}).status_code == 403
    assert api_admin.delete(f"{URL}{n.pk}/").status_code == 405


def test_filter_unread_and_kind(api_teacher, teacher):
    NotificationFactory(recipient=teacher, kind=NotificationKind.COURSE_STALE)
    read = NotificationFactory(recipient=teacher)
    services.notification_mark_read(notification=read, by=teacher)
    assert api_teacher.get(URL, {"unread": "true"}).json()["count"] == 1
    assert api_teacher.get(URL, {"kind": "course_stale"}).json()["count"] == 1
    assert api_teacher.get(URL, {"kind": "nonsense"}).status_code == 400


def test_preferences_get_and_put(api_student, student):
    r = api_student.get(f"{URL}preferences/")
    assert r.status_code == 200 and len(r.json()["preferences"]) == len(NotificationKind.values)
    body = {"preferences": [{"kind": "general", "in_app": False, "email": True, "email_frequency": "immediate"}]}
    r = api_student.put(f"{URL}preferences/", body, format="json")
    assert r.status_code == 200
    p = NotificationPreference.objects.get(user=student, kind="general")
    assert (p.in_app, p.email, p.email_frequency) == (False, True, EmailFrequency.IMMEDIATE)


@pytest.mark.parametrize("prefs", [
    [{"kind": "nonsense", "in_app": True, "email": True, "email_frequency": "digest"}],
    [{"kind": "general", "in_app": True, "email": True, "email_frequency": "hourly"}],
    [{"kind": "general", "in_app": True, "email": True, "email_frequency": "digest"}] * 2,
    [{"kind": "general"}],
])
def test_preferences_bad_input_is_400(api_student, prefs):
    r = api_student.put(f"{URL}preferences/", {"preferences": prefs}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "invalid"


def test_list_query_count_is_constant(api_teacher, teacher, college, django_assert_max_num_queries):
    for _ in range(3):
        services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t", obj=college)
    with django_assert_max_num_queries(8) as ctx:
        assert api_teacher.get(URL).status_code == 200
    for _ in range(20):
        services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t", obj=college)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        resp = api_teacher.get(URL)
    assert resp.status_code == 200 and resp.json()["count"] == 23


# --- HTML ---------------------------------------------------------------------------------------------

def test_centre_lists_own_and_badge_counts_unread(web, teacher, student):
    NotificationFactory(recipient=teacher, title="协议即将到期")
    NotificationFactory(recipient=student, title="别人的通知")
    page = web.login_as(teacher).get(reverse("notifications:list"))
    html = page.content.decode()
    assert page.status_code == 200 and "协议即将到期" in html and "别人的通知" not in html
    assert '<span class="badge count" data-unread-badge><span data-unread-count>1</span>' in html


def test_centre_empty_state(web, teacher):
    page = web.login_as(teacher).get(reverse("notifications:list"))
    assert 'class="empty"' in page.content.decode()


def test_centre_requires_login(client):
    r = client.get(reverse("notifications:list"))
    assert r.status_code == 302 and "login" in r["Location"]


def test_centre_query_count_is_constant(web, teacher, django_assert_max_num_queries):
    client = web.login_as(teacher)
    NotificationFactory.create_batch(3, recipient=teacher)
    client.get(reverse("notifications:list"))
    with django_assert_max_num_queries(15) as ctx:
        assert client.get(reverse("notifications:list")).status_code == 200
    NotificationFactory.create_batch(20, recipient=teacher)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_centre_filters_sorts_and_paginates(web, teacher):
    NotificationFactory.create_batch(30, recipient=teacher)
    NotificationFactory(recipient=teacher, kind=NotificationKind.BOOKING_TOMORROW, title="明日预约")
    client = web.login_as(teacher)
    r = client.get(reverse("notifications:list"), {"kind": "booking_tomorrow"})
    assert "明日预约" in r.content.decode() and r.context["page"].paginator.count == 1
    page = client.get(reverse("notifications:list"), {"ordering": "kind", "page": 2})
    assert page.status_code == 200 and page.context["page"].number == 2


def test_read_open_and_read_all_pages(web, teacher, student):
    n = NotificationFactory(recipient=teacher, url="/notifications/preferences/")
    other = NotificationFactory(recipient=student)
    client = web.login_as(teacher)
    r = client.post(reverse("notifications:action", args=[n.pk, "read"]), follow=True)
    assert r.status_code == 200 and Notification.objects.get(pk=n.pk).read_at is not None
    assert list(r.context["messages"])
    r = client.get(reverse("notifications:open", args=[n.pk]))
    assert r.status_code == 302 and r["Location"] == "/notifications/preferences/"
    assert client.post(reverse("notifications:action", args=[other.pk, "read"])).status_code == 404
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404
    NotificationFactory.create_batch(2, recipient=teacher)
    r = client.post(reverse("notifications:read_all"), follow=True)
    assert "2" in str(list(r.context["messages"])[0])
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_open_refuses_foreign_redirects(web, teacher):
    n = NotificationFactory(recipient=teacher, url="https://evil.example.com/")
    r = web.login_as(teacher).get(reverse("notifications:open", args=[n.pk]))
    assert r["Location"] == reverse("notifications:list")


def test_preferences_page_saves_and_shows_errors(web, student):
    client = web.login_as(student)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    data = {}
    for kind in NotificationKind.values:
        data[f"{kind}__in_app"] = "on"
        data[f"{kind}__frequency"] = "digest"
    data["general__email"] = "on"
    data["general__frequency"] = "immediate"
    r = client.post(reverse("notifications:preferences"), data, follow=True)
    assert r.status_code == 200 and list(r.context["messages"])
    p = NotificationPreference.objects.get(user=student, kind="general")
    assert p.email and p.email_frequency == "immediate"
    assert not NotificationPreference.objects.get(user=student, kind="course_stale").email
    data["general__frequency"] = "hourly"
    r = client.post(reverse("notifications:preferences"), data)
    assert r.status_code == 200 and 'class="errorlist"' in r.content.decode()
    assert NotificationPreference.objects.get(user=student, kind="general").email_frequency == "immediate"


def test_dashboard_card_shows_unread(web, teacher):
    NotificationFactory(recipient=teacher, title="实训室预约明天开始")
    html = web.login_as(teacher).get("/").content.decode()
    assert "实训室预约明天开始" in html
