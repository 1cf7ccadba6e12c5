import pytest
from django.core import mail

from notifications import services
from notifications.choices import EmailFrequency, EmailState, NotificationKind
from notifications.models import Notification, NotificationPreference, ReminderLog
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _pref(user, kind=NotificationKind.GENERAL, **kw):
    defaults = {"in_app": True, "email": True, "email_frequency": EmailFrequency.DIGEST} | kw
    return NotificationPreference.objects.create(user=user, kind=kind, **defaults)


def test_notify_defaults_in_app_and_digest(teacher, student):
    created = services.notify(recipients=[teacher, student.pk], kind=NotificationKind.GENERAL, title="实训室开放",
                              body="本周六开放。", url="/notifications/")
    assert {n.recipient_id for n in created} == {teacher.pk, student.pk}
    n = Notification.objects.get(recipient=teacher)
    assert n.in_app and n.read_at is None and n.email_state == EmailState.DIGEST


def test_notify_links_the_object(teacher, college):
    [n] = services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t", obj=college)
    n.refresh_from_db()
    assert n.target == college


def test_same_key_notifies_once(teacher):
    for _ in range(3):
        services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t", key="demo:1:2026-11-29")
    assert Notification.objects.filter(recipient=teacher).count() == 1
    assert ReminderLog.objects.filter(key="demo:1:2026-11-29", rule="demo").count() == 1


def test_duplicate_recipients_are_notified_once(teacher):
    services.notify(recipients=[teacher, teacher.pk, teacher], kind=NotificationKind.GENERAL, title="t")
    assert Notification.objects.filter(recipient=teacher).count() == 1


def test_unknown_kind_is_refused(teacher):
    with pytest.raises(ValueError):
        services.notify(recipients=[teacher], kind="nonsense", title="t")


def test_inactive_user_is_skipped(teacher):
    teacher.is_active = False
    teacher.save()
    assert services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t") == []


def test_all_channels_off_creates_nothing(teacher):
    _pref(teacher, in_app=False, email=False)
    assert services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t") == []


def test_preference_is_per_kind(teacher):
    _pref(teacher, kind=NotificationKind.COURSE_STALE, in_app=False, email=False)
    assert services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t")


def test_email_only_is_hidden_from_the_centre_but_mailed(teacher, eager_celery, django_capture_on_commit_callbacks):
    _pref(teacher, in_app=False, email=True, email_frequency=EmailFrequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="合作协议即将到期", body="正文",
                        url="/partnerships/agreements/1/")
    assert Notification.objects.visible_to(teacher).count() == 0
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == [teacher.email] and "合作协议即将到期" in msg.subject
    assert "http://" in msg.body and "/partnerships/agreements/1/" in msg.body
    assert Notification.objects.get(recipient=teacher).email_state == EmailState.SENT


def test_in_app_only_sends_no_email(teacher, eager_celery, django_capture_on_commit_callbacks):
    _pref(teacher, in_app=True, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t")
    assert mail.outbox == []
    assert Notification.objects.get(recipient=teacher).email_state == EmailState.NONE
    assert services.send_daily_digest() == 0


def test_user_without_address_gets_no_email(eager_celery, django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    _pref(user, email_frequency=EmailFrequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[user], kind=NotificationKind.GENERAL, title="t")
    assert mail.outbox == []
    assert Notification.objects.get(recipient=user).email_state == EmailState.NONE


def test_immediate_email_is_sent_once_even_if_task_and_sweeper_both_run(teacher, eager_celery,
                                                                        django_capture_on_commit_callbacks):
    _pref(teacher, email_frequency=EmailFrequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        [n] = services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t")
    services.send_immediate_emails(notification_ids=[n.pk])
    services.send_pending_emails()
    assert len(mail.outbox) == 1


def test_lost_task_is_swept(teacher):
    """The broker was down at commit time: on_commit never ran; the sweeper sends it."""
    _pref(teacher, email_frequency=EmailFrequency.IMMEDIATE)
    services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t")
    assert mail.outbox == []
    assert services.send_pending_emails() == 1
    assert len(mail.outbox) == 1
    assert services.send_pending_emails() == 0


def test_enqueue_failure_does_not_fail_the_write(teacher, monkeypatch, django_capture_on_commit_callbacks):
    from notifications import tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_immediate_emails, "delay", broken)
    _pref(teacher, email_frequency=EmailFrequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="t")
    assert Notification.objects.get(recipient=teacher).email_state == EmailState.PENDING


def test_digest_groups_per_user_and_is_sent_once(teacher, student):
    for i in range(3):
        services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title=f"教师事项{i}")
    for i in range(2):
        services.notify(recipients=[student], kind=NotificationKind.GENERAL, title=f"学生事项{i}")
    assert services.send_daily_digest(batch_size=1) == 2
    assert len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert all(f"教师事项{i}" in by_to[teacher.email].body for i in range(3))
    assert "学生事项" not in by_to[teacher.email].body
    assert "3" in by_to[teacher.email].subject
    assert services.send_daily_digest() == 0
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(email_state=EmailState.DIGEST).exists()


def test_digest_keeps_immediate_ones_out(teacher):
    _pref(teacher, kind=NotificationKind.COURSE_STALE, email_frequency=EmailFrequency.IMMEDIATE)
    services.notify(recipients=[teacher], kind=NotificationKind.COURSE_STALE, title="立即")
    services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="汇总")
    services.send_daily_digest()
    assert len(mail.outbox) == 1 and "汇总" in mail.outbox[0].body and "立即" not in mail.outbox[0].body


def test_digest_batch_queries_are_constant(django_assert_max_num_queries):
    users = [UserFactory() for _ in range(3)]
    for u in users:
        services.notify(recipients=[u], kind=NotificationKind.GENERAL, title="a")
        services.notify(recipients=[u], kind=NotificationKind.GENERAL, title="b")
    with django_assert_max_num_queries(8):
        assert services.send_daily_digest() == 3
    users = [UserFactory() for _ in range(20)]
    for u in users:
        services.notify(recipients=[u], kind=NotificationKind.GENERAL, title="a")
    with django_assert_max_num_queries(8):
        assert services.send_daily_digest() == 20


def test_deliver_queries_do_not_grow_with_recipients(django_assert_max_num_queries):
    few = [UserFactory() for _ in range(3)]
    many = [UserFactory() for _ in range(20)]
    services.notify(recipients=few, kind=NotificationKind.GENERAL, title="warm-up")  # content type cache
    with django_assert_max_num_queries(6):
        services.notify(recipients=few, kind=NotificationKind.GENERAL, title="t", key="k:few")
    with django_assert_max_num_queries(6):
        services.notify(recipients=many, kind=NotificationKind.GENERAL, title="t", key="k:many")


def test_mark_read_and_all_read(teacher, student):
    services.notify(recipients=[teacher, student], kind=NotificationKind.GENERAL, title="a")
    services.notify(recipients=[teacher], kind=NotificationKind.GENERAL, title="b")
    n = Notification.objects.filter(recipient=teacher).first()
    services.notification_mark_read(notification=n, by=teacher)
    first = Notification.objects.get(pk=n.pk).read_at
    services.notification_mark_read(notification=n, by=teacher)
    assert Notification.objects.get(pk=n.pk).read_at == first
    with pytest.raises(PermissionError):
        services.notification_mark_read(notification=n, by=student)
    assert services.notification_mark_all_read(by=teacher) == 1
    assert Notification.objects.filter(recipient=student, read_at__isnull=True).count() == 1


def test_preferences_save_upserts_and_refuses_unknown_kinds(teacher):
    from django.core.exceptions import ValidationError

    ch = services.Channels(in_app=False, email=True, frequency=EmailFrequency.IMMEDIATE)
    services.preferences_save(user=teacher, choices={NotificationKind.GENERAL: ch})
    services.preferences_save(user=teacher, choices={NotificationKind.GENERAL: ch})
    assert NotificationPreference.objects.filter(user=teacher).count() == 1
    assert services.preferences_for(teacher)[NotificationKind.GENERAL] == ch
    assert services.preferences_for(teacher)[NotificationKind.COURSE_STALE] == services.DEFAULT_CHANNELS
    with pytest.raises(ValidationError):
        services.preferences_save(user=teacher, choices={"nope": ch})


def test_a_notice_to_many_is_rendered_once_per_language_and_each_reads_their_own(monkeypatch):
    from django.utils.translation import gettext_lazy

    zh = [UserFactory(language="zh-hans") for _ in range(4)]
    en = [UserFactory(language="en") for _ in range(3)]
    renders = []
    real = services._render

    def counted(text, language):
        renders.append(language)
        return real(text, language)

    monkeypatch.setattr(services, "_render", counted)
    services.notify(recipients=[*zh, *en], kind=NotificationKind.GENERAL, title=gettext_lazy("Notifications"),
                    body=gettext_lazy("Search"))
    assert sorted(renders) == ["en", "en", "zh-hans", "zh-hans"]  # title and body, once per language
    titles = dict(Notification.objects.values_list("recipient_id", "title"))
    assert {titles[u.pk] for u in zh} == {"通知"} and {titles[u.pk] for u in en} == {"Notifications"}
