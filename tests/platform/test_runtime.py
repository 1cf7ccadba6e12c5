"""core.runtime: a web worker loads its views, then freezes what it loaded out of the collector's sight."""
import gc
import importlib
import sys

import pytest


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_wsgi_worker_settles_after_loading(unfrozen):
    sys.modules.pop("config.wsgi", None)
    wsgi = importlib.import_module("config.wsgi")
    assert callable(wsgi.application)
    # Every view module is loaded before the freeze, so the frozen generation holds the URL patterns.
    assert "partnerships.api.views" in sys.modules and "curriculum.views" in sys.modules
    assert gc.get_freeze_count() > 50_000
