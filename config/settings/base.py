"""Settings shared by every environment; everything that varies comes from the environment."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

from django.core.exceptions import ImproperlyConfigured

from .environment import BASE_DIR, env
from .signon import *  # noqa: F403  (campus sign-on: CAS, OpenID Connect, LDAP)
from .signon import SIGNON_BACKENDS, SIGNON_FORM_ACTIONS

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-key-only-for-local-runs-0123456789abcdefghijklmnop")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Services: named by the environment ----------------------------------------------------------
# Only local.py and test.py start embedded servers for unset URLs (embedded_services.py, imported before
# this module); everywhere else a missing URL stops the process here.
for _name in ("DATABASE_URL", "REDIS_URL"):
    if not env(_name, default=""):
        raise ImproperlyConfigured(
            f"{_name} must be set: these settings start no database or Redis of their own "
            "(config.settings.local and config.settings.test start embedded ones for development)."
        )
DATABASES = {"default": env.db("DATABASE_URL")}
# A Unix-socket directory travels URL-encoded in the host part (postgres://user@%2Fpath%2Fto%2Fdir/db).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST") or "")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
# A stuck lock becomes a clean error (409 in the API) instead of a hung request.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c lock_timeout=5000 -c statement_timeout=60000")
# Read replica (core/replica.py): only reads that opt in and tolerate a few seconds of lag go
# there, and only while it answers and lags less than DATABASE_REPLICA_MAX_LAG seconds.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["HOST"] = unquote(DATABASES["replica"].get("HOST") or "")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # A replica that does not answer quickly is "down": the read goes to the primary instead of waiting.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["OPTIONS"].setdefault("options", "-c statement_timeout=60000")
    # The test runner makes no database on a read-only server; the replica mirrors the primary's.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=10.0)
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Cached figures belong to one database: two sites (or a test run and the demo) sharing a Redis
        # must not read each other's.
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default=f"iei:{DATABASES['default']['NAME']}"),
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }
}

# --- Applications -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "core.admin_apps.AdminConfig",  # django.contrib.admin for superusers only (core/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # The platform's apps come before the third-party ones: where two catalogues translate the same
    # word, the app listed first wins, and django-celery-beat's "name" is "任务名" (task name).
    "core",
    "accounts",
    "partnerships",
    "curriculum",
    "faculty",
    "internships",
    "funding",
    "attendance",
    "notifications",
    "reports",
    "integrations",
    "signon",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "django_cas_ng",  # the CAS session tickets (single logout), whether or not CAS is configured
]
# Apps that contribute navigation, dashboard cards and demo data (see accounts/registry.py).
DOMAIN_APPS = [
    "accounts", "curriculum", "partnerships", "internships", "faculty", "funding", "attendance", "notifications",
    "reports", "integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *SIGNON_BACKENDS,  # campus sign-on (CAS, OpenID Connect, LDAP), those configured (settings/signon.py)
    "signon.backends.PasswordGate",  # students and staff without passwords when IEI_SSO_PASSWORD_LOGIN=partners
    "accounts.backends.AccessBackend",  # ModelBackend reading the user's roles with the user
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login lockout (django-axes) ----------------------------------------------------------------
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"

# --- Sessions -----------------------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60 * 2)  # idle timeout
# The idle window slides when accounts.middleware.SessionLifetimeMiddleware renews the session, at most
# once per SESSION_REFRESH_SECONDS, instead of a database write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- List totals ------------------------------------------------------------------------------
# List totals and grouped figures that take the database longer than this are kept for COUNT_CACHE_SECONDS,
# until a row of the model is saved or deleted (config/counting.py); None runs them every time.
COUNT_CACHE_MIN_MS = env.int("COUNT_CACHE_MIN_MS", default=10)
COUNT_CACHE_SECONDS = env.int("COUNT_CACHE_SECONDS", default=30)
# A free-text search counts its matches up to this many (or to the end of the page asked for), then says
# "more than N": counting every match of a common word means reading each matching row (core/counting.py).
SEARCH_COUNT_LIMIT = env.int("SEARCH_COUNT_LIMIT", default=1000)
# How long such a count first asks the gram index (a term in few texts; 0: not first), then reads the table in
# order (a term in many texts), before it asks the index without a limit (core.search.probed_count).
SEARCH_INDEX_MS = env.int("SEARCH_INDEX_MS", default=5)
SEARCH_PROBE_MS = env.int("SEARCH_PROBE_MS", default=40)
# A search of a table the planner expects to hold at most this many rows is counted at once, without those probes
# (core.search._small_table; 0: never).
SEARCH_SMALL_ROWS = env.int("SEARCH_SMALL_ROWS", default=1000)

# --- Content Security Policy (django-csp): no inline or third-party scripts, nothing from a CDN ---
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style attributes are used by server-rendered SVG charts; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # A logout that ends the campus session redirects there after the form post (settings/signon.py).
        "form-action": ["'self'", *SIGNON_FORM_ACTIONS],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Number grouping of zh-Hans as the college writes amounts (¥1,500,000.00): core/formats, core/formatting.py.
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # uploads are served only through access-checking views
STORAGES = {
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Several web nodes and workers share uploads through one private S3-compatible bucket (MinIO, Ceph,
# a cloud's object store) when S3_BUCKET is set; otherwise the node's disk (the embedded default).
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    from core.storage import s3_backend

    STORAGES["default"] = s3_backend(
        bucket=S3_BUCKET, endpoint_url=env("S3_ENDPOINT_URL", default=""),
        access_key=env("S3_ACCESS_KEY_ID", default=""), secret_key=env("S3_SECRET_ACCESS_KEY", default=""),
        region=env("S3_REGION", default=""), addressing_style=env("S3_ADDRESSING_STYLE", default=""),
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="platform@college.example.cn")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- REST framework -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an unauthenticated request a 401, as the contract says.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # A single-valued parameter or form member given twice is a 400 (core.parsers, core.filters).
    "DEFAULT_FILTER_BACKENDS": [
        "core.filters.FilterBackend",
        "core.filters.SearchFilter",
        "core.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.rest.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env("THROTTLE_TOKEN", default="10/min"), "writes": "300/min"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox, accounts/tokens.py): named, one per device or script, stored as a hash,
# expiring after API_TOKEN_TTL_DAYS; all of a user's tokens are revoked when the password changes or the
# account is deactivated.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
API_TOKEN_LIMIT_PER_USER = env.int("API_TOKEN_LIMIT_PER_USER", default=20)
if API_TOKEN_TTL_DAYS < 1 or API_TOKEN_LIMIT_PER_USER < 1:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS and API_TOKEN_LIMIT_PER_USER must be at least 1: tokens expire.")
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # nosec B105 - a model label, not a secret
# knox's own migrations create its AuthToken table even when the model is swapped out; that unused table
# references accounts_user, so nothing could truncate the users (the test flush). With no migrations of its
# own, knox's swapped model gets no table at all.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",  # the header clients already send: "Authorization: Token <key>"
    "AUTO_REFRESH": False,  # a token ends on its date, however often it is used
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Industry-Education Integration Platform API",
    "DESCRIPTION": "REST API of the industry-education integration (产教融合) platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Each app's TextChoices gets its own schema enum name (KindEnum would otherwise collide).
    "ENUM_NAME_OVERRIDES": {},
}


def _enum_overrides() -> dict[str, str]:
    """``<App><Class>Enum`` -> import path for every TextChoices of the apps' choices.py (one name per set)."""
    import importlib
    import inspect

    from django.db.models import Choices

    names: dict[str, str] = {}
    seen: set[tuple] = set()
    for app in ["accounts", "partnerships", "internships", "curriculum", "faculty", "funding", "attendance",
                "notifications", "reports"]:
        module = importlib.import_module(f"{app}.choices")
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Choices) and cls.__module__ == module.__name__:
                key = tuple(cls.values)
                if key in seen:
                    continue  # identical sets share the first name
                seen.add(key)
                names[f"{app.title()}{cls_name}Enum"] = f"{app}.choices.{cls_name}"
    return names


SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = _enum_overrides()

# --- Celery -------------------------------------------------------------------------------------
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
# Queues: each kind of work waits in a line of its own, so a province's annual report or a reminder
# fan-out never delays the notification of an offer. Every task of the project has a route here (a
# test fails otherwise); Procfile runs one worker on every queue, docker-compose.yml a worker per
# line, docs/DEPLOYMENT.md says how to size them.
#   events     domain events to their subscribers (core/events.py): people wait on these
#   email      e-mails a person is waiting for (a notification sent at once, a password link, an invitation)
#   webhooks   outbound webhook and group-chat deliveries: other people's servers (docs/WEBHOOKS.md)
#   reminders  the scheduled sweeps: reminders, digests, the daily attendance run, expiries
#   reports    report and export jobs, the monthly KPI snapshot
#   imports    import jobs (dry run and confirmed)
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "core.deliver_event": {"queue": "events"},
    "core.fan_out_event": {"queue": "events"},
    "notifications.send_immediate_emails": {"queue": "email"},
    "accounts.tasks.*": {"queue": "email"},
    "faculty.tasks.*": {"queue": "email"},
    "integrations.deliver": {"queue": "webhooks"},
    "integrations.retry_due": {"queue": "webhooks"},
    "notifications.run_reminder": {"queue": "reminders"},
    "notifications.send_pending_emails": {"queue": "reminders"},
    "notifications.send_daily_digest": {"queue": "reminders"},
    "attendance.run_daily": {"queue": "reminders"},
    "partnerships.expire_due_agreements": {"queue": "reminders"},
    "reports.expire_report_files": {"queue": "reminders"},
    "reports.requeue_stale_jobs": {"queue": "reminders"},
    "reports.run_report_job": {"queue": "reports"},
    "reports.take_kpi_snapshot": {"queue": "reports"},
    "reports.run_import_job": {"queue": "imports"},
    "config.ping": {"queue": "events"},
}
CELERY_QUEUES_ALL = ["celery", "events", "email", "webhooks", "reminders", "reports", "imports"]
# (soft, hard) time limits in seconds per queue; config.celery.QueueTimeLimits gives each task its queue's.
# A hard limit needs the prefork pool (the production worker's); the soft one raises inside the task.
CELERY_QUEUE_TIME_LIMITS = {
    "events": (60, 90),
    "email": (60, 90),
    "webhooks": (60, 90),
    "reminders": (15 * 60, 20 * 60),
    "reports": (CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT),
    "imports": (10 * 60, 15 * 60),
}
CELERY_TASK_ANNOTATIONS = ["config.celery.QueueTimeLimits"]
# Acks late + reject on lost worker: a killed worker's task is redelivered, so every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the hard time limit of the longest task, so Redis never redelivers a running task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 15 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Domain events (core/events.py) are always on; only bench/events_emit.py turns them off, for the half of
# its A/B pairs that measures a step without them (issue 19: an emitting step within 10 % of its time).
IEI_EVENTS_ENABLED = True

# --- Outbound webhooks and group-chat channels (docs/WEBHOOKS.md; defaults in integrations/conf.py) ---
# ALLOW_PRIVATE_HOSTS lets an endpoint resolve to loopback/private addresses: only tests set it.
IEI_WEBHOOKS = {
    "ALLOW_PRIVATE_HOSTS": False,
    "DISABLE_AFTER_FAILURES": env.int("WEBHOOKS_DISABLE_AFTER_FAILURES", default=10),
}

# --- Domain settings (thresholds of DESIGN.md section 6) ----------------------------------------
IEI = {
    "COLLEGE_NAME": env("COLLEGE_NAME", default="华影数字传媒职业学院"),
    "POSTING_APPROVAL_REQUIRED": env.bool("POSTING_APPROVAL_REQUIRED", default=False),
    "INTERN_CAP_ENTERPRISE": "0.10",
    "INTERN_CAP_POST": "0.20",
    "INTERNSHIP_MAX_MONTHS": 6,
    "TEACHER_PRACTICE_DAYS_PER_5_YEARS": 180,
    "TEACHER_PRACTICE_WINDOW_YEARS": 5,
    "TEACHER_PRACTICE_YEARLY_TARGET_DAYS": 36,
    "EDUCATION_SURCHARGE_CREDIT_RATE": "0.30",
    "COURSE_STALE_MONTHS": 12,
    "SIGNED_LINK_MAX_AGE_DAYS": 14,
    # Partner invitations (accounts): how long a link stays open, and the version of the platform's terms
    # people accept with it (raise it when the terms change; templates/accounts/terms.html holds the text).
    "INVITATION_TTL_DAYS": env.int("INVITATION_TTL_DAYS", default=14),
    "TERMS_VERSION": env("TERMS_VERSION", default="2026-1"),
    # Intern evaluation: rubric weights and the weight of each evaluator in the final grade.
    "INTERN_RUBRIC_WEIGHTS": {
        "professional_skill": "0.30", "aigc_tools": "0.25", "teamwork": "0.15", "innovation": "0.15",
        "attitude": "0.15",
    },
    "INTERN_EVALUATOR_WEIGHTS": {"enterprise_mentor": "0.50", "school_mentor": "0.50"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
