"""Test settings: same real PostgreSQL and Redis as local, faster hashing, local mail outbox."""
from . import embedded_services  # noqa: F401  (before base: starts what DATABASE_URL/REDIS_URL do not name)
from .base import *  # noqa: F403
from .base import CACHES, REST_FRAMEWORK

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES["default"]["KEY_PREFIX"] = "iei-test"
# Throttling is tested on purpose in its own test; elsewhere it would make tests order-dependent.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"token": "1000/min", "writes": "10000/min"}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Kept list totals (config/counting.py) are tested on purpose in their own tests; elsewhere a count that
# happens to be slow on a loaded machine would make a test depend on timing.
COUNT_CACHE_MIN_MS = None
# Every table of a test is small: the searches are counted with the probes, as a province's tables are, unless a
# test asks for what small tables get (tests/platform/test_search.py).
SEARCH_SMALL_ROWS = 0
