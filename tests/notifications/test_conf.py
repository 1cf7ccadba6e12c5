import pytest
from django.core.exceptions import ImproperlyConfigured

from notifications.conf import DEFAULTS, reminder_setting


def test_defaults_when_nothing_is_set(settings, monkeypatch):
    settings.IEI_REMINDERS = {}
    monkeypatch.delenv("IEI_REMINDERS", raising=False)
    assert reminder_setting("BATCH_SIZE") == DEFAULTS["BATCH_SIZE"]


def test_environment_overrides_the_defaults_and_settings_override_the_environment(settings, monkeypatch):
    settings.IEI_REMINDERS = {}
    monkeypatch.setenv("IEI_REMINDERS", '{"BATCH_SIZE": 1}')
    assert reminder_setting("BATCH_SIZE") == 1
    assert reminder_setting("APPLICATION_WAIT_DAYS") == DEFAULTS["APPLICATION_WAIT_DAYS"]
    settings.IEI_REMINDERS = {"BATCH_SIZE": 50}
    assert reminder_setting("BATCH_SIZE") == 50


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '{"BATCH_SIZ": 1}'])
def test_a_bad_environment_value_fails_loudly(settings, monkeypatch, raw):
    settings.IEI_REMINDERS = {}
    monkeypatch.setenv("IEI_REMINDERS", raw)
    with pytest.raises(ImproperlyConfigured):
        reminder_setting("BATCH_SIZE")
