"""Settings shared by every environment, read from the environment (12-factor).

Environment variables:
- DATABASE_URL: e.g. postgres://user@127.0.0.1:5432/heurecivique (default: SQLite in var/).
- REDIS_URL: e.g. redis://127.0.0.1:6379/0; when set, Redis is the cache (the jobs' queue is
  always in the database: see Q_CLUSTER below).
- SECRET_KEY, ALLOWED_HOSTS (comma-separated): required in production.
- WAGTAILADMIN_BASE_URL: the public address of the site (e.g. https://heure-civique.mayenne.fr),
  the one base of every absolute address: e-mails, feeds, the API, QR codes; the default Wagtail
  Site follows it after `migrate` (and `manage.py set_public_address`).
- TRUSTED_PROXIES: how many reverse proxies stand in front of the site (default 0): the client's
  address is then read from X-Forwarded-For (core/clients.py), never when 0.
- SECURE_PROXY_SSL_HEADER: the header and value by which the proxy says the request came over
  HTTPS, e.g. HTTP_X_FORWARDED_PROTO,https (production's default; "" disables it).
- EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
  DEFAULT_FROM_EMAIL: mail settings (SMTP in production).
- CSP_MEDIA_ORIGINS (comma-separated): other addresses images are served from (object storage,
  a CDN), allowed by the Content-Security-Policy (core/headers.py).
- SECURE_HSTS_PRELOAD: true to ask browsers' HSTS preload list (production; default false).
- OTP_REQUIRED_GROUPS (comma-separated group names): groups whose members must use two-factor
  authentication in the admin, besides superusers and the moderators (accounts/two_factor.py).
- OTP_REQUIRED: whether those users must (always on in production; off in cms.settings.dev
  unless set to true, so that the demo's moderator logs in with a password).
- SUBMISSION_RETENTION_DAYS: days after which an initiative proposed through the public form,
  never published and left unfinished or turned down, is deleted with its photos (default 90).
- SUPPORT_RETENTION_DAYS: days after its last change when a help centre's ticket loses the
  requester's name, e-mail and messages (default 365).
- MAILINGS_SOFT_BOUNCES_TO_STOP: soft bounces in a row (a full mailbox, a server down) the
  e-mail provider reports before an address stops receiving mailings (default 3).
- PROSPECT_RETENTION_DAYS: days after its last change when a prospected commune loses its
  mairie's contact (name, e-mail, telephone) and its notes (default 730).
- LOGIN_FAILURE_LIMIT_PER_ADDRESS: wrong admin passwords from one client address (all accounts
  together) that pause its log-ins for 15 minutes (default 30; one account pauses after 5).

- AWS_STORAGE_BUCKET_NAME: when set, uploaded and generated files (images and their renditions,
  documents, kits) are kept in this S3-compatible bucket instead of MEDIA_ROOT, so that every web
  node and worker reads and writes the same files (object_storage() below); with it:
  AWS_S3_ENDPOINT_URL (empty for Amazon S3, e.g. https://s3.fr-par.scw.cloud), AWS_S3_REGION_NAME,
  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (else boto3's usual sources: an instance role...),
  AWS_S3_ADDRESSING_STYLE (path for MinIO and most self-hosted servers), AWS_LOCATION (a prefix
  of the keys), AWS_QUERYSTRING_EXPIRE (seconds an image's signed address lasts, default 1 day).
- KITS_ACCEL_REDIRECT: behind nginx with files on the local disk, the internal location that
  serves MEDIA_ROOT/kits/ (deploy/nginx/), e.g. /_kits/: a kit download then answers with an
  X-Accel-Redirect header and nginx sends the file (kits/serving.py). Empty (the default):
  Django streams it. Without effect with a bucket (a download redirects to the object).
- PAGE_CACHE_SECONDS: how long the proxy's page cache (deploy/nginx/) may keep an anonymous
  page (s-maxage, default 300; browsers keep it 30 s: core/http_cache.py). Published changes
  purge it at once when FRONTEND_CACHE_PURGE_URL is set.
- FRONTEND_CACHE_PURGE_URL: the proxy's purge address, heard on loopback only (deploy/nginx/,
  e.g. http://127.0.0.1:8081): on publish, unpublish, move, delete and view restriction, the
  pages that show the change and their feeds are purged there (pages/purge.py). Empty (the
  default): nothing is purged, the proxy keeps a page PAGE_CACHE_SECONDS at most.
- SENTRY_DSN: errors reported to Sentry when set (core/sentry.py).
- LOG_LEVEL: the logs' level (default WARNING), one JSON line per event on stdout.
- HEALTH_QUEUE_MAX_AGE: seconds a job may wait before /health/ fails (default 600).
- HC_PLUGINS (comma-separated dotted app paths, e.g. plugins.legal_review): the workflow plugins
  to install, apps that add moderation task types (workflows/README.md).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_proxy_ssl_header(default: str = "") -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER from "HEADER,value" (e.g. HTTP_X_FORWARDED_PROTO,https); None
    when empty."""
    items = env_list("SECURE_PROXY_SSL_HEADER", default)
    if not items:
        return None
    if len(items) != 2 or not items[0].startswith("HTTP_"):
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be HEADER,value, e.g. HTTP_X_FORWARDED_PROTO,https."
        )
    return items[0], items[1]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (core/clients.py), and the
# header by which the last one says the client used HTTPS (request.is_secure()).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header()

INSTALLED_APPS = [
    # Heure Civique
    "cms",
    "core",
    "territories",
    "pages",
    "snippets",
    "kits",
    "volunteers",
    "helprequests",
    "support",
    "workflows",
    "onboarding",
    "accounts",
    "prospecting",
    "practices",
    "mailings",
    "demo",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail_headless_preview",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "corsheaders",
    "django_q",
    "anymail",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# Workflow plugins: apps that add task types, installed only where the environment lists them
# (workflows/README.md); nothing of the project depends on one.
HC_PLUGINS = env_list("HC_PLUGINS")
INSTALLED_APPS += [app for app in dict.fromkeys(HC_PLUGINS) if app not in INSTALLED_APPS]

MIDDLEWARE = [
    # The hosts: ALLOWED_HOSTS and the dedicated sites' (core/sites.py), before anything reads it.
    "core.sites.SiteHostsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.headers.SecurityHeadersMiddleware",
    # Around CorsMiddleware: POST allowed to other origins on the public forms' endpoints only.
    "cms.middleware.APIWriteCorsMiddleware",
    # Before anything that may answer (CommonMiddleware): CORS headers on /api/ only.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session's and CSRF's: it sees the cookies they set (core/http_cache.py).
    "core.http_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "pages.languages.RegionalLanguageMiddleware",  # Breton where a department publishes in it
    "cms.middleware.APILanguageMiddleware",
    # Cache-Control, ETag and Last-Modified of the API's public answers: a 304 when nothing
    # changed, without building the answer (core/api_cache.py).
    "cms.middleware.APICacheMiddleware",
    # Before anything reads the form or queries the database (core/requests.py).
    "core.requests.RefuseUnreadableRequestsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.sites.SiteOriginsCsrfMiddleware",  # Django's, trusting the dedicated sites' origins
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who gave their second factor in this session, then the admin asks for it (accounts/).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: it answers a locked-out log-in (core/logins.py).
    "axes.middleware.AxesMiddleware",
]

# The admin's log-in: repeated failures lock the account (5 wrong passwords, from anywhere) or
# the client address (30, all accounts together: a mairie office shares one address) out for
# a while (django-axes), whichever reaches its limit first; core/logins.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30"))
AXES_HANDLER = "core.logins.LockoutHandler"

# The admin's second factor (accounts/two_factor.py): superusers, the national moderators and
# the groups named here must use a code from an authenticator app when OTP_REQUIRED is on
# (always in production); every other admin user may. Wrong codes slow the next tries down.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_REQUIRED_GROUPS = env_list("OTP_REQUIRED_GROUPS")
OTP_TOTP_ISSUER = "Heure Civique"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.logins.client_ip"
AXES_LOCKOUT_CALLABLE = "core.logins.locked_out"
# Successful log-ins are not recorded (nobody reads them); failures are kept a day (core/logins.py).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # Django's `date` filter, but "1er" for the first of the month in French.
            "builtins": ["core.templatetags.dates"],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'heurecivique.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web server, job worker) share the file: wait for locks, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French is the default and has no URL prefix; the others are prefixed (/en/, /br/).
# A regional language (Breton) is offered only under the departments that publish in it
# (DepartmentPage.regional_language, pages/languages.py); the admin has no Breton (Wagtail has
# none), content does. Adding a language: docs/languages.md.
# A refused form gets the site's own page, in French (Django's is technical and English).
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

LANGUAGE_CODE = "fr"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français"), ("en", "English"), ("br", "Brezhoneg")]
REGIONAL_LANGUAGES = ["br"]
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Wagtail's pages for a restricted page (its log-in at /_util/login/, its password form), in the
# site's layout; the admin's log-in form with its labels in French (accounts/forms.py).
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "core/frontend_login.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "core/password_required.html"
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.LoginForm"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"


def object_storage() -> dict | None:
    """STORAGES["default"] on the S3-compatible bucket the environment names, or None (local
    disk). The bucket stays private: objects get no ACL of their own (the bucket's, private, by
    default), and every address the storage gives out (the images' renditions) is signed and
    expires. Documents are never handed out by address: Django streams them after its own
    checks (WAGTAILDOCS_SERVE_METHOD below); a kit, public, is a redirect to its signed address
    (kits/serving.py). Names are never overwritten
    (two images called logo.png are two objects)."""
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 24 * 3600),
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    for variable, option in [
        ("AWS_S3_ENDPOINT_URL", "endpoint_url"),
        ("AWS_S3_REGION_NAME", "region_name"),
        ("AWS_ACCESS_KEY_ID", "access_key"),
        ("AWS_SECRET_ACCESS_KEY", "secret_key"),
        ("AWS_S3_ADDRESSING_STYLE", "addressing_style"),
        ("AWS_LOCATION", "location"),
    ]:
        value = os.environ.get(variable, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


DEFAULT_STORAGE = object_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def kits_accel_redirect() -> str:
    """KITS_ACCEL_REDIRECT, checked: an absolute path ending with "/", or empty."""
    value = os.environ.get("KITS_ACCEL_REDIRECT", "").strip()
    if value and not (value.startswith("/") and value.endswith("/")):
        raise ImproperlyConfigured("KITS_ACCEL_REDIRECT must start and end with '/', e.g. /_kits/")
    return value


KITS_ACCEL_REDIRECT = kits_accel_redirect()

# The proxy's page cache (core/http_cache.py, deploy/nginx/) and its purge on publish
# (pages/purge.py, through wagtail.contrib.frontend_cache's HTTP backend: a PURGE request).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "").strip()
WAGTAILFRONTENDCACHE = (
    {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# A request's whole body, files included, refused above this (413) before anything reads it
# (core/headers.py); nginx's client_max_body_size says the same (deploy/nginx/).
MAX_REQUEST_BODY_SIZE = 12 * 1024 * 1024
# Addresses images may also come from (object storage, a CDN), for the Content-Security-Policy.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
# No third-party request from the admin: avatars are the users' uploads, or initials.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor to releases.wagtail.org from every administrator's dashboard (the Content-Security-Policy
# refuses it anyway): upgrades are the deployment's business (uv.lock).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# What another site learns of the page a link on ours was followed from: nothing.
SECURE_REFERRER_POLICY = "same-origin"

# Cache: Redis when REDIS_URL is set, otherwise files under var/.
# The cache is shared by the web server's processes and the job worker's (a page published by
# a job must make the web server build its feeds again): files, not each process's memory.
# Redis unreachable or slow, the site goes on without cache (core/cache.py): its timeouts are
# short, a page waits at most about a second for it, once every few seconds.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "heurecivique",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Jobs: django-q2's ORM broker, in the database, whatever the cache. A job is a row, written in
# the transaction that queues it; a worker takes it by locking it for `retry` seconds and
# deletes it when done, so a job whose worker died is taken again after `retry`, never lost.
# (Redis' broker pops a job off its list: the job of a worker that dies is gone. README.md,
# "Deploying".) `retry` must stay longer than `timeout`, or a slow job would run twice.
Q_CLUSTER = {
    "name": "heurecivique",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 5,
    "queue_limit": 50,
    "label": "Jobs",
    "catch_up": False,
    "orm": "default",
    # The successes' records kept (the newest); core.jobs.purge_finished_jobs deletes every
    # finished job's record (failures too) after JOB_RECORDS_KEPT_DAYS.
    "save_limit": 250,
}
JOB_RECORDS_KEPT_DAYS = 7
# The outbox (core/outbox.py): what a sent e-mail said (addresses, bodies, magic links) is
# erased after this many days; the record of its delivery (its key, its dates) after that many.
OUTBOX_CONTENT_KEPT_DAYS = 7
OUTBOX_RECORDS_KEPT_DAYS = 90
# An initiative proposed through the public form and never published is deleted, with its
# photos and its submitter's name and e-mail, this many days after the last step of its
# moderation (changes requested and never sent again, moderation cancelled): workflows/retention.py.
SUBMISSION_RETENTION_DAYS = int(os.environ.get("SUBMISSION_RETENTION_DAYS", "90"))
# A help centre's ticket (the requester's name, e-mail and message, and the answers) is erased
# this many days after its last change: support/services.py erase_old_tickets.
SUPPORT_RETENTION_DAYS = int(os.environ.get("SUPPORT_RETENTION_DAYS", "365"))
# A prospected commune's mairie contact and notes are erased this many days after the row's
# last change: prospecting/services.py erase_old_contacts.
PROSPECT_RETENTION_DAYS = int(os.environ.get("PROSPECT_RETENTION_DAYS", "730"))
# An address stops receiving mailings after this many soft bounces in a row (mailings/bounces.py).
MAILINGS_SOFT_BOUNCES_TO_STOP = int(os.environ.get("MAILINGS_SOFT_BOUNCES_TO_STOP", "3"))

# /health/ (core/health.py) fails when the oldest job waiting is older than this, in seconds.
HEALTH_QUEUE_MAX_AGE = int(os.environ.get("HEALTH_QUEUE_MAX_AGE", "600"))

# E-mail: SMTP configured from the environment.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# A job holds its outbox row's lock while it talks to the mail server: never forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "L'Heure Civique <ne-pas-repondre@heurecivique.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An e-mail provider's bounces and complaints (mailings/bounces.py): django-anymail's webhooks,
# at /anymail/<provider>/tracking/, served only when their basic-auth secret ("user:password")
# is set. The provider's sending backend, if used, is EMAIL_BACKEND (e.g.
# anymail.backends.postmark.EmailBackend) with its keys in ANYMAIL_* variables.
ANYMAIL = {
    key: os.environ[f"ANYMAIL_{key}"]
    for key in (
        "WEBHOOK_SECRET",
        "POSTMARK_SERVER_TOKEN",
        "MAILGUN_API_KEY",
        "MAILGUN_WEBHOOK_SIGNING_KEY",
        "BREVO_API_KEY",
    )
    if os.environ.get(f"ANYMAIL_{key}")
}

# Wagtail
WAGTAIL_SITE_NAME = "L'Heure Civique"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# French stemming for the full-text search on PostgreSQL (SQLite's FTS5 has no French stemmer),
# without accents (`epicerie` finds `épicerie`, as on SQLite): the configuration is created by
# core's migration 0004.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"}
    | (
        {"SEARCH_CONFIG": "french_unaccent"}
        if "postgresql" in DATABASES["default"]["ENGINE"]
        else {}
    )
}
# Documents are streamed by Wagtail's view, which checks their collection's privacy first, on
# local disk and on a bucket alike (never a redirect to the bucket's address).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# SVG logos are drawn as vectors in the kits; the image form refuses an SVG that carries scripts
# or references to other files (kits/forms.py, kits/svg.py).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "kits.forms.ImageForm"
# The default storage, but the renditions of a photo awaiting moderation are kept under the
# private prefix with their original (core/privatemedia.py).
WAGTAILIMAGES_RENDITION_STORAGE = "core.privatemedia.RenditionStorage"
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# Rich text as the HTML a browser shows (links to pages and documents as their addresses),
# not Wagtail's internal `<a linktype="page" id="17">`; `?rich_text_format=db_html` still asks.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# How long a client or a shared cache may keep a public API answer before asking again (with
# its ETag: a 304 when nothing changed, cms/middleware.py).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# How long an ETag of the API holds at most when nothing changed (core/api_cache.py): the
# agenda's answers move with the clock (an occurrence past, registrations closed), so a client
# asking again after this many seconds gets the answer built anew.
API_ETAG_SECONDS = env_int("API_ETAG_SECONDS", 300)

# Front ends on other origins that may read the API from a browser (django-cors-headers):
# comma-separated origins (`https://www.mayenne.fr`), none by default; on /api/ only.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
# Reading only; the public forms' endpoints add POST (cms/middleware.py). Never with cookies
# (CORS_ALLOW_CREDENTIALS stays False).
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")

# Editors preview a draft in a front end on another site (pages/headless.py): its preview
# address per site, `host=url` pairs separated by commas, `default` for any other site, e.g.
# HEADLESS_PREVIEW_URLS=default=https://www.mayenne.fr/apercu/. None: no such preview.
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": dict(
        item.split("=", 1) for item in env_list("HEADLESS_PREVIEW_URLS") if "=" in item
    ),
    # Wagtail's preview panel opens the front end itself (scroll kept, accessibility checks).
    "REDIRECT_ON_PREVIEW": True,
}
# A volunteer who signed up through a front end on another site gets e-mailed links that open
# it (volunteers/sites.py): the confirmation (`?confirm=<token>`), their space (`?space=`), a
# registration (`?register=`), each added to its address. `origin=url` pairs separated by
# commas, the origin being the one the front end's sign-up came from (the request's Origin, one
# of CORS_ALLOWED_ORIGINS), e.g. HEADLESS_FRONT_END_URLS=https://www.mayenne.fr=https://www.
# mayenne.fr/heure-civique/. None: every link opens the site's own pages.
HEADLESS_FRONT_END_URLS = dict(
    item.split("=", 1) for item in env_list("HEADLESS_FRONT_END_URLS") if "=" in item
)

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

SITE_NAME = _("L'Heure Civique")

# Logs: one line per event (JSON) on stdout, tokens and e-mail addresses scrubbed
# (core/logging.py); LOG_LEVEL sets how much.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "core.logging.ScrubFilter"}},
    "formatters": {"one_line": {"()": "core.logging.OneLineFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "one_line",
            "filters": ["scrub"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Error reporting, when SENTRY_DSN is set (core/sentry.py: personal data scrubbed; sentry-sdk is
# the optional dependency group "sentry"). Unset, nothing of sentry-sdk is imported.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from core.sentry import init as init_sentry

    init_sentry(SENTRY_DSN)
