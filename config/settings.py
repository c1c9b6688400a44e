"""OneSeal settings, read from the environment.

With nothing set, OneSeal runs on the embedded default: SQLite in the project folder and Celery
on kombu's filesystem transport (no server). Set DATABASE_URL and CELERY_BROKER_URL / REDIS_URL
for PostgreSQL and Redis; set DEBUG=0, SECRET_KEY and ALLOWED_HOSTS for production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ONESEAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-change-me-oneseal-embedded-default"
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address printed on documents and QR codes (verification links).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "simple_history",
    "import_export",
    "django_celery_results",
    "core",
    "audit",
    "workdays",
    "catalog",
    "approvals",
    "supervision",
    "accountability",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the session or the database: NUL and control characters -> 400.
    "core.middleware.ForbiddenCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (a session user is one caller): a repeated creating API POST with
    # the same Idempotency-Key gets the first answer.
    "core.idempotency.IdempotencyKeyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into its Chinese 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "supervision.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend with a flush that lifts the audit table's append-only triggers.
    DATABASES["default"]["ENGINE"] = "audit.backends.sqlite3"
    # SQLite is single-writer: wait instead of failing when web, worker and beat write at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user+IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Login lockout (django-axes): 5 wrong passwords for one user from one address lock that pair
# out for 15 minutes (a whole office behind one NAT address is not locked out by one person's
# typos; the token endpoint has its own throttle). An administrator lifts it in the admin
# (登录失败与锁定), audited. Browser logins and /admin/ alike.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a load balancer the client address comes from the header VERIFY_CLIENT_IP_HEADER names
# (e.g. HTTP_X_FORWARDED_FOR), as for the /verify/ rate limit.
_CLIENT_IP_HEADER = os.environ.get("VERIFY_CLIENT_IP_HEADER", "")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    (_CLIENT_IP_HEADER, "REMOTE_ADDR") if _CLIENT_IP_HEADER else ("REMOTE_ADDR",)
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous object permissions

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Security (production) --------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "oneseal@localhost")
# Seconds for each blocking SMTP operation (connect, every reply): a hung mail server costs the
# sweep one timeout, then the rest of its batch waits for the next run.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
# How long a sweep holds a notification it claimed before another may take it (the holder renews
# it before each send). Longer than one mail can take (several SMTP replies of EMAIL_TIMEOUT).
NOTIFICATION_MAIL_LEASE_SECONDS = int(os.environ.get("NOTIFICATION_MAIL_LEASE_SECONDS", "300"))

# --- Cache (rate limits, shared across processes in production) ------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A hung Redis costs a rate limit or a breaker check half a second, then fails open.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Embedded: a file cache every process on this machine shares (web workers, Celery), so
    # rate limits count every request, not each process's share.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Celery ---------------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Embedded broker: messages are files in one folder (see recipes.md). A fetched message
    # leaves the queue at once, so the outbox and its periodic re-send are what keep nothing lost.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),
    }
    for _sub in ("out", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens after commit in web requests: when the broker is down, give up quickly
# (the outbox rows stay and the periodic sweeps send them) instead of holding the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# The after-commit publish of supervision's outbox tasks (supervision/services/_common.py::
# _enqueue): seconds to connect and to wait for the broker's answer, no retry; after a failure
# the process stops trying for ONESEAL_PUBLISH_PAUSE_SECONDS and leaves the rows to the sweeps.
ONESEAL_PUBLISH_TIMEOUT = float(os.environ.get("ONESEAL_PUBLISH_TIMEOUT", "0.5"))
ONESEAL_PUBLISH_PAUSE_SECONDS = float(os.environ.get("ONESEAL_PUBLISH_PAUSE_SECONDS", "10"))
# Outbound tasks are bounded (prefork pool; the solo pool of the embedded default ignores them,
# where the leases alone keep two workers off one row). Soft limit: the task stops and gives back
# what it has not sent; hard limit: the worker child is killed, its leases expire.
# A webhook delivery being attempted is leased (its next_attempt_at pushed this far ahead) so no
# other worker attempts it meanwhile; longer than one attempt's hard limit.
WEBHOOK_LEASE_SECONDS = int(os.environ.get("WEBHOOK_LEASE_SECONDS", "120"))
CELERY_TASK_ANNOTATIONS = {
    "supervision.send_notifications": {"soft_time_limit": 120, "time_limit": 150},
    "supervision.deliver_webhook": {"soft_time_limit": 30, "time_limit": 45},
    "supervision.retry_webhooks": {"soft_time_limit": 240, "time_limit": 270},
}
# Webhook attempts have a queue of their own, served by their own worker (Procfile
# `webhook-worker`, docker-compose `webhook-worker`): a slow or dead department endpoint then
# holds only those workers, and the mail sweep and the overdue job (default queue) never wait
# behind it. The default worker consumes `celery` only (-Q celery).
CELERY_TASK_ROUTES = {
    "supervision.deliver_webhook": {"queue": "webhooks"},
    "supervision.retry_webhooks": {"queue": "webhooks"},
}
# The per-endpoint circuit breaker (supervision/webhooks.py): after this many failed or timed-out
# attempts in a row, an endpoint's deliveries are deferred without a POST for the cool-down
# (doubled after each failed trial, capped), then one trial attempt closes or re-opens it.
WEBHOOK_BREAKER_FAILURES = int(os.environ.get("WEBHOOK_BREAKER_FAILURES", "3"))
WEBHOOK_BREAKER_COOL_DOWN_SECONDS = int(os.environ.get("WEBHOOK_BREAKER_COOL_DOWN_SECONDS", "60"))
WEBHOOK_BREAKER_MAX_COOL_DOWN_SECONDS = int(
    os.environ.get("WEBHOOK_BREAKER_MAX_COOL_DOWN_SECONDS", "600")
)
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = timedelta(days=7)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE: dict = {
    "flag-overdue": {"task": "supervision.flag_overdue", "schedule": timedelta(minutes=15)},
    "send-notifications": {
        "task": "supervision.send_notifications",
        "schedule": timedelta(minutes=2),
    },
    "retry-webhooks": {"task": "supervision.retry_webhooks", "schedule": timedelta(minutes=1)},
    "expire-permits": {
        "task": "supervision.expire_permits",
        "schedule": crontab(hour=0, minute=10),
    },
    "purge-idempotency-records": {
        "task": "core.purge_idempotency_records",
        "schedule": crontab(hour=3, minute=17),
    },
    # A working day before a deadline, once per deadline (accountability.oversight).
    "send-deadline-warnings": {
        "task": "accountability.send_deadline_warnings",
        "schedule": timedelta(minutes=15),
    },
    # The previous month's 通报 on the first working day of a month; a no-op on other days and
    # once it exists (accountability.reports).
    "monthly-report": {
        "task": "accountability.monthly_report",
        "schedule": crontab(minute=40),
    },
    # 补正 past its deadline closes the application as 视为撤回, once (approvals.tasks).
    "expire-corrections": {
        "task": "approvals.expire_corrections",
        "schedule": timedelta(minutes=30),
    },
    # The archive's PDFs not rendered after commit (a broker that was down): rendered once.
    "render-pending-documents": {
        "task": "approvals.render_pending_documents",
        "schedule": timedelta(minutes=10),
    },
    "clean-celery-results": {
        "task": "celery.backend_cleanup",
        "schedule": crontab(hour=3, minute=7),
    },
}

# --- Legal acts (issue 12) -------------------------------------------------------------------
# The Ed25519 key that signs the compact payload in every permit's and decision's QR code, as
# base64 of its 32-byte seed. Unset (a laptop, the tests): derived from SECRET_KEY, so a demo
# signs consistently; a deployment sets its own and publishes the public key (/verify/key/).
DOCUMENT_SIGNING_KEY = os.environ.get("DOCUMENT_SIGNING_KEY", "")
# The working days an applicant has to supply what a 补正 notice asks for; past them the
# application is closed as 视为撤回 by the periodic job.
CORRECTION_WORKING_DAYS = int(os.environ.get("CORRECTION_WORKING_DAYS", "10"))

# --- Oversight -------------------------------------------------------------------------------
# Working days the bureau has to call back and put right a 不满意 or worse rating (好差评), and
# to answer a complaint.
RATING_FOLLOWUP_WORKING_DAYS = int(os.environ.get("RATING_FOLLOWUP_WORKING_DAYS", "15"))
COMPLAINT_WORKING_DAYS = int(os.environ.get("COMPLAINT_WORKING_DAYS", "15"))
# The public forms' limits, counted in the shared cache (core.ratelimit): progress lookups per
# client address a minute and per receipt number in 10 minutes (from any address), complaints per
# address in 10 minutes.
PROGRESS_RATE_LIMIT_PER_MINUTE = int(os.environ.get("PROGRESS_RATE_LIMIT_PER_MINUTE", "10"))
PROGRESS_RATE_LIMIT_PER_NUMBER = int(os.environ.get("PROGRESS_RATE_LIMIT_PER_NUMBER", "10"))
COMPLAINT_RATE_LIMIT = int(os.environ.get("COMPLAINT_RATE_LIMIT", "5"))

# --- Content-Security-Policy (django-csp) -------------------------------------------------------
# No inline script anywhere (static/js/oneseal.js carries the pages' behaviour; the API docs use
# drf-spectacular's split view). Inline styles stay allowed: the printable documents and the
# admin use them, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- REST API -------------------------------------------------------------------------------
API_MAX_JSON_BYTES = int(os.environ.get("API_MAX_JSON_BYTES", str(1024 * 1024)))
API_MAX_JSON_DEPTH = 32
REST_FRAMEWORK = {
    # Token first, so an anonymous request gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Bounded JSON (size, depth, control characters): core/parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
}
# The OpenAPI schema and the API docs: public in the embedded default, behind login in
# production (API_DOCS_PUBLIC=1 opens them).
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", DEBUG)
SPECTACULAR_SETTINGS = {
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny"
        if API_DOCS_PUBLIC
        else "rest_framework.permissions.IsAuthenticated"
    ],
    "TITLE": "OneSeal API",
    "DESCRIPTION": "一章通 REST API v1 — 审批结果推送、监管信息推送、办件与证照。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: bureau networks often have no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"/"kind" field: name each enum after its model.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_idempotency_key",
        "core.api.document_pagination_errors",
        "core.api.document_refusals_everywhere",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "approvals.models.Application.Status",
        "PermitStatusEnum": "approvals.models.Permit.Status",
        "ApplicantKindEnum": "approvals.models.Applicant.Kind",
        "PushStatusEnum": "supervision.models.Push.Status",
        "SupervisionReportKindEnum": "supervision.models.SupervisionReport.Kind",
        "SupervisionReportStatusEnum": "supervision.models.SupervisionReport.Status",
        "RemedyKindEnum": "approvals.models.Remedy.Kind",
        "RemedyStatusEnum": "approvals.models.Remedy.Status",
        "InformationKindEnum": "supervision.models.Information.Kind",
        "InquiryStatusEnum": "supervision.models.Inquiry.Status",
        "ReportCloseOutcomeEnum": "supervision.models.ReportCloseOutcome",
        "RemedyOutcomeEnum": "approvals.models.Remedy.Outcome",
        "MeetingKindEnum": "supervision.models.Meeting.Kind",
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- OneSeal --------------------------------------------------------------------------------
# Key for the check codes of public verification links; defaults to one derived from SECRET_KEY.
VERIFY_KEY = os.environ.get("VERIFY_KEY", "")
# The public verification page: requests per minute per client IP, and the request header
# holding the client's address behind the load balancer (e.g. HTTP_X_REAL_IP; empty: the
# connection's REMOTE_ADDR). Never name a header a client could set past the balancer.
VERIFY_RATE_LIMIT_PER_MINUTE = int(os.environ.get("VERIFY_RATE_LIMIT_PER_MINUTE", "30"))
VERIFY_CLIENT_IP_HEADER = os.environ.get("VERIFY_CLIENT_IP_HEADER", "")
# Demo data for seed_demo: a copy of ../shared/data/sample-catalog.json kept in the repo.
SAMPLE_CATALOG_PATH = Path(
    os.environ.get("SAMPLE_CATALOG_PATH", BASE_DIR / "data" / "sample-catalog.json")
)
