"""Care Circle settings: one file, configured by environment variables.

With no environment at all it runs on the embedded SQLite database in ``var/``.
"""

import importlib.util
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from carecircle.lib.crypto import DEVELOPMENT_FIELD_KEY
from carecircle.lib.env import env_bool, env_choice, env_int, env_list, env_str, require_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CARECIRCLE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_key(name: str) -> str:
    """A key kept beside the embedded database, for machines without one in the environment."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# CARECIRCLE_ENV=production serves over HTTPS only (see "Production" below) and refuses
# to start without the operator's own keys and host names: nothing is generated or
# assumed. Anything else is development, on plain http at 127.0.0.1.
PRODUCTION = (
    env_choice("CARECIRCLE_ENV", choices=("development", "production"), default="development")
    == "production"
)
if PRODUCTION:
    require_env(
        "CARECIRCLE_SECRET_KEY",
        "CARECIRCLE_AUDIT_KEY",
        "CARECIRCLE_ALLOWED_HOSTS",
        because="CARECIRCLE_ENV is production",
        hints={
            "CARECIRCLE_SECRET_KEY": "at least 50 random characters, e.g. the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'",
            "CARECIRCLE_AUDIT_KEY": "the audit chain's key, made the same way; keep it "
            "out of the database and its backups",
            "CARECIRCLE_ALLOWED_HOSTS": "the host names people reach Care Circle at, "
            "comma-separated, e.g. carecircle.example.gov",
        },
    )

SECRET_KEY = env_str("CARECIRCLE_SECRET_KEY") or _local_key("secret_key")
# The audit chain's HMAC key never lives in the database it protects.
AUDIT_HMAC_KEY = (env_str("CARECIRCLE_AUDIT_KEY") or _local_key("audit_key")).encode()
DEBUG = env_bool("CARECIRCLE_DEBUG", default=False)
ALLOWED_HOSTS = env_list("CARECIRCLE_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CARECIRCLE_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on through each county's own provider (accounts.sso).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "axes",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "carecircle.accounts",
    "carecircle.audit",
    "carecircle.sharing",
    "carecircle.youth",
    "carecircle.records",
    "carecircle.clocks",
    "carecircle.meetings",
    "carecircle.referrals",
    "carecircle.justice",
    "carecircle.sealing",
    "carecircle.reports",
    "carecircle.api",
    "carecircle.imports",
    "carecircle.screening",
    "carecircle.demo",
    "carecircle.lib",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Near the top, so that every answer carries them: error pages raised by the
    # middleware below included.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "carecircle.lib.headers.SecurityHeadersMiddleware",
    "carecircle.audit.middleware.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "carecircle.accounts.middleware.SessionTimeoutMiddleware",
    "carecircle.accounts.middleware.UseNoticeMiddleware",
    "carecircle.accounts.middleware.SingleSignOnFormsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "carecircle.accounts.mfa.EnrolmentMiddleware",
    "carecircle.sharing.middleware.PolicyFactsMiddleware",
    # Axes goes last so that it sees the outcome of the sign-in view.
    "axes.middleware.AxesMiddleware",
]

# In the tests, an N+1 in a request fails it (django-zeal, a development dependency):
# rows of one queryset that each then ask the database for a relation, or the same
# lookup repeated from one line, are caught where they happen.
TESTING = "pytest" in sys.modules
if TESTING and importlib.util.find_spec("zeal"):
    INSTALLED_APPS.append("zeal")
    MIDDLEWARE.append("zeal.middleware.zeal_middleware")
    ZEAL_RAISE = env_bool("CARECIRCLE_NPLUSONE_RAISE", default=True)
    ZEAL_ALLOWLIST = [
        # allauth keeps a sign-in's own short session beside the person's: a second
        # session read in those requests, never more.
        {"model": "accounts.UserSession", "field": "get()"},
        # A youth read again after a write (the API's answer after a change or a stale
        # edit), or the two records of a merge: twice in a request at most.
        {"model": "youth.Youth", "field": "get()"},
    ]

ROOT_URLCONF = "carecircle.urls"
# The benchmark's server (bench/run.py) adds its floor page and a youth profile without
# its audit entry. Never in production.
BENCHMARK = env_bool("CARECIRCLE_BENCHMARK", default=False)
if BENCHMARK:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "CARECIRCLE_BENCHMARK cannot be set when CARECIRCLE_ENV is production: the "
            "benchmark's pages leave out audit entries."
        )
    ROOT_URLCONF = "carecircle.benchmark.urls"
WSGI_APPLICATION = "carecircle.wsgi.application"

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
                "csp.context_processors.nonce",
                "carecircle.accounts.context_processors.workspace",
            ],
        },
    }
]

# Databases -----------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'carecircle.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
        # at the start of a transaction, so concurrent writers queue instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


def _without_jit(database: dict) -> dict:
    """Care Circle's queries are many and short; PostgreSQL's JIT compiler took longer to
    compile them than they took to run (docs/benchmarks.md). Added to the connection's
    own options (TLS settings, a statement timeout), never in place of them."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return database


_without_jit(DATABASES["default"])
# Reports may read from a hot standby (carecircle/lib/replica.py). In tests it is the
# primary itself (a mirror), so that what a test writes can be read back there.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **_without_jit(dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["carecircle.lib.replica.ReplicaRouter"]
CARECIRCLE_REPLICA_MAX_LAG_SECONDS = env_int("CARECIRCLE_REPLICA_MAX_LAG_SECONDS", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # A database cache keeps allauth's rate limits across worker processes.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "carecircle_cache",
    }
}

# The API: tokens or the session (with CSRF); JSON only (no browsable pages, which
# would need inline scripts); every view states the scope it needs; documented errors.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "carecircle.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["carecircle.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["carecircle.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("CARECIRCLE_API_RATE", "600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "carecircle.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_standardized_errors.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Care Circle API",
    "DESCRIPTION": (
        "The same records, rules and audit as the pages: every answer is what the "
        "signed-in person or the token's owner may see, and nothing of another county."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # drf-standardized-errors' error codes, named once in the schema.
    "ENUM_NAME_OVERRIDES": {
        name: f"drf_standardized_errors.openapi_serializers.{name}.choices"
        for name in (
            "ValidationErrorEnum",
            "ClientErrorEnum",
            "ServerErrorEnum",
            "ParseErrorCodeEnum",
            "ErrorCode401Enum",
            "ErrorCode403Enum",
            "ErrorCode404Enum",
            "ErrorCode405Enum",
            "ErrorCode406Enum",
            "ErrorCode415Enum",
            "ErrorCode429Enum",
            "ErrorCode500Enum",
        )
    }
    | {
        # Choice sets that several fields share, named once.
        "RecordClassEnum": "carecircle.sharing.classes.RecordClass",
        "ReferralStatusEnum": "carecircle.referrals.models.ReferralStatus",
        "MeetingStatusEnum": "carecircle.meetings.models.MeetingStatus",
        "ActionItemStatusEnum": "carecircle.meetings.models.ActionStatus",
        "ImportKindEnum": "carecircle.imports.models.ImportKind",
        "ReportKindEnum": "carecircle.clocks.models.ReportKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
    ],
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Sign-in -------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # SECURITY.md: 15 characters, or 8 for people with a second factor. There is no MFA
    # yet, so everyone needs 15; the MFA work lowers it for enrolled people here.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    # Any passphrase a person types (SECURITY.md asks for 64 at least); no megabytes.
    {
        "NAME": "carecircle.accounts.passwords.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
    # Django's bundled list of about 20,000 common passwords. No breached-password
    # service is called: see docs/decisions/0007-password-rules.md. No composition rules.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "carecircle.accounts.adapters.AccountAdapter"
ACCOUNT_PREVENT_ENUMERATION = True

# Two-step sign-in for everyone: an authenticator app, a security key or passkey, and
# recovery codes; never SMS or e-mail codes. carecircle/accounts/mfa.py keeps anyone
# without one on the set-up pages.
# Exports, prints, consent changes and emergency access ask for the password (or the
# second step) again when the last sign-in or confirmation is older than this.
CARECIRCLE_REAUTHENTICATE_MINUTES = env_int("CARECIRCLE_REAUTHENTICATE_MINUTES", default=15)
# Who still sees a youth whose record a court has sealed (WIC 781, 786): the roles that
# carry out the order. Everyone else loses the record from every list, search and count.
CARECIRCLE_SEALED_RECORD_ROLES = env_list(
    "CARECIRCLE_SEALED_RECORD_ROLES", default=["court_liaison"]
)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_ADAPTER = "carecircle.accounts.adapters.MfaAdapter"
# Counties' identity providers come from accounts.CountySignIn (no SocialApp rows); they
# sign in existing accounts only, matched by e-mail within the county.
SOCIALACCOUNT_ADAPTER = "carecircle.accounts.sso.CountySignInAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = ""
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Care Circle"
# Accounts are made by county administrators, not by e-mail sign-up: an address is not
# verified by a link, and that must not stop anyone setting up their second step.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# A code is accepted one 30-second step either side of now (clock drift on phones);
# each code is accepted once.
MFA_TOTP_TOLERANCE = 1
# WebAuthn needs a secure origin: plain http is allowed only where the site is not
# served over https (development on 127.0.0.1, the tests).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not env_bool("CARECIRCLE_SECURE_COOKIES", default=False)

# Five consecutive failures lock the account for ten minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=10)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts ten minutes from the fifth failure; attempts during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "account/locked.html"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Locking by address as well would lock out a whole county office behind one NAT
# address; allauth's "login_failed" rate limit throttles by address instead, with room
# for an office. (A per-account allauth limit would pre-empt the axes lockout.)
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
ACCOUNT_RATE_LIMITS = {"login_failed": "30/10m/ip"}

# Database sessions that record whose they are, so all of a person's can be ended; and
# a new sign-in ends the person's other sessions. See docs/decisions/0006-sessions-*.md.
SESSION_ENGINE = "carecircle.accounts.session_store"
CARECIRCLE_SINGLE_SESSION = env_bool("CARECIRCLE_SINGLE_SESSION", default=True)
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("CARECIRCLE_SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("CARECIRCLE_SESSION_MAX_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("CARECIRCLE_SECURE_COOKIES", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Every <script> tag carries the request's nonce; no script is written inline.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Production: HTTPS only ------------------------------------------------------
# Behind a proxy that ends TLS, Django must learn that the request came over HTTPS.
# gunicorn already trusts X-Forwarded-Proto from a proxy on the same machine (its
# forwarded_allow_ips); for a proxy elsewhere, name the header it sets, e.g.
# X-Forwarded-Proto, and make sure the proxy overwrites whatever a client sent in it.
_PROXY_SSL_HEADER = env_str("CARECIRCLE_PROXY_SSL_HEADER")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured(
            "CARECIRCLE_DEBUG cannot be true when CARECIRCLE_ENV is production: debug "
            "pages show settings and records to whoever causes an error."
        )
    if not SECURE_COOKIES:
        raise ImproperlyConfigured(
            "CARECIRCLE_SECURE_COOKIES cannot be false when CARECIRCLE_ENV is production."
        )
    SECURE_SSL_REDIRECT = True
    # A load balancer may ask for the health check over plain http from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 31_536_000  # one year
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Asking browsers to preload HTTPS binds every name under the registrable domain,
    # usually the county's, and takes months to undo: the domain's owner decides, so
    # the check that asks for it (security.W021) is silenced until they have.
    SECURE_HSTS_PRELOAD = env_bool("CARECIRCLE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]

# Language, time ------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Static files --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Care Circle ---------------------------------------------------------------

CARECIRCLE_PAGE_SIZE = 25
# Field encryption (docs/decisions/0004-field-encryption.md): comma-separated Fernet
# keys, the first encrypts and all decrypt. They are dedicated keys, never derived from
# SECRET_KEY, and like the audit key they stay out of the database and its backups.
# !!! WITHOUT CARECIRCLE_FIELD_KEYS THE PUBLIC DEVELOPMENT KEY IS USED !!! It is derived
# from a constant in carecircle/lib/crypto.py, so anyone can decrypt with it: it is for
# the demo, development and tests only. Production refuses to start without real keys,
# and `manage.py check --deploy` fails (lib.E001) whenever DEBUG is off without them.
if PRODUCTION:
    require_env(
        "CARECIRCLE_FIELD_KEYS",
        because="CARECIRCLE_ENV is production",
        hints={
            "CARECIRCLE_FIELD_KEYS": "comma-separated field encryption keys, each the output "
            "of python3 -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())' (see docs/operations.md)"
        },
    )
CARECIRCLE_FIELD_KEYS = env_list("CARECIRCLE_FIELD_KEYS", default=[]) or [DEVELOPMENT_FIELD_KEY]
# Uploaded files: outside the web root, served only through views that ask the policy.
PRIVATE_FILES_ROOT = Path(env_str("CARECIRCLE_FILES_DIR", str(VAR_DIR / "files")))
MAX_UPLOAD_BYTES = env_int("CARECIRCLE_MAX_UPLOAD_MB", default=10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
# How long emergency (break-glass) access lasts.
BREAK_GLASS_MINUTES = env_int("CARECIRCLE_BREAK_GLASS_MINUTES", default=60)
# The WIC §18961.7 sharing window after a report.
SHARING_WINDOW_DAYS = 30
CARECIRCLE_DEMO_PASSWORD = env_str("CARECIRCLE_DEMO_PASSWORD", "circle-of-care-demo")

# E-mail: printed to the console for the demo; SMTP in production when a host is set.
EMAIL_HOST = env_str("CARECIRCLE_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("CARECIRCLE_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env_str("CARECIRCLE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("CARECIRCLE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CARECIRCLE_EMAIL_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("CARECIRCLE_EMAIL_FROM", "Care Circle <no-reply@localhost>")
# The address people reach Care Circle at, for links in e-mail.
CARECIRCLE_BASE_URL = env_str("CARECIRCLE_BASE_URL", "http://127.0.0.1:8000")
# Statewide figures count days and quarters in the state's own time zone.
CARECIRCLE_STATE_TIME_ZONE = env_str("CARECIRCLE_STATE_TIME_ZONE", "America/Los_Angeles")
# The clock sweep looks this far ahead for "due soon" (the longest lead a person may
# choose), and sends the daily digest after this hour, county time.
CLOCK_MAX_LEAD_HOURS = 72
CLOCK_DIGEST_HOUR = 7

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CARECIRCLE_LOG_LEVEL", "INFO")},
    # Axes logs usernames and addresses at INFO; application logs hold no personal data.
    # WeasyPrint narrates each PDF it builds at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
