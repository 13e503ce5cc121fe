"""Aktiv's one settings file. Everything that differs between installs comes from the
environment; see README.md ("Configuration") for the variables."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets admin and querysets be written with generic types (ModelAdmin[Unit]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def cache_config(url: str) -> dict[str, Any]:
    """CACHE_URL as a Django cache: Redis (shared by every process) when set, else each
    process's own memory."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.split("://", 1)[0] not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured("CACHE_URL must be redis://, rediss:// or unix://")
    return {
        # Django's RedisCache, reusing its client (aktiv/lib/cache.py).
        "BACKEND": "aktiv.lib.cache.SharedClientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "aktiv",
    }


def cpu_count() -> int:
    # The CPUs this process may run on (a container's or systemd's limit), not the machine's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


DATA_DIR = Path(os.environ.get("AKTIV_DATA_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    # A small install should run without configuring a secret, so one is made once and
    # kept beside the SQLite database; production sets SECRET_KEY explicitly.
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = envbool("DEBUG")
# Behind a reverse proxy (nginx, Caddy, a load balancer) that sets X-Forwarded-For and
# X-Forwarded-Proto; TRUSTED_PROXY_COUNT is how many proxies stand in front of Aktiv.
BEHIND_PROXY = envbool("BEHIND_PROXY")
TRUSTED_PROXY_COUNT = max(1, envint("TRUSTED_PROXY_COUNT", 1))
SECRET_KEY = _secret_key()
# `aktiv serve` refuses to start on a generated key (see _secret_key).
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "aktiv.people",
    "aktiv.integrations",
    "aktiv.assessments",
    "aktiv.reflections",
    "aktiv.conversations",
    "aktiv.notifications",
    "aktiv.goals",
    "aktiv.competence",
    "aktiv.feedback",  # upward feedback and the 180° view (issue #15)
    "aktiv.expectations",
    "aktiv.learning",
    "aktiv.workshops",
    "aktiv.insights",
    "aktiv.pulse",
    "aktiv.home",
    "aktiv.accessibility",
    "aktiv.audit",
    "aktiv.health",
    "aktiv.lib",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Lookups several parts of a page ask for, read once a request (aktiv/lib/memo.py).
    "aktiv.lib.memo.request_memo",
    # Static files are answered here, before sessions and the rest: no web server needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in person's own language, on every device (after authentication).
    "aktiv.people.languages.person_language",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "aktiv.lib.middleware.no_store_for_signed_in",
    "aktiv.lib.middleware.session_limits",
    "aktiv.people.twofactor.require_second_factor",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aktiv.urls"
WSGI_APPLICATION = "aktiv.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aktiv.notifications.context_processors.unread",
            ],
            # Dates written for the reader's language (issue #13).
            "builtins": ["aktiv.lib.templatetags.languages"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'aktiv.sqlite3'}"),
        # A connection lives on between requests (set-up costs a few milliseconds on
        # PostgreSQL) and is checked before it is reused after an error or a restart.
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A streaming replica of the primary (PostgreSQL): HR's figures and exports read from it,
# chosen explicitly by aktiv.lib.replica.reading_db() (no router), and from the primary when
# it is down or more than REPLICA_MAX_LAG_SECONDS behind (checked every REPLICA_CHECK_SECONDS).
READ_REPLICA = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_MAX_LAG_SECONDS = envint("REPLICA_MAX_LAG_SECONDS", 30)
REPLICA_CHECK_SECONDS = envint("REPLICA_CHECK_SECONDS", 10)
if READ_REPLICA:
    DATABASES["replica"] = dj_database_url.parse(
        READ_REPLICA, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    # A replica that is down must not hold a page up for long.
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = envint(
        "REPLICA_CONNECT_TIMEOUT", 2
    )
    # Tests read the replica alias from the test database (tests/insights/test_replica.py
    # points it at the real replica).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Behind PgBouncer in transaction mode (docs/deploy.md): no server-side cursors.
if envbool("DISABLE_SERVER_SIDE_CURSORS"):
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in person with a prepared statement.
    "aktiv.people.auth.PersonBackend",
]

# Login throttling locks the combination of account and address: locking on the account
# alone would let anyone lock a colleague out by typing wrong passwords.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A lockout ends AXES_COOLOFF_MINUTES after it began: further failures while locked do not
# push the end back, so nobody can keep a lockout up by retrying.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind a reverse proxy every request comes from the proxy's address; throttling must count
# the client's, taken from X-Forwarded-For (aktiv/people/auth.py). axes' AXES_IPWARE_*
# settings only apply with django-ipware installed, which Aktiv does not use.
AXES_CLIENT_IP_CALLABLE = "aktiv.people.auth.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "aktiv.people.auth.login_username"
# Sign-ins and failed attempts (address typed, IP address, time) are deleted after this many
# days by the worker's retention sweep (people/privacy.py, login_history_prune).
LOGIN_HISTORY_DAYS = max(1, envint("LOGIN_HISTORY_DAYS", 90))

# After someone else changes a person's e-mail address, the old address can undo it, and
# no password reset goes to the new one, for this many hours (people.EmailChange).
EMAIL_CHANGE_HOLD_HOURS = max(1, envint("EMAIL_CHANGE_HOLD_HOURS", 72))

# Shown in authenticator apps next to the six-digit code.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Aktiv")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages (README "Språk / languages"): bokmål is the source language of every text; a
# signed-in person reads their own choice (aktiv/people/languages.py), anyone else what the
# browser asks for. Each is named in itself, as a reader looks for their own.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# Served by WhiteNoise from STATIC_ROOT (filled by `aktiv collectstatic`, which `aktiv serve`
# runs): compressed, and under hashed names that browsers may keep for a year.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {"default": cache_config(os.environ.get("CACHE_URL", ""))}

# `aktiv serve` (gunicorn): where it listens and how many requests it works at once.
# Every thread keeps its own database connection: workers × threads per web process.
SERVE_HOST = os.environ.get("HOST", "127.0.0.1")
SERVE_PORT = envint("PORT", 8000)
WEB_CONCURRENCY = max(1, envint("WEB_CONCURRENCY", min(2 * cpu_count() + 1, 12)))
WEB_THREADS = max(1, envint("WEB_THREADS", 2))
WEB_TIMEOUT = max(1, envint("WEB_TIMEOUT", 60))
WEB_GRACEFUL_TIMEOUT = max(1, envint("WEB_GRACEFUL_TIMEOUT", 30))
# /helse/klar reports "not ready" when no `aktiv worker` has been seen for this many seconds
# (the worker beats once a minute; `aktiv worker --batch` once a run). 0: do not ask.
HEALTH_WORKER_MAX_AGE = max(0, envint("HEALTH_WORKER_MAX_AGE", 600))

# E-mail: the console in development, SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Aktiv <aktiv@localhost>")
# Links in e-mails and calendar invitations, which are made outside any request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background tasks (e-mail): the queue is a table in Aktiv's own database, worked by
# `aktiv worker`; no broker to run. A task enqueued inside a transaction commits with it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Sessions end after two hours without activity and twelve hours in all (ASVS 7.3).
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 2 * 60 * 60)
SESSION_ABSOLUTE_TIMEOUT = envint("SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# With a shared cache (CACHE_URL, Redis) a session is read from it and written through to
# the database: one query less on every signed-in request. Each process's own memory is no
# place for sessions (a sign-out in one process would live on in the others), so without
# CACHE_URL they stay in the database alone. aktiv.people.services.sessions_end clears both.
if os.environ.get("CACHE_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "1")
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "1")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
    # Load balancers ask for health over plain HTTP, straight to the web process.
    SECURE_REDIRECT_EXEMPT = [r"^helse/"]
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes reports every login at INFO; lockouts come as WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The smallest group an aggregate may describe (PRODUCT.md section 3): never below 3.
ANONYMITY_THRESHOLD = max(3, envint("ANONYMITY_THRESHOLD", 5))

CSRF_FAILURE_VIEW = "aktiv.lib.views.csrf_failure"

# Single sign-on with OpenID Connect (docs/sso.md). On when OIDC_ISSUER is set: the issuer
# exactly as the provider's discovery document states it (its metadata is read from
# <issuer>/.well-known/openid-configuration).
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
# The claim that identifies a person for good: `oid` for Entra ID, `sub` for most others,
# `email` only where addresses never change hands.
OIDC_CLAIM = os.environ.get("OIDC_CLAIM", "sub").strip()
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "email").strip()
# The button says "Logg inn med <OIDC_NAME>".
OIDC_NAME = os.environ.get("OIDC_NAME", "organisasjonskonto").strip()
# Entra ID single tenant: a token whose `tid` differs is refused.
OIDC_TENANT = os.environ.get("OIDC_TENANT", "").strip()
# A first sign-in may find the person by e-mail address (then remembered by OIDC_CLAIM).
OIDC_MATCH_EMAIL = envbool("OIDC_MATCH_EMAIL")
OIDC_TIMEOUT = max(1, envint("OIDC_TIMEOUT", 10))

# Kursmodus (aktiv/workshops): a join code works this many hours after the workshop opens;
# participants' answers are deleted this many days after it closes (its figures stay); one
# address may try to join at most WORKSHOP_JOINS_PER_IP times per WORKSHOP_JOIN_WINDOW
# seconds (a whole room behind one network address must fit; counted in CACHES, so set
# CACHE_URL when several processes serve).
WORKSHOP_CODE_HOURS = max(1, envint("WORKSHOP_CODE_HOURS", 12))
WORKSHOP_RETENTION_DAYS = max(1, envint("WORKSHOP_RETENTION_DAYS", 30))
WORKSHOP_JOINS_PER_IP = max(1, envint("WORKSHOP_JOINS_PER_IP", 300))
WORKSHOP_JOIN_WINDOW = max(1, envint("WORKSHOP_JOIN_WINDOW", 600))

# Integrations (aktiv/integrations): SCIM provisioning and tokens, and the invitations.
# Single sign-on is on when OIDC_ISSUER is set (above).
# How many days the link in a new person's invitation works (once).
INVITATION_DAYS = max(1, envint("INVITATION_DAYS", 14))
# Tokens are refused over plain HTTP (request.is_secure(), which honours
# SECURE_PROXY_SSL_HEADER behind a proxy), unless DEBUG.
INTEGRATIONS_REQUIRE_HTTPS = envbool("INTEGRATIONS_REQUIRE_HTTPS", "0" if DEBUG else "1")
# Requests one API token may make per minute (/api/v1/).
API_RATE_PER_MINUTE = max(1, envint("API_RATE_PER_MINUTE", 120))
