"""An OpenID Connect provider (django-oauth-toolkit with OIDC on) for the sign-on tests."""
from .common import *  # noqa: F403
from .common import DIR

INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages",
    "oauth2_provider",
]
ROOT_URLCONF = "tests.signon.servers.oidc_urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DIR / "oidc.sqlite3")}}
SESSION_COOKIE_NAME = "op_session"
CSRF_COOKIE_NAME = "op_csrf"
LOGIN_URL = "/accounts/login/"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (DIR / "oidc-key.pem").read_text(),
    "OAUTH2_VALIDATOR_CLASS": "tests.signon.servers.oidc_validator.OidcValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
    "PKCE_REQUIRED": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    # The browser journeys' live server is http://localhost:<a free port>: the port is free to vary, as for
    # 127.0.0.1 (RFC 8252, 7.3); the host is still matched exactly.
    "ALLOW_LOCALHOST_LOOPBACK": True,
}
