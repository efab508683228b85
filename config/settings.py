"""Settings for Shequ. Everything that differs between machines comes from SHEQU_* variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_networks, env_str

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
    "shequ.core.admin_site.ShequAdminConfig",  # django.contrib.admin, for administrators only
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
    "django_tasks_db",
    "shequ.core",
    "shequ.ui",
    "shequ.regions",
    "shequ.accounts",
    "shequ.residents",
    "shequ.notifications",
    "shequ.services",
    "shequ.bookings",
    "shequ.feedback",
    "shequ.facilities",
    "shequ.benefits",
    "shequ.workforce",
    "shequ.venues",
    "shequ.purchases",
    "shequ.incidents",
    "shequ.participation",
    "shequ.monitoring",
    "shequ.deliberation",
    "shequ.mediation",
    "shequ.grids",
    "shequ.emergency",
    "shequ.web",
    "shequ.demo",
    "shequ.specialcare",
    "shequ.plantasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pushes the session's expiry on at most once a minute (instead of SESSION_SAVE_EVERY_REQUEST).
    "shequ.core.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads input; after locale and user, so the 400 page speaks the user's language.
    "shequ.core.middleware.InvalidCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shequ.core.audit.AuditContextMiddleware",
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
                "django.template.context_processors.csp",
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
# SHEQU_DATABASE_CONN_MAX_AGE: seconds a process keeps its database connection between requests
# (default 600 in production, 0 with SHEQU_DEBUG). Opening a PostgreSQL connection per request cost
# most of a simple request's time (/healthz: 118 req/s without, 807 with). Health checks test a
# reused connection before a request uses it, so a restarted database costs one failed ping, not an
# error page. Persistent connections rather than psycopg's pool (OPTIONS["pool"]): gunicorn's sync
# workers serve one request at a time, so each process needs exactly one connection, which is what a
# persistent connection is; a pool only pays with threaded workers and adds a package. Many nodes
# share PostgreSQL's max_connections (nodes × workers each): put PgBouncer in front (below).
_conn_max_age = env_int("SHEQU_DATABASE_CONN_MAX_AGE", 0 if DEBUG else 600)
# SHEQU_DATABASE_PGBOUNCER: the database URLs point at PgBouncer in transaction pooling mode. Then a
# connection may change hands between transactions, so server-side cursors (which .iterator() uses,
# e.g. in the resident export) must be off.
_pgbouncer = env_bool("SHEQU_DATABASE_PGBOUNCER", False)


def _database(url: str) -> dict:
    database = dj_database_url.parse(url, conn_max_age=_conn_max_age, conn_health_checks=_conn_max_age > 0)
    if _pgbouncer:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    return database


DATABASES = {"default": _database(env_str("SHEQU_DATABASE_URL", f"sqlite:///{VAR_DIR / 'shequ.sqlite3'}"))}
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

# SHEQU_DATABASE_REPLICA_URLS: comma-separated URLs of PostgreSQL read replicas (streaming
# replication of the default database), added as replica_1 … replica_n. Only reads that ask for
# them go there — dashboards, statistics, exports, inside shequ.core.replicas.reads_from_replica()
# — and never once the request has written (config: DATABASE_ROUTERS). In tests a replica is a
# mirror of the default database.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("SHEQU_DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica_{_number}"] = _database(_url) | {"TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_ROUTERS = ["shequ.core.replicas.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SHEQU_CACHE_URL: redis://host:6379/0 in production; default is this process's memory.
_cache_url = env_str("SHEQU_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"SHEQU_CACHE_URL must be redis://… or empty, got {_cache_url!r}")

# Sessions live in Redis when the cache is Redis, so that every node sees every session and no
# request writes the database for its session (SessionRefreshMiddleware renews the idle timeout up to
# once a minute, which cached_db would each time write to PostgreSQL too). A Redis restart
# without persistence or an eviction logs people out, nothing more: run Redis with appendonly and
# maxmemory-policy noeviction (docs/deploy.md). Without Redis, sessions stay in the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cache"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A resident logs in with a code sent to their phone (shequ.accounts.backends); axes counts its failures too.
    "shequ.accounts.backends.SmsCodeBackend",
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
SESSION_COOKIE_HTTPONLY = True
# SHEQU_SECURE_COOKIES: send every cookie (session, CSRF, language, elder mode) over HTTPS only
# (on behind TLS in production).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool("SHEQU_SECURE_COOKIES", not DEBUG)
# The language and elder-mode cookies are read by the server only, never by a script.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The TLS proxy in front of gunicorn says the original scheme in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# SHEQU_SSL_REDIRECT: answer plain-HTTP requests with a redirect to HTTPS (on in production).
# /healthz stays on plain HTTP, so that a load balancer can probe the server directly.
SECURE_SSL_REDIRECT = env_bool("SHEQU_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# SHEQU_HSTS_SECONDS: how long browsers must use HTTPS only for this host and its subdomains
# (Strict-Transport-Security; one year in production, 0 turns it off).
SECURE_HSTS_SECONDS = env_int("SHEQU_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# SHEQU_HSTS_PRELOAD: ask to be on the browsers' built-in HTTPS list. Off unless set: the list is
# hard to leave and binds every subdomain of the registered domain, which the county's web
# administrators decide, not this application; `check --deploy` is told so.
SECURE_HSTS_PRELOAD = env_bool("SHEQU_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy on every response, in development too (so the browser tests prove the
# pages work under it): scripts, styles, images, fonts and requests from this site only, inline
# scripts only with the response's nonce ({{ csp_nonce }}), no inline styles, no framing, no
# plugins, forms posting to this site only. The API docs page needs no exception: its start-up
# script is a file (config/urls.py) and its styles a stylesheet (templates/drf_spectacular/).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# SHEQU_TRUSTED_PROXIES: comma-separated addresses or networks (10.0.0.5, 10.0.0.0/24) of the reverse
# proxies in front of the app. X-Forwarded-For is believed only as far as these proxies vouch for it
# (shequ.core.client); empty, the default, trusts no proxy and every client is its peer address.
TRUSTED_PROXIES = env_networks("SHEQU_TRUSTED_PROXIES")

# Login-failure handling: SHEQU_LOGIN_FAILURE_LIMIT failures from one client address (behind the
# trusted proxies) for one account lock that pair for SHEQU_LOGIN_LOCKOUT_MINUTES.
AXES_CLIENT_IP_CALLABLE = "shequ.core.client.client_address"
AXES_FAILURE_LIMIT = env_int("SHEQU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SHEQU_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# A failed login's form is recorded; a verification code in it is masked like the password.
AXES_SENSITIVE_PARAMETERS = ["code", "sms_code"]

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
# SHEQU_MEDIA_STORAGE: where uploaded material files live: "local" (default) is a folder, MEDIA_ROOT
# (SHEQU_MEDIA_ROOT, default var/media; every node must see the same one, e.g. over NFS); "s3" is an
# S3-compatible object store (MinIO, Alibaba OSS, Tencent COS, AWS S3) through django-storages,
# private objects read through the application (downloads are permission-checked and audited):
# SHEQU_S3_BUCKET, SHEQU_S3_ENDPOINT_URL (https://…, empty for AWS), SHEQU_S3_REGION,
# SHEQU_S3_ACCESS_KEY_ID and SHEQU_S3_SECRET_ACCESS_KEY (empty: the machine's own credentials).
MEDIA_ROOT = Path(env_str("SHEQU_MEDIA_ROOT", str(VAR_DIR / "media")))
_media_storage = env_str("SHEQU_MEDIA_STORAGE", "local")
if _media_storage == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _media_storage == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("SHEQU_S3_BUCKET", ""),
            "endpoint_url": env_str("SHEQU_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("SHEQU_S3_REGION", "") or None,
            "access_key": env_str("SHEQU_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("SHEQU_S3_SECRET_ACCESS_KEY", "") or None,
            # Residents' documents: never public, never overwritten under the same name.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not _default_storage["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("SHEQU_S3_BUCKET must be set when SHEQU_MEDIA_STORAGE is s3.")
else:
    raise ImproperlyConfigured(f"SHEQU_MEDIA_STORAGE must be local or s3, got {_media_storage!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        # Production serves hashed, compressed copies that collectstatic writes (config/storage.py).
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.storage.HashedStaticFilesStorage"
    },
}
# SHEQU_BACKUP_DIR: the folder `manage.py backup` writes its archives to when not given --output.
# Keep it on another disk (or copy the archives off the machine): they hold all the personal data.
BACKUP_DIR = Path(env_str("SHEQU_BACKUP_DIR", str(VAR_DIR / "backups")))
# In development whitenoise serves straight from the source folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    # Token first: DRF answers a refused request with the first class's challenge, so a refused
    # token is a 401 (WWW-Authenticate: Token) rather than a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shequ.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Big lists page by keyset (`next`/`previous` cursors, no COUNT of the scope); the small
    # service catalogue keeps numbered pages.
    "DEFAULT_PAGINATION_CLASS": "shequ.core.pagination.KeysetPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every error answer is {"detail": …, "code": "<app>.<reason>"}, in the user's language.
    "EXCEPTION_HANDLER": "shequ.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shequ API",
    "DESCRIPTION": "社区服务平台 — community service platform of 吉木萨尔县 (652327).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: the docs page works with no internet (its template,
    # templates/drf_spectacular/swagger_ui.html, links their hashed copies).
    "SWAGGER_UI_DIST": STATIC_URL + "vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "vendor/swagger-ui/favicon-32x32.png",
    # One name for each app's states wherever they appear in the schema (several are "status").
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "shequ.services.workflow.Status",
        "ApplicationLevelEnum": "shequ.services.workflow.Level",
        "LevelEnum": "shequ.regions.codes.Level",
        "BookingStatusEnum": "shequ.bookings.models.BookingStatus",
        "RectificationStatusEnum": "shequ.feedback.workflow.Status",
        "IncidentStatusEnum": "shequ.incidents.workflow.Status",
        "DepartmentEnum": "shequ.accounts.models.Department",
        "PolicyKindEnum": "shequ.participation.models.PolicyKind",
        "QuestionStatusEnum": "shequ.participation.workflow.QuestionStatus",
        "NoticeAudienceEnum": "shequ.participation.models.Audience",
        "MeetingKindEnum": "shequ.deliberation.models.MeetingKind",
        "MediationStatusEnum": "shequ.mediation.workflow.Status",
        "WarningStatusEnum": "shequ.emergency.workflow.WarningStatus",
        "WarningLevelEnum": "shequ.emergency.models.Level",
        "WarningKindEnum": "shequ.emergency.models.Kind",
        "WarningAudienceEnum": "shequ.emergency.models.Audience",
        "SupplyMovementKindEnum": "shequ.emergency.models.MovementKind",
        "GridRoleEnum": "shequ.grids.models.GridRole",
        "PartyRoleEnum": "shequ.mediation.models.PartyRole",
        "CareRecordStatusEnum": "shequ.specialcare.models.RecordStatus",
        "CareVisitKindEnum": "shequ.specialcare.models.VisitKind",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

# SHEQU_TOKEN_HOURS_STAFF / SHEQU_TOKEN_HOURS_RESIDENT: hours an API token lives after it is issued
# (POST /api/v1/auth/token/), then it is refused and a new login issues a fresh one. Residents' phones
# keep theirs for 30 days; every other account (workers, staff, providers, volunteers, administrators)
# reaches personal data and gets a working day's worth. A password change or deactivation revokes them.
TOKEN_LIFETIME_STAFF = timedelta(hours=env_int("SHEQU_TOKEN_HOURS_STAFF", 12))
TOKEN_LIFETIME_RESIDENT = timedelta(hours=env_int("SHEQU_TOKEN_HOURS_RESIDENT", 30 * 24))

# SHEQU_BENCH_CEILING: serve /bench/ceiling, a minimal JSON view behind the full middleware stack that
# `make bench-load` measures as the framework's ceiling. Off unless set; never on in production.
BENCH_CEILING = env_bool("SHEQU_BENCH_CEILING", False)

# SHEQU_DEMO_PASSWORD: password of the demo accounts that seed_demo creates.
DEMO_PASSWORD = env_str("SHEQU_DEMO_PASSWORD", "shequ-demo-2025")

# SHEQU_COUNTY_CODE: the county this platform serves; a resident signing up binds to a person of its
# registry, and a sign-up that names no unit waits for the county's administrators.
COUNTY_CODE = env_str("SHEQU_COUNTY_CODE", "652327")

# SHEQU_OPEN_DATA_RATE: requests per client to the open indicators API without login (DRF rate,
# e.g. 60/min), read by shequ/monitoring/api.py.
OPEN_DATA_RATE = env_str("SHEQU_OPEN_DATA_RATE", "60/min")
# SHEQU_COUNT_OTHER_UNITS: count 兵团/industrial-park units (codes 400+) in indicators.
COUNT_OTHER_UNITS = env_bool("SHEQU_COUNT_OTHER_UNITS", False)

# SHEQU_GRID_HOUSEHOLDS_TOWN / _VILLAGE: typical households per grid, used to plan grids.
GRID_HOUSEHOLDS_TOWN = env_int("SHEQU_GRID_HOUSEHOLDS_TOWN", 400)
GRID_HOUSEHOLDS_VILLAGE = env_int("SHEQU_GRID_HOUSEHOLDS_VILLAGE", 300)
# SHEQU_GRID_SIZE_TOLERANCE: percent above those sizes a grid may hold before it is flagged as
# over size (shequ/grids/selectors.py, the 网格超规模 page and the grids API).
GRID_SIZE_TOLERANCE = env_int("SHEQU_GRID_SIZE_TOLERANCE", 25)

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
# SHEQU_SMS_BACKEND: how text messages (sign-up, password-reset and login codes) leave the platform
# (shequ.notifications.sms): "console" prints them with the phone masked (the default with
# SHEQU_DEBUG), "file" appends them to a file a day in the folder SHEQU_SMS_FILE_PATH (a test server),
# "locmem" keeps them in shequ.notifications.sms.outbox (tests), "gateway" (the default without
# SHEQU_DEBUG) posts them to the county's SMS gateway at SHEQU_SMS_GATEWAY_URL with the key
# SHEQU_SMS_GATEWAY_KEY, waiting at most SHEQU_SMS_GATEWAY_TIMEOUT seconds; or a dotted class path.
SMS_BACKEND = env_str("SHEQU_SMS_BACKEND", "console" if DEBUG else "gateway")
SMS_FILE_PATH = env_str("SHEQU_SMS_FILE_PATH", str(VAR_DIR / "sms"))
SMS_GATEWAY_URL = env_str("SHEQU_SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = env_str("SHEQU_SMS_GATEWAY_KEY", "")
SMS_GATEWAY_TIMEOUT = env_int("SHEQU_SMS_GATEWAY_TIMEOUT", 5)
# SHEQU_SMS_CODES_PER_IP_HOUR: how many verification codes one client address may request an hour,
# whatever the phones (a script sending codes to strangers' phones costs the county and annoys them).
SMS_CODES_PER_IP_HOUR = env_int("SHEQU_SMS_CODES_PER_IP_HOUR", 30)
# The task queue (Django's django.tasks): work that must not hold a request — the SMS and email
# copies of notifications — is queued in the database (django-tasks-db) and run by
# `manage.py db_worker` (one or more per deployment, systemd unit in docs/deploy.md). The database
# queue in production too: it needs no other service, survives restarts, and is enqueued in the
# same database as the change it announces. No maintained Redis backend implements Django's own
# django.tasks yet (django-tasks-rq is written against the django-tasks backport).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# SHEQU_EMAIL_FROM: the sender address of outgoing mail.
DEFAULT_FROM_EMAIL = env_str("SHEQU_EMAIL_FROM", "shequ@localhost")

# SHEQU_INCIDENT_COUNTY_ESCALATION_WORKDAYS (网格事件超期督办): an overdue incident goes to its township's
# staff at once, and to the county when it is still open this many working days after that.
INCIDENT_COUNTY_ESCALATION_WORKDAYS = env_int("SHEQU_INCIDENT_COUNTY_ESCALATION_WORKDAYS", 2)

# SHEQU_RATING_DEFAULT_DAYS / SHEQU_RATING_DEFAULT_LEVEL (好差评): a finished service not rated within
# this many working days counts as this level (Xinjiang: 5 days, 4 = 满意; the level must be 3–5).
RATING_DEFAULT_DAYS = env_int("SHEQU_RATING_DEFAULT_DAYS", 5)
RATING_DEFAULT_LEVEL = env_int("SHEQU_RATING_DEFAULT_LEVEL", 4)
# SHEQU_RETURN_VISIT_DAYS / SHEQU_RECTIFY_DAYS: working days for the return visit (回访核实) and the
# rectification (整改) of a 差评, counted from the day it came in.
RETURN_VISIT_DAYS = env_int("SHEQU_RETURN_VISIT_DAYS", 1)
RECTIFY_DAYS = env_int("SHEQU_RECTIFY_DAYS", 15)
# SHEQU_RECTIFICATION_CONFIRM_DAYS: working days a resident has to confirm or dispute a rectification
# before a handler may record the answer they gave by phone (电话回访).
RECTIFICATION_CONFIRM_DAYS = env_int("SHEQU_RECTIFICATION_CONFIRM_DAYS", 5)
# SHEQU_QUESTION_ANSWER_DAYS: working days within which a resident's policy question (政策咨询) is to
# be answered; an unanswered question past it shows as overdue on the workbench.
QUESTION_ANSWER_DAYS = env_int("SHEQU_QUESTION_ANSWER_DAYS", 3)
# SHEQU_POLICY_SEARCH_CANDIDATES: how many of the newest documents matching a policy search are ranked
# (the rest are not looked at). A common word can match most of a large library; ranking every match
# reads each one's index entry, so a page of results would slow down as the library grows.
POLICY_SEARCH_CANDIDATES = env_int("SHEQU_POLICY_SEARCH_CANDIDATES", 1000)
# SHEQU_EXPORT_MAX_ROWS: the most rows one Excel export of applications or ratings may have; a larger
# selection is refused with a request to narrow the filter (exports are written synchronously,
# streamed row by row through a temporary file, so memory stays flat up to this cap).
EXPORT_MAX_ROWS = env_int("SHEQU_EXPORT_MAX_ROWS", 100_000)
# SHEQU_CALENDAR_REMINDER_MONTH: from the first day of this month the county administrators are
# reminded to enter next year's holiday schedule while it is unknown (the State Council publishes it
# in October–November).
CALENDAR_REMINDER_MONTH = env_int("SHEQU_CALENDAR_REMINDER_MONTH", 10)

# SHEQU_ID_SEARCH_PER_HOUR: how many searches by a whole ID number one user may make an hour (a
# window worker finds a resident that way; more would be enumerating the registry). Each is audited.
ID_SEARCH_PER_HOUR = env_int("SHEQU_ID_SEARCH_PER_HOUR", 60)

# SHEQU_UPLOAD_MAX_MB: the largest material file (PDF, JPEG or PNG) one upload may be.
UPLOAD_MAX_BYTES = env_int("SHEQU_UPLOAD_MAX_MB", 10) * 1024 * 1024
# SHEQU_NOTE_MAX_CHARS: the longest free-text note or reason (applications, bookings, ratings,
# rectifications); fields that store less keep their own smaller limit.
NOTE_MAX_CHARS = env_int("SHEQU_NOTE_MAX_CHARS", 4000)
# SHEQU_APPLICATION_DATA_MAX_KB / SHEQU_APPLICATION_DATA_MAX_DEPTH: the largest an application's form
# content (`data`, as UTF-8 JSON) may be, and how deeply its objects and lists may nest.
APPLICATION_DATA_MAX_BYTES = env_int("SHEQU_APPLICATION_DATA_MAX_KB", 64) * 1024
APPLICATION_DATA_MAX_DEPTH = env_int("SHEQU_APPLICATION_DATA_MAX_DEPTH", 10)
# SHEQU_SPECIALCARE_VISIT_DAYS: days between required care visits of special groups, as
# "group=days,…" over the defaults of shequ/specialcare/groups.py (e.g. "mental=14,released=60").
SPECIALCARE_VISIT_DAYS = env_str("SHEQU_SPECIALCARE_VISIT_DAYS", "")
# SHEQU_SPECIALCARE_DUE_SOON_DAYS: a care visit is "due soon" this many days before its deadline.
SPECIALCARE_DUE_SOON_DAYS = env_int("SHEQU_SPECIALCARE_DUE_SOON_DAYS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Phones are masked in every record (a resident's user name is their phone, and libraries log user names).
    "filters": {"mask_phones": {"()": "shequ.core.logfilters.MaskPhones"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_phones"]}},
    "root": {"handlers": ["console"], "level": env_str("SHEQU_LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
