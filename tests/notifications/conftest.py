import pytest


@pytest.fixture
def eager_celery():
    """Tasks enqueued after commit run in-process, so e-mails land in mail.outbox."""
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
