"""A CAS 2.0/3.0 server (django-cas-server) for the sign-on tests."""
from .common import *  # noqa: F403
from .common import DIR

INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages",
    "cas_server",
]
ROOT_URLCONF = "tests.signon.servers.cas_urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DIR / "cas.sqlite3")}}
# The servers share 127.0.0.1, and cookies ignore the port: each server has cookie names of its own.
SESSION_COOKIE_NAME = "cas_session"
CSRF_COOKIE_NAME = "cas_csrf"
CAS_AUTH_CLASS = "tests.signon.servers.cas_auth.CasDirectoryUser"
CAS_NEW_VERSION_HTML_WARNING = False  # would ask PyPI on each page
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_SHOW_POWERED = False
CAS_INFO_MESSAGES_ORDER = []
CAS_TICKET_VALIDITY = 60
