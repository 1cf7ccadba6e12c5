"""Domain events (core/events.py): emitted after commit, never on rollback, never failing the step."""
import pytest
from django.db import transaction

from core import events
from core.events import Event, emit, subscribe
from core.models import EventRecord
from core.subscribers import journal
from internships import services
from internships.models import Application
from tests.internships.factories import ApplicationFactory, PostingFactory

CALLS: list[Event] = []


def record(event: Event) -> None:
    CALLS.append(event)


def explode(event: Event) -> None:
    raise RuntimeError("subscriber down")


@pytest.fixture
def recorder(monkeypatch):
    """Only this test's inline subscribers, so nothing reaches the broker."""
    CALLS.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("internships.application.*", record, inline=True)
    yield CALLS
    CALLS.clear()


@pytest.fixture
def offered_application(enterprise_org, student):
    return ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student, status="offered")


@pytest.mark.django_db(transaction=True)
def test_a_committed_step_emits_one_typed_event_after_commit(recorder, offered_application, student):
    with transaction.atomic():
        services.application_move(application=offered_application, action="decline", by=student)
        assert recorder == []  # nothing leaves before the commit
    assert len(recorder) == 1
    event = recorder[0]
    assert event.name == "internships.application.declined"
    assert (event.model, event.object_id, event.actor_id) == ("internships.application", offered_application.pk,
                                                               student.pk)
    assert event.data == {"from_status": "offered"}
    # ids, actor and time only: the event survives a JSON round trip (what Celery carries)
    assert Event.from_dict(event.as_dict()) == event


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_step_emits_nothing(recorder, offered_application, student):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.application_move(application=offered_application, action="decline", by=student)
        raise RuntimeError("something later in the same transaction failed")
    assert recorder == []
    assert Application.objects.get(pk=offered_application.pk).status == "offered"


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_never_fails_the_step(recorder, offered_application, student, caplog):
    subscribe("internships.application.*", explode, inline=True)
    subscribe("internships.application.*", record, inline=True)
    services.application_move(application=offered_application, action="decline", by=student)
    assert Application.objects.get(pk=offered_application.pk).status == "declined"
    assert [e.name for e in recorder] == ["internships.application.declined"]  # the others still ran
    assert "subscriber down" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_queued_subscribers_run_in_celery_not_in_the_request(monkeypatch, offered_application, student):
    queued = []
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("internships.*", "core.subscribers.journal")
    from core import tasks

    monkeypatch.setattr(tasks.deliver_event, "delay", lambda payload, path: queued.append((payload, path)))
    # the worker splits an event for several subscribers (core.tasks.fan_out_event): run that part here
    monkeypatch.setattr(tasks.fan_out_event, "delay",
                        lambda payload, handlers: tasks.fan_out_event(payload, handlers))
    services.application_move(application=offered_application, action="decline", by=student)
    assert [(p["name"], path) for p, path in queued] == [("internships.application.declined",
                                                          "core.subscribers.journal")]
    assert not EventRecord.objects.exists()  # the request itself wrote nothing for the subscriber
    tasks.deliver_event(*queued[0])  # what the worker does
    assert EventRecord.objects.get().name == "internships.application.declined"


@pytest.mark.django_db
def test_the_journal_writes_a_redelivered_event_once(offered_application, student):
    event = Event(name="internships.application.declined", model="internships.application",
                  object_id=offered_application.pk, actor_id=student.pk)
    journal(event)
    journal(event)  # a worker killed after the write and the task run again
    assert EventRecord.objects.filter(pk=event.id).count() == 1


@pytest.mark.django_db
def test_an_undeclared_event_is_refused(offered_application):
    with pytest.raises(ValueError, match="undeclared event type"):
        emit("internships.application.teleported", offered_application)


# Availability of a piece of equipment is an attribute edited in place, not a workflow moved by transition().
NOT_WORKFLOWS = {"funding.equipment"}


def test_every_state_of_every_workflow_model_is_declared():
    """transition() emits <app>.<model>.<target>: each status a step can reach must be in the catalogue."""
    from django.apps import apps

    catalogue = events.catalogue()
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in ("curriculum", "partnerships", "internships", "faculty", "funding",
                                         "reports") or model.__name__.startswith("Historical"):
            continue
        try:
            field = model._meta.get_field("status")
        except Exception:  # noqa: BLE001 - models without a workflow
            continue
        for value, _label in field.choices or ():
            name = f"{model._meta.app_label}.{model._meta.model_name}.{value}"
            if name not in catalogue and model._meta.label_lower not in NOT_WORKFLOWS:
                missing.append(name)
    assert missing == []


def test_the_documented_catalogue_is_current():
    """docs/EVENTS.md lists exactly the declared event types (regenerate with event_catalogue --write)."""
    from django.core.management import call_command

    call_command("event_catalogue", check=True)
