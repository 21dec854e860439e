"""DanVan settings: one module, driven by the environment.

Defaults are for a developer's machine (SQLite under var/, DEBUG on). Production is
selected with DANVAN_ENV=production and then refuses to start without a SECRET_KEY or
with DEBUG on.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DANVAN_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from e


def envdate(name: str, default: dt.date) -> dt.date:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"{name} must be a date YYYY-MM-DD, got {value!r}") from e


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("DANVAN_ENV", "development") == "production"

DEBUG = envbool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be set (at least 50 characters) in production.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
elif not SECRET_KEY:
    SECRET_KEY = "danvan-insecure-development-key-never-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "lib",
    "audit",
    "geo",
    "orgs",
    "api",
    "front",
    "dashboards",
    "practices",
    "emulation",
    "cases",
    "meetings",
    "reports",
    "programmes",
    "democracy",
    "datagen",
    "notifications",
    "documents",
    "portal",
    "demo",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads it (lib/request_limits.py).
    "lib.request_limits.RequestSizeLimitMiddleware",
    "lib.request_limits.QueryNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: which reads of this request may go to a replica (lib/replicas.py).
    "lib.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "audit.middleware.AuditContextMiddleware",
    # Must be last: django-axes locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # ``|unlocalize`` everywhere: a key, a year or a page number written into an attribute must not get the
            # Vietnamese thousands separator (14159 → "14.159", which no form or script can read back).
            "builtins": ["django.templatetags.l10n"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "front.context_processors.navigation",
                "front.context_processors.site",
            ],
        },
    },
]

# The cache holds counters that every worker process must share: failed sign-ins per address (orgs.views) and the
# API token endpoint's throttle. A per-process memory cache would multiply each limit by the number of gunicorn
# workers and forget it on every restart, so it lives in the database (table made by orgs' migration 0003).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "danvan_cache"},
    # Rendered public pages that are the same for every visitor (the portal home): each process keeps its own copy
    # for a minute (portal/views.py), so the busiest public page costs no template rendering and no shared state.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "danvan-pages"},
}
# A Redis server shared by every app server (REDIS_URL=redis://host:6379/0) takes the status lookups' per-address
# counter out of the database's write path: one atomic INCR a lookup instead of a row update (cases/lookup_limit.py).
# Without it the counter stays in the database, so one machine needs nothing else.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES["counters"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "danvan",
        # An unreachable server is given up on quickly; the counter then falls back to the database.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def sqlite_options(options: dict | None = None) -> dict:
    """The SQLite settings every way of naming the database gets (the default path, SQLITE_PATH or
    DATABASE_URL=sqlite:///…): without them workers sharing the file fail with "database is locked"."""
    return {
        **(options or {}),
        # IMMEDIATE: writers take the lock at BEGIN, so two writers queue instead of
        # failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        # How long a writer waits for the lock. Set only here: a "PRAGMA busy_timeout" in init_command
        # would silently replace it (it did, with 5 s: under a write surge on a busy machine requests then
        # failed with "database is locked" → 500, found by tests/reliability/test_mixed_load.py).
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            # This VM drops the OS file cache quickly: keep a 64 MiB page cache per connection.
            "PRAGMA cache_size=-65536;"
        ),
    }


# Databases: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "danvan.sqlite3")),
            # Keep a connection per thread: a new SQLite connection re-reads the schema and runs the PRAGMAs of
            # sqlite_options() on every request otherwise (benchmarks/README.md has the cost), and the 64 MiB page
            # cache would start cold each time.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = sqlite_options(DATABASES["default"].get("OPTIONS"))

# Read replicas (PostgreSQL streaming replication): comma-separated URLs, each an alias replica1, replica2…; reads of
# GET requests go there through lib.replicas (router and middleware), everything else to the primary. None: no change.
DATABASE_REPLICA_URLS = envlist("DATABASE_REPLICA_URLS", [])
DATABASE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS", "5"))
DATABASE_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS", "1"))
DATABASE_READ_YOUR_WRITES_SECONDS = envint("DATABASE_READ_YOUR_WRITES_SECONDS", 10)
for _index, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    if not DATABASE_URL or DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL.")
    _replica = dj_database_url.parse(_url, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    # Tests create no database for a replica: it mirrors the primary's test database.
    _replica["TEST"] = {"MIRROR": "default"}
    # Named, so the replica's pg_stat_activity shows which of its sessions are DanVan's reads.
    _replica.setdefault("OPTIONS", {})["application_name"] = f"danvan-replica{_index}"
    DATABASES[f"replica{_index}"] = _replica
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator) cannot outlive its transaction.
if envbool("DB_DISABLE_SERVER_SIDE_CURSORS", False):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASE_ROUTERS = ["lib.replicas.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "orgs.permissions.RoleBackend",  # DanVan's roles through Django's has_perm (answers, never authenticates)
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "orgs.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failed logins for the same user name from the same address lock it for 30 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", True)
# … and one address may fail this many sign-ins (any accounts) per window before the form is refused.
LOGIN_FAILURES_PER_ADDRESS = envint("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURES_WINDOW_MINUTES = envint("LOGIN_FAILURES_WINDOW_MINUTES", 15)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# The first day DanVan's records cover: a report on a period that ended before it may type the figures DanVan would
# compute (practices, cases, meetings) by hand, marked as entered — those records were never kept here.
RECORDS_SINCE = envdate("DANVAN_RECORDS_SINCE", dt.date(2025, 7, 1))
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["danvan.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:
    # whitenoise warns about a missing STATIC_ROOT; in development it serves from the finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads go through Django's storage API only (never a path): the file system by default; with several app servers
# on several machines, an S3-compatible object store (django-storages, `pip install -e '.[s3]'`; docs/deploy.md).
if os.environ.get("DANVAN_MEDIA_STORAGE", "filesystem") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            # Private objects: every download goes through DanVan's views (scope, audit), never a public URL.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("DANVAN_MEDIA_STORAGE=s3 needs S3_BUCKET.")
elif os.environ.get("DANVAN_MEDIA_STORAGE", "filesystem") != "filesystem":
    raise ImproperlyConfigured("DANVAN_MEDIA_STORAGE must be filesystem or s3.")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "lib.request_limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DANVAN_MAX_IMPORT_BYTES = envint("DANVAN_MAX_IMPORT_BYTES", 10 * 1024 * 1024)
DANVAN_MAX_EVIDENCE_BYTES = envint("DANVAN_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024)
# A whole request body (every file of a form together) larger than this is refused with 413 before it is read:
# by default the largest legitimate form, five 20 MB attachments, plus room for the fields.
DANVAN_MAX_REQUEST_BYTES = envint("DANVAN_MAX_REQUEST_BYTES", 101 * 1024 * 1024)
# Every imported spreadsheet is checked before it is parsed (lib.sheets.iter_sheet): a 1.5 MB decompression bomb
# once unpacked to 970 MB and held a worker for minutes.
DANVAN_SHEET_MAX_UNPACKED_BYTES = envint("DANVAN_SHEET_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)  # all ZIP entries
DANVAN_SHEET_MAX_RATIO = envint("DANVAN_SHEET_MAX_RATIO", 100)  # unpacked / packed, per entry over 1 MB
DANVAN_SHEET_MAX_ENTRIES = envint("DANVAN_SHEET_MAX_ENTRIES", 1000)
DANVAN_SHEET_MAX_SHARED_STRINGS_BYTES = envint("DANVAN_SHEET_MAX_SHARED_STRINGS_BYTES", 20 * 1024 * 1024)
DANVAN_SHEET_MAX_ROWS = envint("DANVAN_SHEET_MAX_ROWS", 100_000)  # declared or read, blank rows included
DANVAN_SHEET_MAX_COLUMNS = envint("DANVAN_SHEET_MAX_COLUMNS", 200)
# AGPL-3.0 §13: users of a deployment must be offered its source. Set this to the repository
# (or archive) of exactly the code you run; every page's footer links to it.
DANVAN_SOURCE_URL = os.environ.get("DANVAN_SOURCE_URL", "")

# Security: strict in production, relaxed only where the development server needs it.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "danvan@localhost")
# Notifications (notifications/): SMTP from the environment in production; EMAIL_BACKEND=
# django.core.mail.backends.filebased.EmailBackend with EMAIL_FILE_PATH writes each message to a file.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)  # a hung mail server must not hang the worker
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DANVAN_BASE_URL = os.environ.get("DANVAN_BASE_URL", "")  # https://danvan.example.gov.vn: links in e-mails
NOTIFICATIONS_LEASE_SECONDS = envint("NOTIFICATIONS_LEASE_SECONDS", 300)  # a crashed worker's rows return after
NOTIFICATIONS_MAX_ATTEMPTS = envint("NOTIFICATIONS_MAX_ATTEMPTS", 8)  # e-mail given up after (stays on the page)
NOTIFICATIONS_BACKOFF_SECONDS = envint("NOTIFICATIONS_BACKOFF_SECONDS", 60)  # 1, 2, 4, … minutes between tries
NOTIFICATIONS_MESSAGE_ID_DOMAIN = os.environ.get("NOTIFICATIONS_MESSAGE_ID_DOMAIN", "danvan.local")

REST_FRAMEWORK = {
    # Token first: DRF answers a missing credential with 401 and WWW-Authenticate only when the first class has an
    # authenticate_header (session authentication has none, so it was 403). Signed-in browsers still use the session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "lib.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",  # declares the shared error responses (api/schema.py)
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_RATES": {
        # Status lookups and private-link visits per client address (page and API together; cases.lookup_limit):
        # a tracking code and a token are guessable only by trying many, and a busy commune office or a mobile
        # carrier's shared address must still get through.
        "case_lookup": os.environ.get("CASES_LOOKUP_RATE", "60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DanVan API",
    "DESCRIPTION": "API của DanVan — nền tảng số cho công tác dân vận.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files from the sidecar package, served as our own static files: no CDN (intranets, CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PracticeStatusEnum": "practices.models.Status",
        "PracticeKindEnum": "practices.models.Kind",
        "RecognitionLevelEnum": "practices.models.RecognitionLevel",
        "UnitLevelEnum": "geo.models.Level",
        "DocumentKindEnum": "documents.models.Kind",
        "DocumentStatusEnum": "documents.models.Status",
    },
}

# Content-Security-Policy on every response (django-csp): no inline script or style, no other origin. A page that
# needs more relaxes it for itself only, with csp_update on its view (the API docs, api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Cases (ý kiến, kiến nghị, khiếu nại, tố cáo): limits a deployment may set; see cases/conf.py ---
CASES_FEEDBACK_REPLY_DAYS = envint("CASES_FEEDBACK_REPLY_DAYS", 20)  # reply limit for feedback/petitions
CASES_REOPEN_WINDOW_DAYS = envint("CASES_REOPEN_WINDOW_DAYS", 30)  # sender may confirm or reopen an answer
CASES_ESCALATION_MARGIN_DAYS = envint("CASES_ESCALATION_MARGIN_DAYS", 5)  # overdue this long → body above
CASES_RATE_LIMIT = envint("CASES_RATE_LIMIT", 5)  # public submissions per address …
CASES_RATE_LIMIT_MINUTES = envint("CASES_RATE_LIMIT_MINUTES", 60)  # … per this many minutes
CASES_RETENTION_DAYS = envint("CASES_RETENTION_DAYS", 5 * 365)  # personal data erased this long after closure
# Read by meetings.conf: named CASES_* from before meetings left cases; kept so deployments keep their values.
CASES_RECEPTION_HORIZON_DAYS = envint("CASES_RECEPTION_HORIZON_DAYS", 56)  # reception sessions planned ahead
CASES_DIALOGUE_NOTICE_DAYS = envint("CASES_DIALOGUE_NOTICE_DAYS", 7)  # dialogue announced at least this far ahead
CASES_DIALOGUE_PUBLISH_DAYS = envint("CASES_DIALOGUE_PUBLISH_DAYS", 10)  # … and its results published within
CASES_HOTSPOT_WINDOW_DAYS = envint("CASES_HOTSPOT_WINDOW_DAYS", 7)  # hotspot: the recent window …
CASES_HOTSPOT_BASELINE_WEEKS = envint("CASES_HOTSPOT_BASELINE_WEEKS", 8)  # … against the mean of these weeks before
CASES_HOTSPOT_RATIO = envint("CASES_HOTSPOT_RATIO", 3)  # flagged at this many times the baseline …
CASES_HOTSPOT_MIN_NEW = envint("CASES_HOTSPOT_MIN_NEW", 5)  # … and at least this many new cases,
CASES_HOTSPOT_MIN_OVERDUE = envint("CASES_HOTSPOT_MIN_OVERDUE", 3)  # overdue cases,
CASES_HOTSPOT_MIN_MULTI = envint("CASES_HOTSPOT_MIN_MULTI", 2)  # or multi-person cases
CASES_HOTSPOT_MULTI_PEOPLE = envint("CASES_HOTSPOT_MULTI_PEOPLE", 5)  # people on one case to count as đông người
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "CaseKindEnum": "cases.models.Kind",
        "CaseStatusEnum": "cases.models.Status",
        "CaseChannelEnum": "cases.models.Channel",
        "CaseActionEnum": "cases.models.Action",
        "ReceptionSessionStatusEnum": "meetings.models.SessionStatus",
        "ReceptionFrequencyEnum": "meetings.models.Frequency",
        "DialogueStatusEnum": "meetings.models.DialogueStatus",
        "DialogueQuestionSourceEnum": "meetings.models.QuestionSource",
        "HotspotStatusEnum": "cases.models_hotspot.HotspotStatus",
        "BoardMemberRoleEnum": "democracy.models.supervision.MemberRole",
    }
)

# Reports' PDF: "builtin" (laid out by reports.pdf_layout with the fonts shipped in reports/fonts/, works with Python
# alone) or "libreoffice" (the DOCX converted by soffice, which must be installed with fonts-liberation2).
REPORTS_PDF_ENGINE = os.environ.get("REPORTS_PDF_ENGINE", "builtin")

# Reports (issue 4): names of the report enums in the OpenAPI schema (several apps have a "status").
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ReportStatusEnum": "reports.models.Status",
        "ReportPeriodTypeEnum": "reports.models.PeriodType",
        "ReportRuleKindEnum": "reports.models.RuleKind",
        "PracticeLabelKindEnum": "practices.models.LabelKind",
    }
)

# Programmes (issue 23): names of their enums in the OpenAPI schema.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ProgrammeKindEnum": "programmes.models.ProgrammeKind",
        "ProgrammePartyRoleEnum": "programmes.models.PartyRole",
        "ProgrammeTaskStatusEnum": "programmes.models.TaskStatus",
        "InspectionStatusEnum": "programmes.models.InspectionStatus",
        "InspectionRatingEnum": "programmes.models.Rating",
        "ContributionForceEnum": "programmes.models.Force",
    }
)

# Democracy (issue 22): names of its enums in the OpenAPI schema.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "DisclosureStatusEnum": "democracy.models.DisclosureStatus",
        "DisclosureChannelEnum": "democracy.models.Channel",
        "ConsultationStatusEnum": "democracy.models.ConsultationStatus",
        "ConsultationKindEnum": "democracy.models.ConsultationKind",
        "ConsultationFormEnum": "democracy.models.ConsultationForm",
        "SupervisionBoardKindEnum": "democracy.models.BoardKind",
        "RecommendationStatusEnum": "democracy.models.RecommendationStatus",
        "VillageRuleKindEnum": "democracy.models.VillageRuleKind",
        "VillageRuleStatusEnum": "democracy.models.VillageRuleStatus",
        # The practices' commendation forms keep the name they had before a second "form" enum existed.
        "FormEnum": "practices.models.CommendationForm",
    }
)
