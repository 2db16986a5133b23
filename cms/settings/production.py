"""Production settings: everything secret or host-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEFAULT_STORAGE, env_bool, env_list, env_proxy_ssl_header

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The front ends on other origins that read the API from a browser (README "A front end on
# another site"): none unless listed; the API only (base.py CORS_URLS_REGEX), reading only but
# for the public forms' POST (cms/middleware.py), never with cookies.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")

# Superusers and moderators give a second factor to reach the admin, whatever the environment.
OTP_REQUIRED = True

# Uploaded and generated files: the bucket when AWS_STORAGE_BUCKET_NAME is set, else MEDIA_ROOT.
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The proxy in front must set (not pass on) this header; "" when the site is reached directly.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("HTTP_X_FORWARDED_PROTO,https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asking to be on the browsers' preload list is a commitment: only when the environment says so.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin frame: DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# Django's W003 looks for its CSRF middleware by name; core.sites.SiteOriginsCsrfMiddleware is a
# subclass of it (trusting the dedicated sites' origins), and core.E005 checks that one is there.
SILENCED_SYSTEM_CHECKS.append("security.W003")
if not SECURE_HSTS_PRELOAD:
    # Django's deploy check asks for preload; here it is the environment's deliberate choice.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Operations. /health/ answers load balancers over plain HTTP too (they ask each node directly,
# without X-Forwarded-Proto): a redirect to HTTPS would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
