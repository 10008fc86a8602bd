"""Django settings, by environment. Secrets come from the environment, never the repository.

Environment:

- ``DJANGO_SECRET_KEY``: the secret key; when absent (local use) one is generated once and
  kept in ``<data dir>/secret_key`` (mode 600).
- ``CPMONITOR_DEBUG=1``: debug pages (never in production). Off otherwise.
- ``DATABASE_URL``: e.g. ``postgres://user:pass@host:5432/cpmonitor``; default SQLite in the
  data directory (:func:`cpmonitor.datadir.data_dir`).
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names (default: localhost only).
- ``CPMONITOR_HTTPS=1``: behind HTTPS: secure cookies, HSTS, redirect to HTTPS.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from cpmonitor.datadir import data_dir, private_dir, private_file, private_umask

BASE_DIR = Path(__file__).resolve().parent
# Children's personal data on disk is the service user's only: every file this process
# creates is 0600 and every folder 0700 (docs/web.md, "Security").
private_umask()
DATA_DIR = data_dir()


def _number(name: str, default: float) -> float:
    """A positive number from the environment variable ``name``, else ``default``."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not value > 0:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a positive number, not {text[:20]!r}")
    return value


def _secret_key() -> str:
    """The secret key from the environment, else generated once into the data directory."""
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CPMONITOR_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "cpmonitor.web.accounts",
    "cpmonitor.web.store",
    "cpmonitor.web.dashboard",
    "cpmonitor.web.uploads",
    "cpmonitor.web.conferences",
    "cpmonitor.web.audits",
    "cpmonitor.web.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cpmonitor.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cpmonitor.web.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cpmonitor.web.accounts.middleware.AccessMiddleware",
]

ROOT_URLCONF = "cpmonitor.web.urls"
WSGI_APPLICATION = "cpmonitor.web.wsgi.application"

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
                "cpmonitor.web.permissions.navigation",
                "cpmonitor.web.store.context.synthetic_data",
            ],
            # codes in words and GOV.UK dates on every page (cpmonitor.web.words)
            "builtins": ["cpmonitor.web.words"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'cpmonitor.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while an upload imports in the background; IMMEDIATE avoids
    # "database is locked" upgrades from read to write transactions. Connections are kept
    # (as for PostgreSQL): opening one per request cost about a tenth of a page's time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # Tests use a file too (not shared-cache memory), so background threads lock as in use.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-cpmonitor.sqlite3")}
    # a database made before files were private: made so now (and its journal files)
    for _suffix in ("", "-wal", "-shm", "-journal"):
        private_file(f"{DATABASES['default']['NAME']}{_suffix}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: Argon2id first (OWASP's first choice); the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["cpmonitor.web.accounts.backends.LockoutBackend"]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"

#: Sign-in lockout: this many failures for one user name within the window locks it for the
#: window (or until an administrator unlocks it). NCSC advises throttling, not permanent locks.
CPMONITOR_LOCKOUT_FAILURES = int(os.environ.get("CPMONITOR_LOCKOUT_FAILURES", "5"))
CPMONITOR_LOCKOUT_MINUTES = int(os.environ.get("CPMONITOR_LOCKOUT_MINUTES", "15"))
# The council's local standard for statutory visits to children on a plan, in working days
# (DfE sets none; 10 is a common local standard: cpmonitor.measures.visits).
CPMONITOR_VISIT_STANDARD_DAYS = int(os.environ.get("CPMONITOR_VISIT_STANDARD_DAYS", "10"))

# Sessions end after 30 minutes without a request (give or take the minute between two moves
# of the expiry: accounts.middleware.IdleTimeoutMiddleware), and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("CPMONITOR_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Notices live in the session, which sign-out clears: a cookie would carry one user's notice to
# the next person who signs in on the same browser.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cpmonitor.web.errors.csrf_failure"

# Security headers. CSP is set by cpmonitor.web.security (Django 5.2 has no built-in CSP).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HTTPS = os.environ.get("CPMONITOR_HTTPS") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
if HTTPS and os.environ.get("CPMONITOR_BEHIND_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CPMONITOR_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# E-mail (conference authorisation notices; they carry no child's details): printed to the
# console unless CPMONITOR_EMAIL_BACKEND names another, e.g. the SMTP backend below.
EMAIL_BACKEND = os.environ.get(
    "CPMONITOR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("CPMONITOR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CPMONITOR_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CPMONITOR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CPMONITOR_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CPMONITOR_EMAIL_TLS") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("CPMONITOR_EMAIL_FROM", "cpmonitor <noreply@localhost>")

OTP_TOTP_ISSUER = "cpmonitor"
# Administrators may remove a user's authenticator, never see its secret (QR code, key).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Background work (checking and importing uploads): django-tasks with its database backend, so
# a job waits in the database until a worker (``python -m cpmonitor.web db_worker``, started
# by ``cpmonitor serve``) takes it, and survives a restart of the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CPMONITOR_JOB_LOCK_DIR = private_dir(DATA_DIR / "job-locks")

# Figures and charts computed once per data version and shared by every worker process
# (cpmonitor.web.shared_cache): a file-based cache needs no extra service.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(private_dir(os.environ.get("CPMONITOR_CACHE_DIR") or DATA_DIR / "cache")),
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# Uploads: large returns go to a temporary file, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
#: The size limit is enforced as the upload streams in, before any file is stored
#: (``uploads.limits``); then Django's own handlers, memory for small files, temporary files.
FILE_UPLOAD_HANDLERS = [
    "cpmonitor.web.uploads.limits.SizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
CPMONITOR_UPLOAD_DIR = private_dir(DATA_DIR / "uploads")
FILE_UPLOAD_PERMISSIONS = 0o600  # (the temporary files of large uploads, too)
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
#: The largest upload accepted, in MB (each file and one upload's files together); a larger one
#: is refused as it streams in (uploads.limits), naming it.
CPMONITOR_UPLOAD_MAX_MB = _number("CPMONITOR_UPLOAD_MAX_MB", 500)
#: Uploaded files and their check reports are deleted this many hours after the upload,
#: whether confirmed or not (``purge_uploads``; run at each upload and when serving).
CPMONITOR_UPLOAD_RETENTION_HOURS = _number("CPMONITOR_UPLOAD_RETENTION_HOURS", 24)
#: Reports made on the web wait here for the user who asked (deleted after the same retention).
CPMONITOR_REPORT_DIR = private_dir(DATA_DIR / "reports")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served by the app itself (whitenoise); finders mean no collectstatic step for local use.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Logs carry no personal data: no request bodies, no child IDs (paths are replaced by the
# URL pattern), exception messages withheld (types and frames kept). No e-mail of errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "cpmonitor.web.security.NoPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "cpmonitor": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
