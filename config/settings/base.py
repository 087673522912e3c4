"""Settings shared by every environment. Values come from the environment (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_required(name: str) -> str:
    """A production secret has no default: start-up fails naming the variable."""
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in (env("DJANGO_ALLOWED_HOSTS", "") or "").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "communities",
    "partners",
    "funds",
    "needs",
    "recognition",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses residents' pages only (BREACH: see the module); first, so it sees the finished body.
    "communities.compression.PublicGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "communities.context_processors.ui",
            ],
        },
    },
]

# SQLite is the zero-configuration default (the file HEHUO_SQLITE_PATH, by default db.sqlite3 beside manage.py);
# DATABASE_URL selects PostgreSQL.
SQLITE_PATH = Path(env("HEHUO_SQLITE_PATH") or BASE_DIR / "db.sqlite3")
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60") or 60),
    )
}
# SQLite for a community office: several staff saving at once, the task worker, and the database cache that
# rate limits write to. WAL lets readers and the one writer go on together (synchronous=NORMAL is safe with
# WAL); IMMEDIATE takes the write lock when a transaction begins, so writers queue for up to `timeout` seconds
# instead of failing at once with "database is locked" when a read would turn into a write. Measured by
# tests/communities/test_sqlite_concurrency.py: 5 to 7 of 10 simultaneous saves failed without these, none with.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# One cache shared by every app process: the public page cache, the ledger figures and the rate limits
# (allauth's and ours) live here.
def cache_settings(redis_url: str | None, key_prefix: str = "") -> dict:
    """Redis when REDIS_URL is set (several app servers, thousands of communities); otherwise the database.

    The database cache keeps MAX_ENTRIES rows and, when full, deletes the expired ones and then one in
    CULL_FREQUENCY. Django's default (300 entries) collapses with many communities: cycling through the levy
    ledgers of 1,000 communities served 82 requests/s against 1,516 for 50 (issue 16). Every write also counts
    the whole table (about 13 ms at 100,000 rows), so past a few thousand communities use Redis."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": key_prefix,
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hehuo_cache",
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
        }
    }


CACHES = cache_settings(env("REDIS_URL"), env("DJANGO_CACHE_KEY_PREFIX", "") or "")
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- allauth -------------------------------------------------------------------
ACCOUNT_ADAPTER = "communities.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "幸福合伙人"
# Behind a TLS-terminating proxy, the client address comes from this header only.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("DJANGO_TRUSTED_CLIENT_IP_HEADER") or None
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "0") or 0)

# Community admins and treasurers must have TOTP before they reach their pages.
HEHUO_REQUIRE_MFA = env_bool("HEHUO_REQUIRE_MFA", True)
# A resident's private link to their question ends this many days after its answer; `manage.py daily` then
# erases the contact they left (funds/retention.py).
HEHUO_INQUIRY_LINK_DAYS = 90
# A resident's name and contact left with a need are erased this many days after the need is done or declined
# (needs/services/retention.py, by `manage.py daily`).
HEHUO_NEED_CONTACT_DAYS = int(env("HEHUO_NEED_CONTACT_DAYS", "90"))

# --- i18n ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and media ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
# Files residents must not read (minutes photos, later evidence): outside MEDIA_ROOT, served only by the
# role-checked view communities:private_file (communities/uploads.py).
PRIVATE_ROOT = Path(env("DJANGO_PRIVATE_ROOT") or BASE_DIR / "var" / "private")
PRIVATE_STORAGE = {
    "BACKEND": "communities.uploads.PrivateFileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_ROOT)},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Whether the app serves MEDIA_ROOT itself outside DEBUG (production without S3: communities/media.py).
HEHUO_SERVE_MEDIA = False
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- background work -------------------------------------------------------------
# A real queue in the database with its own worker process (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own static files (no inline script, no eval),
# so that text a resident or an office typed can never run as script, on the public pages least of all.
# Inline styles stay allowed (progress bars set their width, print pages carry their own sheet). Images may
# come from the media store (CSP_MEDIA_ORIGINS, set in production when uploads live in S3) and data: URLs
# (the two-factor QR code). The Django admin (platform admins only) is left out: django-import-export's export
# page binds its "select all" box with an inline onchange handler.
CSP_MEDIA_ORIGINS: list[str] = []


def content_security_policy(media_origins: list[str]) -> dict:
    from csp.constants import NONE, SELF, UNSAFE_INLINE

    return {
        "EXCLUDE_URL_PREFIXES": ["/admin/"],
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", *media_origins],
            "connect-src": [SELF],
            "font-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        },
    }


CONTENT_SECURITY_POLICY = content_security_policy(CSP_MEDIA_ORIGINS)
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}


# Our own public forms share allauth's limiter, its cache and its client-address logic.
ACCOUNT_RATE_LIMITS = {
    "access_code": "10/m/ip,40/h/ip",
    "invitation": "20/m/ip",
    "inquiry": "3/m/ip,20/h/ip",
    "application": "3/m/ip,20/h/ip",
    "volunteer_signup": "10/m/ip,60/h/ip",
    "record_check": "30/m/ip,300/h/ip",
    "need_submit": "3/m/ip,20/h/ip",
    "metoo": "10/m/ip,60/h/ip",
    "ballot": "10/m/ip,60/h/ip",
}

# Days between announcing a decision under rules 2 and 3 on the board and the end of its voting window
# (物业管理条例 Art. 14: owners are notified 15 days before an owners' meeting).
HEHUO_DECISION_NOTICE_DAYS = int(env("HEHUO_DECISION_NOTICE_DAYS", "15"))
