"""Settings for Shequ. Everything that differs between machines comes from SHEQU_* variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# SHEQU_DEBUG: development mode (detailed error pages, demo accounts allowed). Off unless set.
DEBUG = env_bool("SHEQU_DEBUG", False)

# SHEQU_SECRET_KEY: signs sessions and tokens. Required when SHEQU_DEBUG is off.
SECRET_KEY = env_str("SHEQU_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SHEQU_SECRET_KEY must be set when SHEQU_DEBUG is off.")
    SECRET_KEY = "shequ-development-only-key-do-not-use-in-production"

# SHEQU_ALLOWED_HOSTS: comma-separated host names this server answers to.
ALLOWED_HOSTS = env_list("SHEQU_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# SHEQU_CSRF_TRUSTED_ORIGINS: comma-separated origins (https://…) allowed to post forms via a proxy.
CSRF_TRUSTED_ORIGINS = env_list("SHEQU_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "shequ.core",
    "shequ.regions",
    "shequ.accounts",
    "shequ.residents",
    "shequ.notifications",
    "shequ.services",
    "shequ.bookings",
    "shequ.feedback",
    "shequ.web",
    "shequ.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads input; after locale and user, so the 400 page speaks the user's language.
    "shequ.core.middleware.InvalidCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "shequ.web.context_processors.display",
            ],
        },
    },
]

# SHEQU_DATABASE_URL: where the data lives, e.g. postgres://user@127.0.0.1:5432/shequ.
# Default: a SQLite file under var/ in WAL mode (the embedded profile).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("SHEQU_DATABASE_URL", f"sqlite:///{VAR_DIR / 'shequ.sqlite3'}"),
        conn_max_age=env_int("SHEQU_DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock when a
        # transaction starts, so concurrent writers queue instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so that threads in concurrency tests share it; one per process, so that
    # parallel runs on one machine never touch each other's.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SHEQU_CACHE_URL: redis://host:6379/0 in production; default is this process's memory.
_cache_url = env_str("SHEQU_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"SHEQU_CACHE_URL must be redis://… or empty, got {_cache_url!r}")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:after-login"
LOGOUT_REDIRECT_URL = "web:portal"

# SHEQU_SESSION_IDLE_MINUTES: a session ends after this long without a request (等保 session timeout).
SESSION_COOKIE_AGE = env_int("SHEQU_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
# SHEQU_SECURE_COOKIES: send cookies over HTTPS only (on behind TLS in production).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SHEQU_SECURE_COOKIES", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login-failure handling: SHEQU_LOGIN_FAILURE_LIMIT failures from one address for one account lock
# that pair for SHEQU_LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("SHEQU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SHEQU_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("ug", "ئۇيغۇرچە")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# In development whitenoise serves straight from the source folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shequ API",
    "DESCRIPTION": "社区服务平台 — community service platform of 吉木萨尔县 (652327).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: the docs page works with no internet.
    "SWAGGER_UI_DIST": STATIC_URL + "vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "vendor/swagger-ui/favicon-32x32.png",
    # One name for the application states wherever they appear in the schema.
    "ENUM_NAME_OVERRIDES": {"ApplicationStatusEnum": "shequ.services.workflow.Status"},
}

AUDITLOG_INCLUDE_ALL_MODELS = False

# SHEQU_DEMO_PASSWORD: password of the demo accounts that seed_demo creates.
DEMO_PASSWORD = env_str("SHEQU_DEMO_PASSWORD", "shequ-demo-2025")

# SHEQU_COUNT_OTHER_UNITS: count 兵团/industrial-park units (codes 400+) in indicators.
COUNT_OTHER_UNITS = env_bool("SHEQU_COUNT_OTHER_UNITS", False)

# SHEQU_GRID_HOUSEHOLDS_TOWN / _VILLAGE: typical households per grid, used to plan grids.
GRID_HOUSEHOLDS_TOWN = env_int("SHEQU_GRID_HOUSEHOLDS_TOWN", 400)
GRID_HOUSEHOLDS_VILLAGE = env_int("SHEQU_GRID_HOUSEHOLDS_VILLAGE", 300)

# SHEQU_IMPORT_MAX_ROWS: the largest resident spreadsheet one upload may carry. An import is
# validated and written within the request; 5,000 rows take about 10 s.
IMPORT_MAX_ROWS = env_int("SHEQU_IMPORT_MAX_ROWS", 5000)
# SHEQU_IMPORT_MAX_MB / SHEQU_IMPORT_MAX_CELL_CHARS: the largest spreadsheet file one upload may be,
# and the longest text one cell may hold (32,767 is Excel's own limit). Cells are measured while the
# file is streamed, before it is loaded, so a huge cell that compresses to a few KB costs no memory.
IMPORT_MAX_BYTES = env_int("SHEQU_IMPORT_MAX_MB", 5) * 1024 * 1024
IMPORT_MAX_CELL_CHARS = env_int("SHEQU_IMPORT_MAX_CELL_CHARS", 32767)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# SHEQU_NOTIFICATION_SENDERS: comma-separated dotted paths of the SMS/email senders (the inbox is
# always written). The defaults only log; shequ.notifications.senders.DjangoEmailSender mails.
NOTIFICATION_SENDERS = env_list(
    "SHEQU_NOTIFICATION_SENDERS",
    ["shequ.notifications.senders.LoggingSmsSender", "shequ.notifications.senders.LoggingEmailSender"],
)
# SHEQU_EMAIL_FROM: the sender address of outgoing mail.
DEFAULT_FROM_EMAIL = env_str("SHEQU_EMAIL_FROM", "shequ@localhost")

# SHEQU_RATING_DEFAULT_DAYS / SHEQU_RATING_DEFAULT_LEVEL (好差评): a finished service not rated within
# this many working days counts as this level (Xinjiang: 5 days, 4 = 满意; the level must be 3–5).
RATING_DEFAULT_DAYS = env_int("SHEQU_RATING_DEFAULT_DAYS", 5)
RATING_DEFAULT_LEVEL = env_int("SHEQU_RATING_DEFAULT_LEVEL", 4)
# SHEQU_RETURN_VISIT_DAYS / SHEQU_RECTIFY_DAYS: working days for the return visit (回访核实) and the
# rectification (整改) of a 差评, counted from the day it came in.
RETURN_VISIT_DAYS = env_int("SHEQU_RETURN_VISIT_DAYS", 1)
RECTIFY_DAYS = env_int("SHEQU_RECTIFY_DAYS", 15)

# SHEQU_UPLOAD_MAX_MB: the largest material file (PDF, JPEG or PNG) one upload may be.
UPLOAD_MAX_BYTES = env_int("SHEQU_UPLOAD_MAX_MB", 10) * 1024 * 1024
# SHEQU_NOTE_MAX_CHARS: the longest free-text note or reason (applications, bookings, ratings,
# rectifications); fields that store less keep their own smaller limit.
NOTE_MAX_CHARS = env_int("SHEQU_NOTE_MAX_CHARS", 4000)
# SHEQU_APPLICATION_DATA_MAX_KB / SHEQU_APPLICATION_DATA_MAX_DEPTH: the largest an application's form
# content (`data`, as UTF-8 JSON) may be, and how deeply its objects and lists may nest.
APPLICATION_DATA_MAX_BYTES = env_int("SHEQU_APPLICATION_DATA_MAX_KB", 64) * 1024
APPLICATION_DATA_MAX_DEPTH = env_int("SHEQU_APPLICATION_DATA_MAX_DEPTH", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SHEQU_LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
