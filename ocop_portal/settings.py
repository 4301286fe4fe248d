"""Settings for the OCOP provincial portal, read from the environment.

Two modes:

* **Embedded default** (no ``DATABASE_URL``): SQLite under ``data/``, Celery tasks
  run eagerly in-process, local-memory cache, e-mail to the console. DEBUG stays off (the demo shows
  the portal's own 404/500 pages); a developer asks for Django's debug pages with DJANGO_DEBUG=true.
* **Production stack** (``DATABASE_URL`` and ``REDIS_URL`` set): PostgreSQL via
  psycopg 3, Redis as cache and Celery broker, DEBUG off unless asked for.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from ocop_portal.site import configured_site_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(environ.Env().str("OCOP_DATA_DIR", default=str(BASE_DIR / "data")))

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

EMBEDDED = not env.str("DATABASE_URL", default="")


def _embedded_secret_key() -> str:
    """A per-checkout random key for the embedded mode, kept out of git."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


# Debug pages (URLconf list, tracebacks) only when a developer asks: DJANGO_DEBUG=true. The embedded demo
# is shown to officers and the public, so it serves the portal's own Vietnamese error pages.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or (_embedded_secret_key() if EMBEDDED else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("DJANGO_SECRET_KEY must be set outside the embedded mode")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The portal's one canonical address (ocop_portal/site.py): the QR on certificates, e-mails, open data,
# the sitemap. Production sets SITE_URL (a system check refuses DEBUG off without it); the embedded mode
# and DEBUG derive it from HOST/PORT, which `make run` passes to runserver.
SITE_URL = configured_site_url(
    env.str("SITE_URL", default=""),
    development=EMBEDDED or DEBUG,
    host=env.str("HOST", default=""),
    port=env.str("PORT", default=""),
    argv=sys.argv,
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for the project-wide FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "producers",
    "products",
    "dossiers",
    "evaluation",
    "certificates",
    "plans",
    "tradefairs",
    "notifications",
    "ocop_portal",  # the portal-wide commands (backup, restore, sweep_upload_temp) and tasks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ocop_portal.frontserver.AccelRedirectMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop_portal.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.throttle.LoginAddressThrottleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "ocop_portal.middleware.FriendlyNotFoundMiddleware",
]

ROOT_URLCONF = "ocop_portal.urls"
WSGI_APPLICATION = "ocop_portal.wsgi.application"
ASGI_APPLICATION = "ocop_portal.asgi.application"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.portal",
                "accounts.context_processors.contact",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------
if EMBEDDED:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
else:
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# --- Cache and Celery -----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Short timeouts, a pause after an error, local throttle counters: ocop_portal/rediscache.py.
            "BACKEND": "ocop_portal.rediscache.FailFastRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ocop"),
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.1),
                "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.2),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# The result backend (worker side; web dispatches ask for no result, ocop_portal/queue.py) fails fast too.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_BEAT_SCHEDULE: dict = {
    # Nightly housekeeping, Vietnam time. Tasks are thin and idempotent.
    "expire-certificates": {
        "task": "certificates.tasks.expire_certificates",
        "schedule": crontab(hour=0, minute=15),
    },
    # Reminders (docs/reminders.md): housekeeping + every reminder due today, exactly once.
    "daily-reminders": {
        "task": "notifications.tasks.run_daily_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Upload temporary files left by a worker killed mid-upload (python manage.py sweep_upload_temp).
    "sweep-upload-temp": {
        "task": "ocop_portal.tasks.sweep_upload_temp",
        "schedule": crontab(hour=0, minute=45),
    },
    # PDF jobs whose dispatch failed while the broker was down are sent again.
    "requeue-pdf-jobs": {
        "task": "certificates.tasks.requeue_stale_pdf_jobs",
        "schedule": crontab(minute="*/5"),
    },
    "requeue-import-jobs": {
        "task": "products.tasks.requeue_stale_import_jobs",
        "schedule": crontab(minute="*/5"),
    },
}

# --- Auth -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in throttling (accounts/throttle.py): the guessed account is locked after AXES_FAILURE_LIMIT wrong
# passwords; the client address is throttled apart, more loosely (OCOP_LOGIN_ADDRESS_FAILURE_LIMIT per window).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "ocop_portal.clientaddr.client_ip_or_none"
# axes.W006 asks for ip_address in the lockout parameters: the address has its own, looser throttle here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
OCOP_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("OCOP_LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
OCOP_LOGIN_ADDRESS_WINDOW = 15 * 60  # seconds
# Trusted reverse proxies in front of the portal (nginx: 1). The client address is the X-Forwarded-For entry
# the outermost of them added (ocop_portal/clientaddr.py); 0 = reached directly, the header is ignored.
OCOP_PROXY_HOPS = env.int("OCOP_PROXY_HOPS", default=0)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- I18N -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["ocop_portal.formats"]

# --- Static and media -----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: uploads go through access-checked views
# WhiteNoise serves the static files without DEBUG; in the embedded mode and with DEBUG straight from
# static/ and the apps (no collectstatic needed for `make run`), in production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = EMBEDDED or DEBUG
WHITENOISE_AUTOREFRESH = EMBEDDED or DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not (DEBUG or EMBEDDED))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if EMBEDDED
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OCOP Quảng Nam <ocop@localhost>")

# --- Forms and tables -----------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Widgets render through the project's templates, so templates/django/forms/ can speak Vietnamese
# (the empty choice of a select: "— Chọn —" instead of Django's "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# An empty filter choice means "every row": "Tất cả", never Django's "---------" (ocop_portal/filtering.py).
FILTERS_EMPTY_CHOICE_LABEL = _("All")
# the responsive variant wraps every table in .table-responsive: a staff list scrolls inside itself on a phone
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

# --- Portal settings ------------------------------------------------------------
OCOP_PROVINCE_CODE = env.str("OCOP_PROVINCE_CODE", default="49")  # Quảng Nam
OCOP_PROVINCE_NAME = env.str("OCOP_PROVINCE_NAME", default="Quảng Nam")
OCOP_CERTIFICATE_VALIDITY_MONTHS = 36
OCOP_EVALUATION_QUORUM = env.int("OCOP_EVALUATION_QUORUM", default=3)
OCOP_UPLOAD_MAX_FILE_MB = env.int("OCOP_UPLOAD_MAX_FILE_MB", default=50)
OCOP_UPLOAD_MAX_DOSSIER_MB = env.int("OCOP_UPLOAD_MAX_DOSSIER_MB", default=600)
# Backups (python manage.py backup / restore): where the archives go and how many are kept.
OCOP_BACKUP_DIR = Path(env.str("OCOP_BACKUP_DIR", default=str(DATA_DIR / "backups")))
OCOP_BACKUP_KEEP = env.int("OCOP_BACKUP_KEEP", default=14)
OCOP_PAGE_SIZE = 25
# Worker processes rendering a certificate batch (0: one per core).
OCOP_PDF_WORKERS = env.int("OCOP_PDF_WORKERS", default=0)
# Reminders before each dossier batch deadline (days); other lead times: notifications/conf.py.
OCOP_REMINDER_LEAD_DAYS = env.list("OCOP_REMINDER_LEAD_DAYS", cast=int, default=[30, 14, 7, 1])
# Streamed uploads: anything over 2.5 MB goes to a temporary file, never memory. The temporary
# files live under the data directory (same disk as the media: storing is a rename) and stale ones
# left by a killed worker are swept daily (ocop_portal.uploads.tempfiles, "sweep-upload-temp").
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default=str(DATA_DIR / "tmp" / "uploads"))
try:
    Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
except OSError:  # read-only checkout: the upload handler creates it when first needed
    pass
# First handler: no file over OCOP_UPLOAD_MAX_FILE_MB is stored, whatever the form.
FILE_UPLOAD_HANDLERS = [
    "ocop_portal.uploads.streaming.PortalLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- The portal's owner and contacts (footer, open-data page, robots.txt) ------------------------------
# As on every .gov.vn portal: the agency in charge (cơ quan chủ quản), the standing agency that runs the
# portal, its address, hotline and e-mail. Each is set from the environment in production.
# Owner and operator default to the unit the portal serves today and its standing agency (accounts/branding.py)
OCOP_PORTAL_OWNER = env.str("OCOP_PORTAL_OWNER", default="")
OCOP_PORTAL_OPERATOR = env.str("OCOP_PORTAL_OPERATOR", default="")
# the city's departments sit in its administrative centre; set the agency's own address in production
OCOP_PORTAL_ADDRESS = env.str(
    "OCOP_PORTAL_ADDRESS", default="Trung tâm Hành chính thành phố Đà Nẵng, 24 Trần Phú, phường Hải Châu"
)
OCOP_PORTAL_HOTLINE = env.str("OCOP_PORTAL_HOTLINE", default="")  # no made-up number: set it in production
OCOP_PORTAL_EMAIL = env.str("OCOP_PORTAL_EMAIL", default="ocop@example.gov.vn")
OCOP_PORTAL_RESPONSIBLE = env.str("OCOP_PORTAL_RESPONSIBLE", default="")  # người chịu trách nhiệm, if named
# Open data (the open-data page): the licence every dataset is published under.
OCOP_OPEN_DATA_LICENCE = env.str("OCOP_OPEN_DATA_LICENCE", default="CC BY 4.0")
OCOP_OPEN_DATA_LICENCE_URL = env.str(
    "OCOP_OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/deed.vi"
)
# robots.txt: the staff areas crawlers are asked to keep out of (the public pages and open data stay open).
OCOP_ROBOTS_DISALLOW = env.list(
    "OCOP_ROBOTS_DISALLOW",
    default=[
        "/admin/",
        "/accounts/",
        "/dashboard/",
        "/i18n/",
        "/producers/",
        "/products/",
        "/dossiers/",
        "/evaluation/",
        "/plans/",
        "/notifications/",
        "/fairs/manage/",
        "/fairs/new/",
        "/sales-points/manage/",
        "/sales-points/new/",
        "/healthz",
    ],
)

# --- Front server (deploy/nginx, ocop_portal/frontserver.py) -----------------------
# "nginx": access-checked downloads are handed to nginx with X-Accel-Redirect instead of streaming
# through a worker. Empty (make run, the embedded mode): Django streams them itself.
OCOP_FRONT_SERVER = env.str("OCOP_FRONT_SERVER", default="")
# The plain-http trial mode of the production stack (no certificate yet): no https redirect, no HSTS,
# cookies not marked Secure. Never for real data.
OCOP_PLAIN_HTTP = env.bool("OCOP_PLAIN_HTTP", default=False)

# --- Security (production) ------------------------------------------------------
if not (DEBUG or EMBEDDED):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not OCOP_PLAIN_HTTP)
    SESSION_COOKIE_SECURE = not OCOP_PLAIN_HTTP
    CSRF_COOKIE_SECURE = not OCOP_PLAIN_HTTP
    SECURE_HSTS_SECONDS = 0 if OCOP_PLAIN_HTTP else env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # views that embed (dossier previews) use @xframe_options_sameorigin
# Content-Security-Policy (django-csp): every asset is vendored under static/, so scripts come from the
# portal only — no inline <script>, no on*= handlers (static/js/), no eval. Styles allow inline attributes
# (progress bars, chart boxes, htmx's indicator style). JSON data blocks (json_script) are not scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
