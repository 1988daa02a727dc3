"""Settings for the whole site, read from the environment (see README, "Konfiguration")."""

import os
import tempfile
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` (written by `make run`) fills in what the real environment leaves unset.
ENV_FILE = Path(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    env.read_env(ENV_FILE)

# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-debug-only-key-never-in-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
else:
    # No silent fallbacks in production: say exactly what is missing and stop.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY saknas. Sätt en lång slumpmässig nyckel i miljön "
            "(eller kör `make run`, som skriver en i .env) när DJANGO_DEBUG är av."
        )
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS saknas. Ange webbplatsens värdnamn, kommaseparerade, "
            "när DJANGO_DEBUG är av."
        )

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "En god förvaltningskultur i staten"

INSTALLED_APPS = [
    "forvaltningskultur.apps.SiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "imagekit",
    "axes",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "django_prose_editor",
    "ninja",
    "forvaltningskultur",
    "seminars",
    "courses",
    "dilemmas",
    "columns",
    "material",
]

MIDDLEWARE = [
    "forvaltningskultur.middleware.MaxBodySizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the cache; a hit skips everything below (see pagecache/).
    "forvaltningskultur.pagecache.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "forvaltningskultur.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Large bodies (film uploads) only from staff who may upload on that page.
    "forvaltningskultur.middleware.StaffUploadMiddleware",
    "forvaltningskultur.middleware.BadInputMiddleware",
    "forvaltningskultur.middleware.DatabaseBusyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Swedish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forvaltningskultur.urls"
WSGI_APPLICATION = "forvaltningskultur.wsgi.application"

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
                "forvaltningskultur.context_processors.site",
            ],
            "builtins": ["forvaltningskultur.templatetags.site_tags"],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tuned for a web server: WAL lets readers work while one writer writes, the busy
    # timeout waits for a lock instead of failing, IMMEDIATE takes the write lock at the
    # start of a transaction so that two sign-ups cannot both read "one seat left".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            # Deleted and overwritten rows are zeroed, not left in free pages: a purged
            # registrant is gone from the file, not only from the tables.
            "PRAGMA secure_delete=ON;"
        ),
    }
    # A file, not memory, so that tests with several threads share one database; one per
    # test process, so that two test runs on one machine never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"forvaltningskultur-test-{os.getpid()}.sqlite3")
    }
# Keep connections open between requests: opening one (and, on SQLite, running the
# PRAGMAs) costs more than a whole cached page.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=600))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Requests wait this long at most for the database; then the visitor gets a Swedish
# "try again" page (a sign-up keeps what was typed), never a 500.
DB_LOCK_TIMEOUT = env.float("DJANGO_DB_LOCK_TIMEOUT_SECONDS", default=5.0)
DB_STATEMENT_TIMEOUT = env.float("DJANGO_DB_STATEMENT_TIMEOUT_SECONDS", default=15.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"]["timeout"] = DB_LOCK_TIMEOUT
    DATABASES["default"]["OPTIONS"]["init_command"] = DATABASES["default"]["OPTIONS"][
        "init_command"
    ].replace("busy_timeout=20000", f"busy_timeout={int(DB_LOCK_TIMEOUT * 1000)}")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    pg_options.setdefault(
        "connect_timeout", env.int("DJANGO_DB_CONNECT_TIMEOUT_SECONDS", default=3)
    )
    pg_options.setdefault(
        "options",
        f"-c lock_timeout={int(DB_LOCK_TIMEOUT * 1000)} "
        f"-c statement_timeout={int(DB_STATEMENT_TIMEOUT * 1000)}",
    )

# --- Cache ------------------------------------------------------------------

# Local memory by default: room for every page of a site this size (Django's default of
# 300 entries would evict pages at random once the site has more than that).
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://forvaltningskultur?max_entries=3000")
}
# Limits and lockouts count in a store that every worker and node shares: Redis when
# CACHE_URL names it, otherwise the database; never a process's own memory.
if "redis" in CACHES["default"]["BACKEND"].lower():
    CACHES["limits"] = {**CACHES["default"], "KEY_PREFIX": "limits"}
else:
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "forvaltningskultur_limits",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
# Whole pages for anonymous visitors, changed by content, seats and time (pagecache/).
PAGE_CACHE = env.bool("DJANGO_PAGE_CACHE", default=True)
# How long a process keys pages by what it last read of their state: the longest a change
# made in another process (another worker, another machine) takes to show here.
PAGE_CACHE_STATE_SECONDS = env.float("DJANGO_PAGE_CACHE_STATE_SECONDS", default=1.0)
# The pages each process served last are kept in the process too, up to this much.
PAGE_CACHE_PROCESS_BYTES = env.int("DJANGO_PAGE_CACHE_PROCESS_MB", default=32) * 2**20

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The tests make hundreds of users and logins, each hashed with 1,000,000 rounds of
# PBKDF2 by default: they ask for MD5 with this test-only variable (pyproject.toml), and
# tests/gunicorn.py gives it to the servers and commands it starts, so both sides read the
# same hashes. A deployment never sets it; tests/site/test_settings.py checks its hasher.
if env.bool("DJANGO_TESTS_FAST_PASSWORD_HASHER", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after five failed logins for the same user name from the same address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "forvaltningskultur.admin_site.lockout_response"
AXES_VERBOSE = False
# Trusted proxies in front: the visitor's address is read from X-Forwarded-For, from the
# right (clientip.py), for the lockout as for every other limit.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "forvaltningskultur.clientip.client_ip"
# Two-factor login (TOTP) for staff; when on, required for everyone who can see personal
# data (superusers, Anmälningsansvarig). On in production; `make run` turns it off.
STAFF_TWO_FACTOR = env.bool("DJANGO_STAFF_TWO_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = "Förvaltningskultur"
# Only staff have sessions (visitors get no cookie). A staff session ends with the
# browser, and at the latest after a working day.
SESSION_COOKIE_AGE = int(env.float("DJANGO_STAFF_SESSION_HOURS", default=8.0) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("DJANGO_STAFF_SESSION_AT_BROWSER_CLOSE", default=True)

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files -------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# On one machine the app serves uploads itself; behind a proxy or with S3, switch it off.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads in an S3-compatible store (several nodes): private objects, signed links.
MEDIA_S3_BUCKET = env.str("DJANGO_MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("DJANGO_MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DJANGO_MEDIA_S3_REGION", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    SERVE_MEDIA = False
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

# --- E-mail -----------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    # The log gets that a mail went, never its links or the registrant's needs.
    EMAIL_CONFIG["EMAIL_BACKEND"] = "forvaltningskultur.mail.RedactedConsoleBackend"
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="En god förvaltningskultur <forvaltningskultur@statskontoret.se>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer holds up the worker this long, never a visitor.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
# The outbox (outbox.py): first retry after this many seconds, doubling, at most an hour
# apart; "failed" after this many attempts (about a day); a sender's claim on a mail
# lapses after this long, so a worker killed mid-send leaves nothing stuck.
OUTBOX_RETRY_SECONDS = env.float("OUTBOX_RETRY_SECONDS", default=30)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=30)
OUTBOX_LEASE_SECONDS = env.float("OUTBOX_LEASE_SECONDS", default=EMAIL_TIMEOUT * 4 + 30)

# --- Background worker (huey) -------------------------------------------------

# One queue for the site's jobs (tasks.py): in Redis when CACHE_URL names it, else in
# PostgreSQL when that is the database, else in an SQLite file beside the database.
# DJANGO_TASKS_IMMEDIATE runs them inside the caller instead (the tests do).
_tasks_immediate = env.bool("DJANGO_TASKS_IMMEDIATE", default=False)
if _tasks_immediate:
    HUEY = {"huey_class": "huey.MemoryHuey", "immediate": True}
elif CACHES["limits"]["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
    HUEY = {"huey_class": "huey.RedisHuey", "url": env.str("CACHE_URL"), "immediate": False}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db = DATABASES["default"]
    HUEY = {
        # huey's, with its tables made one worker at a time (queue.py).
        "huey_class": "forvaltningskultur.queue.PostgresHuey",
        "immediate": False,
        "dsn": (
            f"host={_db.get('HOST') or 'localhost'} port={_db.get('PORT') or 5432} "
            f"dbname={_db['NAME']} user={_db.get('USER') or ''} "
            f"password={_db.get('PASSWORD') or ''} connect_timeout=5"
        ),
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "filename": f"{DATABASES['default']['NAME']}-uppgifter",
        "immediate": False,
    }
HUEY.update(name="forvaltningskultur", results=False)
HUEY["consumer"] = {"workers": env.int("WORKER_THREADS", default=4), "worker_type": "thread"}

# --- Security ---------------------------------------------------------------

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Django's CSRF, with its cookie, guards the staff forms in admin only: the public forms
# are csrf_exempt and check Sec-Fetch-Site/Origin instead, so visitors get no cookie
# (crossorigin.py). Other origins allowed to post, for both: CSRF_TRUSTED_ORIGINS.
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "forvaltningskultur.crossorigin.csrf_failure"
if not DEBUG:
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix binds the cookie to this host and to HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Refuse a request body larger than this before reading it into memory or onto disk.
MAX_PUBLIC_REQUEST_BYTES = 1 * 1000 * 1000
MAX_ADMIN_REQUEST_BYTES = 520 * 1000 * 1000  # films are uploaded in admin
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads are the service's own; a proxy that serves /media/ itself needs a group bit
# (DJANGO_FILE_UPLOAD_PERMISSIONS=640, with the proxy in the service's group).
FILE_UPLOAD_PERMISSIONS = int(env.str("DJANGO_FILE_UPLOAD_PERMISSIONS", default="600"), 8)
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700 | (FILE_UPLOAD_PERMISSIONS & 0o050)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No nonce: no page has an inline script, so every page is the same bytes for
        # everyone (and can be cached and compressed as such).
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Renditions are made when first asked for and then kept in the media store.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "renditioner"

# --- Forms ------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Personal data ----------------------------------------------------------

# A sign-up posted sooner than this after the form was shown is taken for a script's
# (the visitor is asked to check and send again).
REGISTRATION_MIN_FILL_SECONDS = env.float("REGISTRATION_MIN_FILL_SECONDS", default=3)

# Days after an event before a registrant's remaining personal data is deleted.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=30)

# --- Shared material (material/) ---------------------------------------------

# Days after an editor's decision (published or declined) before the submitter's name
# and e-mail are deleted.
MATERIAL_SUBMITTER_RETENTION_DAYS = env.int("DJANGO_MATERIAL_SUBMITTER_RETENTION_DAYS", default=90)
# Where confirmed submissions are announced to the editors.
MATERIAL_REVIEW_EMAIL = env.str("DJANGO_MATERIAL_REVIEW_EMAIL", default=DEFAULT_FROM_EMAIL)
# Uploaded material, outside MEDIA_ROOT: served only once published. Empty: a folder
# beside MEDIA_ROOT ("<MEDIA_ROOT>-privat").
MATERIAL_FILES_ROOT = env.str("DJANGO_MATERIAL_FILES_ROOT", default="")
# The submission form takes up to three files of 10 MB: its body may be this large.
PUBLIC_UPLOAD_REQUEST_BYTES = {"/dela-material/": 32 * 1000 * 1000}

# --- Statistics -------------------------------------------------------------

# Dilemma downloads are counted in each process and written at most this long after
# (dilemmas/downloads.py); 0 writes every download at once.
DOWNLOAD_COUNTS_WRITE_SECONDS = env.float("DOWNLOAD_COUNTS_WRITE_SECONDS", default=60)

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # The worker: its problems, not a line for every task it runs (and once: with a
        # handler here, run_huey adds no second one).
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
