"""Settings for CCHC Tracker, read from the environment with development defaults.

Every variable is listed in README.md and .env.example. With DJANGO_DEBUG off a
missing DJANGO_SECRET_KEY stops start-up rather than running with a known key.
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number from the environment (unset or empty: the default).

    Anything else stops start-up naming the variable and its value, rather than a bare
    `ValueError: invalid literal for int()` from deep inside Django's start-up."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {text!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - never used with DEBUG off

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tables2",
    "simple_history",
    "csp",
    # Lower apps first; none imports an app listed after it (tests/test_layers.py).
    "units",
    "accounts",
    "notifications",
    "indexes",
    "assessments",
    "commitments",
    "plans",
    "exchange",
    "dashboards",
    "api",
    "reminders",
    "demo",
]

# Form widgets render with the project's template engine, so that templates/ can hold the
# project's own widgets (indexes/widgets/labelled_inputs.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc_tracker.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /api/ only: logs every call and answers CORS (after the language is chosen).
    "api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "cchc_tracker.urls"
WSGI_APPLICATION = "cchc_tracker.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first, English second; numbers and dates follow the active language.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cchc_tracker.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "cchc_tracker.staticfinders.PackageFileFinder",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Evidence files and scanned commitments; the limit is per file.
UPLOAD_MAX_MB = env_int("CCHC_UPLOAD_MAX_MB", 20, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The self-assessment form posts six fields and one file input (sent even when empty) per
# leaf, and a set has up to ~200 leaves; Django's defaults (1,000 fields, 100 files) would
# refuse a full form with a 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 500
# Spreadsheet imports (exchange/workbook.py): the upload, its unzipped size (a small zip can
# inflate to gigabytes) and the rows of one sheet.
EXCHANGE_MAX_UPLOAD_MB = env_int("CCHC_EXCHANGE_MAX_UPLOAD_MB", 5, minimum=1)
EXCHANGE_MAX_UNPACKED_MB = env_int("CCHC_EXCHANGE_MAX_UNPACKED_MB", 60, minimum=1)
EXCHANGE_MAX_ROWS = env_int("CCHC_EXCHANGE_MAX_ROWS", 5000, minimum=1)

# What an official sees of the city dashboard besides their own unit's scorecard:
# "none", "ranking" (the ranking only, no other unit's details) or "full".
# The local government that runs the index, written above its units on printed documents
# (Decree 30/2020: "ỦY BAN NHÂN DÂN THÀNH PHỐ CAO LÃNH" over "ỦY BAN NHÂN DÂN PHƯỜNG 1").
CCHC_GOVERNMENT_NAME = os.environ.get("CCHC_GOVERNMENT_NAME", "Thành phố Cao Lãnh").strip()
CCHC_OFFICIAL_DASHBOARD = os.environ.get("CCHC_OFFICIAL_DASHBOARD", "ranking").strip().lower()
if CCHC_OFFICIAL_DASHBOARD not in {"none", "ranking", "full"}:
    raise ImproperlyConfigured('CCHC_OFFICIAL_DASHBOARD must be "none", "ranking" or "full".')
# Dashboards cache their sums under data versions that database triggers renew at every
# write (dashboards/versions.py). This is how many seconds a process may reuse the versions
# it read (one small query) before reading them again; 0 = every request, so a saved
# change shows at once.
CCHC_DASHBOARD_FRESHNESS_SECONDS = env_int("CCHC_DASHBOARD_FRESHNESS_SECONDS", 0, minimum=0)
# A server process computes and renders every year's dashboard as it starts
# (dashboards/warmup.py).
CCHC_WARM_UP = env_bool("CCHC_WARM_UP", True)
# What wsgi.py runs once the apps are loaded, before the process serves (named here, as
# the middleware are, so that the project package imports no app).
SERVER_START_HOOKS = ["dashboards.warmup.warm_up"]

# Sessions live in the database. With REDIS_URL (production: several gunicorn workers)
# they are read from Redis and written to both: every signed-in page saves a database
# query, and a Redis restart logs nobody out. Never a per-process cache for sessions: a
# logout in one worker would not reach the others.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# The dashboards' results and rendered pages are shared by every worker and server, so
# that one pays for a change and the others read (dashboards/cache.py): in Redis with
# REDIS_URL, else in a table of the database (made by `migrate`).
SHARED_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "dashboards_shared_cache",
    "TIMEOUT": 15 * 60,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": SHARED_CACHE,
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cchc",
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cchc-shared",
            "TIMEOUT": 15 * 60,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Content Security Policy (django-csp; README "Content Security Policy") -------------
# Enforced in every environment, never report-only: scripts, stylesheets, images and
# requests come from the app itself, no inline script at all and no 'unsafe-inline' or
# 'unsafe-eval', no page may be framed, forms post only here. Browsers post what it
# refuses to the report view, which logs it (logger "cchc_tracker.csp").


def inline_style_hash(text: str) -> str:
    """The CSP source allowing exactly this inline style text and no other."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# The only inline styles allowed, each by the hash of its exact text (plotly.js offers no
# nonce and no stylesheet of its own; the charts must draw with no violation):
# - "" : plotly.js creates an empty <style id="plotly.js-style-global"> and fills it
#   through the CSSOM (which CSP does not govern); its colour bars set style="" first.
# - the maplibre-gl stylesheet plotly.js inserts as it loads (for its map traces, unused
#   here); tests/test_content_security_policy.py checks it against the installed bundle.
# - "border-top: 0" : django-simple-history's history pages (<p class="paginator">).
CSP_EMPTY_STYLE = inline_style_hash("")
CSP_PLOTLY_MAPLIBRE_STYLE = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],  # what browsers without the two below apply to both
        "style-src-elem": [SELF, CSP_EMPTY_STYLE, CSP_PLOTLY_MAPLIBRE_STYLE],
        "style-src-attr": [UNSAFE_HASHES, CSP_EMPTY_STYLE, inline_style_hash("border-top: 0")],
        # data: for the pictures plotly draws a heatmap into (canvas.toDataURL).
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": [reverse_lazy("csp-report")],
    }
}
X_FRAME_OPTIONS = "DENY"  # Django's default, said here too: the same as frame-ancestors

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The time on every line: a failed sign-in is logged with its time, user name and address.
    "formatters": {"timed": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "timed"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Sign-in: login throttling (django-axes), the optional second factor (django-otp) --------
# Appended here, in one block, rather than woven into the lists above.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE += [
    # After AuthenticationMiddleware: request.user learns whether a second factor was given.
    "django_otp.middleware.OTPMiddleware",
    "accounts.second_factor.SecondFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Axes' backend first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's own, loading the count of unread notifications with the user (the bell).
    "notifications.auth.BellModelBackend",
]
AXES_FAILURE_LIMIT = 5
# One user name from one address: a colleague on the same office network (one NAT address)
# is not locked out by someone else's typing, and typing elsewhere does not lock the user
# out at their own desk.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CCHC_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The log and the admin show the user name and the address of each failure (the password
# is always masked); axes hides both by default.
AXES_SENSITIVE_PARAMETERS: list[str] = []
# Behind the HTTPS proxy the client's address is the right-most X-Forwarded-For entry, the
# one the proxy added; elsewhere the header is the client's own word and is ignored.
BEHIND_HTTPS_PROXY = env_bool("DJANGO_BEHIND_HTTPS_PROXY", False)
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_HTTPS_PROXY else ("REMOTE_ADDR",)
)
# Administrators, leaders and staff accounts give a code from an authenticator app after
# their password (accounts/second_factor.py); off unless switched on.
CCHC_OTP_REQUIRED = env_bool("CCHC_OTP_REQUIRED", False)
OTP_TOTP_ISSUER = "CCHC Tracker"

# --- HTTPS behind a proxy: `manage.py check --deploy` is clean with the README's settings ---
if BEHIND_HTTPS_PROXY:
    # Only a proxy that overwrites this header may be trusted with it (README, nginx block).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", BEHIND_HTTPS_PROXY)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)

# --- The token API (/api/v1/, api/) ---
# Calls a client may make per minute before a 429; counted in Redis when REDIS_URL is set
# (every worker sees the same count), else in this process's memory.
CCHC_API_RATE_PER_MINUTE = env_int("CCHC_API_RATE_PER_MINUTE", 120, minimum=1)
CCHC_API_CACHE = "sessions" if REDIS_URL else "default"

# E-mail of the notifications (notifications/, README "Notifications and reminders"): an
# SMTP server from the environment; without EMAIL_HOST in development, mail is printed on
# the console instead of sent.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CCHC Tracker <cchc@localhost>")
# The address of the site, for the links in e-mails (they are read outside the site).
CCHC_SITE_URL = os.environ.get("CCHC_SITE_URL", "http://127.0.0.1:8000")
# The weekday (0 = Monday) from which `send_reminders` sends the leaders' weekly digest.
CCHC_DIGEST_WEEKDAY = env_int("CCHC_DIGEST_WEEKDAY", 0, minimum=0)
if CCHC_DIGEST_WEEKDAY > 6:
    raise ImproperlyConfigured("CCHC_DIGEST_WEEKDAY must be 0 (Monday) to 6 (Sunday).")
