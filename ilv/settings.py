"""Settings of the ILV regie platform, read from the environment (see README.md).

One settings file for every environment: development (``DEBUG=true``), the test suite and
production differ only by environment variables.
"""

import datetime
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ilv.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# pytest imports these settings itself; the suite gets a throw-away key and fast hashing.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", False)

_INSECURE_KEY = "django-insecure-only-for-development-and-tests"
SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _INSECURE_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# django-axes first (it refuses a locked-out login before the password is checked), then Django's
# ModelBackend, plus: a login linked to a person reads what that person's seats in the bodies
# allow.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "actors.access.MembershipBackend"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    "simple_history",
    "post_office",
    "axes",
    "ilv",
    "actors",
    "contingents",
    "meetings",
    "events",
    "catalogue",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a login unless it is marked @login_not_required: public pages are the
    # exception that has to be declared, not the other way round.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ilv.urls"
WSGI_APPLICATION = "ilv.wsgi.application"

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
                "reports.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database server that does not answer fails a request (and the health check) in seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Belgian Dutch: dd/mm/jjjj and a decimal comma (ilv/formats/nl_BE). The thousands separator is
# added by our own formatting tags only where a number is a quantity, never to years or codes.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands"))]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["ilv.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
# Where collectstatic writes and WhiteNoise serves from (each app server has its own copy).
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Where `manage.py backup` writes its backups (ilv/backups.py): keep it out of MEDIA_ROOT.
BACKUP_DIR = Path(env_str("BACKUP_DIR") or BASE_DIR / "backups")
# Folders of MEDIA_ROOT a backup leaves out because the app makes their files again: the cache of
# rendered report PDFs (reports/pdf.py, CACHE_DIR).
BACKUP_SKIP = ["rapporten/cache"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest needs collectstatic, which belongs to the production recipe only.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Behind HTTPS in production; plain HTTP on 127.0.0.1 during development and tests. With HTTPS on,
# `manage.py check --deploy` passes without a warning: secure cookies, HTTP redirected to HTTPS
# (the health check excepted, which load balancers ask over plain HTTP) and HSTS.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
# A session ends after eight hours, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Content-Security-Policy (django-csp 4): scripts, styles, images and fonts from this site only,
# no inline script or style, no framing, forms posted to this site only. Charts are SVG drawn on
# the server (data: for the small SVG icons of the admin).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is refused for AXES_COOLOFF_TIME, with a Dutch page (status 429), even
# with the right password. Attempts are kept in the database, so every app server sees them; the
# address is the one the rate limit uses (TRUSTED_PROXIES).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ilv.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "ilv.ratelimit.client_address"
AXES_VERBOSE = False
# No log of every successful login (address, browser) kept without end: the attempts that count
# towards a lock are enough, and they go with the lock.
AXES_DISABLE_ACCESS_LOG = True

# How many reverse proxies (nginx, a load balancer) stand before gunicorn and append the visitor's
# address to X-Forwarded-For; 0 when gunicorn is reached directly.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
# Behind our own HTTPS proxy the request reaches gunicorn as plain HTTP: the proxy's
# X-Forwarded-Proto (which it must set, never pass on) says it came in over HTTPS, so that links
# built from the request, the personal links in mails among them, start with https://.
if TRUSTED_PROXIES and HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A cache shared by all app processes when REDIS_URL is set (production): the rate limit of the
# public forms counts with its atomic INCR, and a rendered report PDF is found by every process.
# Without it (development, tests) each process has its own memory cache.
_REDIS_URL = env_str("REDIS_URL")
if _REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ilv"),
            # A Redis that stops answering fails a request (and the health check) in seconds.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# The address people reach the site at, for links in e-mails (personal registration links). Empty:
# the address of the request that causes the mail (the site as it is actually served), and
# http://127.0.0.1:8000 for mail sent by a scheduled job.
SITE_URL = env_str("SITE_URL", "")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "regie.sociale.economie@example.invalid")

# Every mail goes through django-post-office's outbox, so none is lost when the mail server is
# down and the regisseur sees each one in the admin. EMAIL_BACKEND (environment) delivers. With
# MAIL_QUEUE on (the default outside development) mail waits in the queue for
# `manage.py send_queued_mail`, run every minute by a timer, which retries failed mail; off, it is
# delivered at once (to the console with `make run`).
EMAIL_BACKEND = "post_office.EmailBackend"
# Development prints mail on the console; production sends it to EMAIL_HOST.
_DEFAULT_EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
MAIL_QUEUE = env_bool("MAIL_QUEUE", not (DEBUG or TESTING))
POST_OFFICE = {
    "BACKENDS": {
        "default": (
            "django.core.mail.backends.locmem.EmailBackend"
            if TESTING
            else env_str("EMAIL_BACKEND", _DEFAULT_EMAIL_BACKEND)
        )
    },
    "DEFAULT_PRIORITY": "medium" if MAIL_QUEUE else "now",
    "MAX_RETRIES": env_int("MAIL_MAX_RETRIES", 6),
    "RETRY_INTERVAL": datetime.timedelta(minutes=env_int("MAIL_RETRY_MINUTES", 10)),
    "LOG_LEVEL": 2,
    "MESSAGE_ID_ENABLED": True,
    "CELERY_ENABLED": False,
}

# django-import-export: a file imports completely or not at all, and only a user with the
# model's "import" permission (the regisseur group) sees the import button.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Formulas are escaped by our own CSV and XLSX formats (ilv/importing.py), more thoroughly.
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
# The largest file an import takes; a larger one is refused in Dutch on the import page. At
# Flanders scale 10,000 figures take about 3 s to preview and 3 s to confirm (bench/import.py),
# so 20,000 rows stay far from gunicorn's timeout (90 s in deploy/); 5 MB holds 20,000 rows of
# any of our files (10,000 figures are 0.6 MB of CSV).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Where an uploaded file waits between the preview and the confirm step (its own directory, so
# that the files of abandoned previews are found and removed).
IMPORT_TMP_DIR = Path(env_str("IMPORT_TMP_DIR", str(Path(tempfile.gettempdir()) / "ilv-import")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint tells every step of every PDF at INFO; its warnings still come through.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# With DEBUG off the site refuses to start in a state that silently loses what production needs,
# unless a setting says that this is wanted (a bench, a single test process):
# - mail printed on the console (registrants get nothing; their data and links land in the log);
# - a cache in each process's memory (the rate limit counts per process, and every process renders
#   its own PDFs): REDIS_URL shares one.
if not (DEBUG or TESTING):
    _LOCAL_BACKENDS = ("console", "locmem", "dummy", "filebased")
    _backend = POST_OFFICE["BACKENDS"]["default"]
    if any(f".{name}." in _backend for name in _LOCAL_BACKENDS) and not env_bool(
        "ALLOW_LOCAL_MAIL", False
    ):
        raise ImproperlyConfigured(
            "EMAIL_BACKEND does not send mail while DEBUG is off; set EMAIL_HOST (and "
            "EMAIL_BACKEND to the SMTP backend), or ALLOW_LOCAL_MAIL=true if this is wanted."
        )
    if not _REDIS_URL and not env_bool("ALLOW_LOCAL_CACHE", False):
        raise ImproperlyConfigured(
            "REDIS_URL must be set while DEBUG is off (the rate limit and the rendered PDFs are "
            "shared through it); set ALLOW_LOCAL_CACHE=true to run with one process's memory "
            "cache on purpose."
        )
