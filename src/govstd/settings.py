"""One settings module, driven by the environment (12-factor).

Defaults are safe for production except where a variable says otherwise; ``make run`` sets
``GOVSTD_DEBUG=true`` for local work.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("GOVSTD_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("GOVSTD_DEBUG", default=False)


# ``make run`` serves the demo on one machine: a key kept under var/, cookies over plain HTTP, static
# files straight from the finders. Debug pages stay off unless GOVSTD_DEBUG asks for them.
GOVSTD_LOCAL = DEBUG or env.bool("GOVSTD_LOCAL", default=False)


def _secret_key() -> str:
    """Use the configured key; only a local demo may make one up and keep it under var/.

    Every app process behind one balancer must sign sessions and rate-limit keys with the same key,
    so a deployment that forgot it refuses to start instead of running with a key per host.
    """
    configured = env.str("GOVSTD_SECRET_KEY", default="")
    if configured:
        return configured
    if not GOVSTD_LOCAL:
        raise ImproperlyConfigured(
            "GOVSTD_SECRET_KEY is not set. Every application process must use the same secret key: "
            "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'` and set it in the "
            "environment (or in .env). For a demo on this machine only, set GOVSTD_LOCAL=true."
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("GOVSTD_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("GOVSTD_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First, so its commands (changepassword, createsuperuser) replace Django's: every door to
    # credentials goes through the platform's rules and audit log.
    "govstd.accounts",
    # The admin with the platform's rules: 403 for other roles, no second login page.
    "govstd.accounts.admin_config.GovstdAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "govstd.catalog",
    "govstd.documents",
    "govstd.workflow",
    "govstd.lifecycle",
    "govstd.jobs",
    "govstd.notifications",
    "govstd.monitoring",
    "govstd.dashboard",
    "govstd.api",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "csp",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "govstd.locale_middleware.ChineseByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "govstd.accounts.middleware.AuditContextMiddleware",
    "govstd.accounts.middleware.AccountStateMiddleware",
    "govstd.accounts.middleware.PasswordChangeMiddleware",
    "govstd.catalog.middleware.ActivateDueStandardsMiddleware",
    "govstd.error_pages.ApplicationErrorMiddleware",
    # Below the error pages, so it sees a refusal's reason before the 403 page is made of it.
    "govstd.accounts.middleware.RefusalAuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "govstd.urls"
WSGI_APPLICATION = "govstd.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govstd.accounts.context_processors.roles",
            ],
            "libraries": {"pager": "govstd.pager_tags"},
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'govstd.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, a worker and the CLI share one file. A transaction
    # takes the write lock when it begins (IMMEDIATE): a deferred one that read first fails at once
    # with "database is locked", busy timeout or not, if another process wrote in the meantime.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # IMMEDIATE: a transaction takes the write lock when it begins, so two writers queue on the
        # busy timeout instead of one failing when it upgrades a read to a write.
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
         "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("GOVSTD_DB_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("GOVSTD_CACHE_URL", default="locmemcache://govstd")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("GOVSTD_PASSWORD_MIN_LENGTH", default=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "govstd.accounts.passwords.CharacterClassesValidator"},
]
# 等保 IA-a: a password is changed periodically (0: never asked); one set by an administrator at once (AC-b).
GOVSTD_PASSWORD_MAX_AGE_DAYS = env.int("GOVSTD_PASSWORD_MAX_AGE_DAYS", default=90)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 IA-b: lock an account after repeated failures; end idle sessions.
AXES_FAILURE_LIMIT = env.int("GOVSTD_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("GOVSTD_LOCKOUT_MINUTES", default=15))
# Lock the account itself (等保 IA-b), whatever address the attempts come from.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env.int("GOVSTD_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("GOVSTD_SECURE_COOKIES", default=not GOVSTD_LOCAL)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a TLS proxy every plain-HTTP request is sent to HTTPS (the proxy must pass X-Forwarded-Proto).
SECURE_SSL_REDIRECT = env.bool("GOVSTD_SSL_REDIRECT", default=env.bool("GOVSTD_BEHIND_TLS_PROXY", default=False))
SECURE_HSTS_SECONDS = env.int("GOVSTD_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("GOVSTD_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("GOVSTD_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool(
    "GOVSTD_BEHIND_TLS_PROXY", default=False
) else None

# Content-Security-Policy (django-csp): every page, script, style, image and font comes from this site
# (front-end libraries are static files, never a CDN); no inline script, style or handler, no eval, no
# plugins, no framing, forms post only here. Templates keep behaviour in static/js and styles in CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Permissions-Policy (django-permissions-policy): the platform uses none of these browser features.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "usb", "xr-spatial-tracking",
)}

# Reverse proxies in front of the application whose X-Forwarded-For is trusted (audit log, rate limits).
GOVSTD_TRUSTED_PROXIES = env.int("GOVSTD_TRUSTED_PROXIES", default=0)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = env.str("GOVSTD_TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("GOVSTD_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    SRC_DIR / "static",
    # Front-end libraries come from the npm registry (package-lock.json), never from a CDN.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
# Served by WhiteNoise from STATIC_ROOT after `govstd collectstatic`; locally straight from the finders.
WHITENOISE_USE_FINDERS = GOVSTD_LOCAL
MEDIA_ROOT = Path(env.str("GOVSTD_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# Uploads: refuse anything larger than the import limit before it is parsed.
GOVSTD_IMPORT_MAX_BYTES = env.int("GOVSTD_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
GOVSTD_DRAFT_MAX_BYTES = env.int("GOVSTD_DRAFT_MAX_BYTES", default=20 * 1024 * 1024)
# Uploaded workbooks are parsed in a child process with these ceilings (address space, CPU seconds): a
# 200,000-row Table 1 needs about 300 MB and 5 s; a workbook that would take more is refused.
GOVSTD_PARSE_MEMORY_MB = env.int("GOVSTD_PARSE_MEMORY_MB", default=1024)
GOVSTD_PARSE_CPU_SECONDS = env.int("GOVSTD_PARSE_CPU_SECONDS", default=300)
# Exports: a Word Table 1 holds the whole table in memory (about 48 KB a row), so longer ones go to .xlsx or PDF;
# a long PDF is laid out in parts of this many rows (about 0.2 MB each while laid out).
GOVSTD_DOCX_MAX_ROWS = env.int("GOVSTD_DOCX_MAX_ROWS", default=10_000)
GOVSTD_PDF_CHUNK_ROWS = env.int("GOVSTD_PDF_CHUNK_ROWS", default=1000)
GOVSTD_PUBLIC_COMMENTS_PER_HOUR = env.int("GOVSTD_PUBLIC_COMMENTS_PER_HOUR", default=10)
# Periodic review (7.7) covers the standards the organisation maintains itself.
# Indicator monitoring (R-M-2, R-M-4): what the readings channels accept.
GOVSTD_READINGS_RETENTION_DAYS = env.int("GOVSTD_READINGS_RETENTION_DAYS", default=400)
# PostgreSQL: monthly partitions of the readings created this many months ahead by the daily job.
GOVSTD_READINGS_PARTITIONS_AHEAD = env.int("GOVSTD_READINGS_PARTITIONS_AHEAD", default=3)
GOVSTD_READINGS_CLOCK_SKEW_SECONDS = env.int("GOVSTD_READINGS_CLOCK_SKEW_SECONDS", default=300)
GOVSTD_READINGS_MAX_BYTES = env.int("GOVSTD_READINGS_MAX_BYTES", default=2 * 1024 * 1024)
GOVSTD_READINGS_MAX_PER_BATCH = env.int("GOVSTD_READINGS_MAX_PER_BATCH", default=20_000)
GOVSTD_READINGS_REQUESTS_PER_MINUTE = env.int("GOVSTD_READINGS_REQUESTS_PER_MINUTE", default=600)
GOVSTD_MQTT_HOST = env.str("GOVSTD_MQTT_HOST", default="127.0.0.1")
GOVSTD_MQTT_PORT = env.int("GOVSTD_MQTT_PORT", default=1883)
GOVSTD_MQTT_TOPIC_PREFIX = env.str("GOVSTD_MQTT_TOPIC_PREFIX", default="govstd")
GOVSTD_MQTT_SHARE_GROUP = env.str("GOVSTD_MQTT_SHARE_GROUP", default="govstd")
# The ingesters' broker account when the broker requires one (govstd mqtt-broker-auth writes its entry).
GOVSTD_MQTT_USERNAME = env.str("GOVSTD_MQTT_USERNAME", default="")
GOVSTD_MQTT_PASSWORD = env.str("GOVSTD_MQTT_PASSWORD", default="")
GOVSTD_MQTT_SESSION_EXPIRY_SECONDS = env.int("GOVSTD_MQTT_SESSION_EXPIRY_SECONDS", default=24 * 3600)
GOVSTD_PERIODIC_REVIEW_LEVELS = env.list("GOVSTD_PERIODIC_REVIEW_LEVELS", default=["local", "internal", "group"])
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env.str("GOVSTD_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("GOVSTD_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("GOVSTD_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("GOVSTD_EMAIL_USER", default="")
EMAIL_HOST_PASSWORD = env.str("GOVSTD_EMAIL_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("GOVSTD_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("GOVSTD_FROM_EMAIL", default="govstd@localhost")

# Scheduled jobs go through Django's task interface (django-tasks) to the database-backed worker.
TASKS = {"default": {"BACKEND": env.str("GOVSTD_TASK_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Files that background jobs produce (exports, import reports) are deleted this many days after the job.
GOVSTD_JOB_RESULT_DAYS = env.int("GOVSTD_JOB_RESULT_DAYS", default=7)
GOVSTD_SITE_URL = env.str("GOVSTD_SITE_URL", default="http://127.0.0.1:8000")

GOVSTD_ORGANISATION = env.str("GOVSTD_ORGANISATION", default="深圳市机关事务管理局")
GOVSTD_SYSTEM_NAME = env.str("GOVSTD_SYSTEM_NAME", default="机关事务智慧运营标准体系")

GOVSTD_WORKER_HEARTBEAT_SECONDS = env.int("GOVSTD_WORKER_HEARTBEAT_SECONDS", default=10)

# Each request gets an id (the balancer's X-Request-ID when it is a UUID, else a new one; returned in
# the response) that every log line written while serving it carries.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "RETURN_HEADER": True, "EXPOSE_HEADER": True,
               "VALIDATE_GUID": True}
# One JSON object a line for the log collector; plain text for a person at a local terminal.
GOVSTD_LOG_FORMAT = env.str("GOVSTD_LOG_FORMAT", default="text" if GOVSTD_LOCAL else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}},
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(process)d %(message)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": GOVSTD_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("GOVSTD_LOG_LEVEL", default="WARNING")},
    "loggers": {"django_guid": {"level": "WARNING"}},
}
