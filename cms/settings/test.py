"""Settings for the test suite: jobs run synchronously, e-mails stay in memory, fast hashing."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, Q_CLUSTER, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]

# The example workflow plugin is tested as a deployment that lists it in HC_PLUGINS would run it.
TEST_PLUGINS = ["plugins.legal_review"]
INSTALLED_APPS = INSTALLED_APPS + [app for app in TEST_PLUGINS if app not in INSTALLED_APPS]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The provider's webhooks are served (mailings' bounces), behind this basic-auth secret.
ANYMAIL = {"WEBHOOK_SECRET": "webhook:test-only-secret"}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One folder per pytest-xdist worker: two workers never write a file of the same name.
MEDIA_ROOT = VAR_DIR / f"test-media-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
DEMO_PASSWORD = "heure-civique-demo"
# The tests log moderators into the admin with the test client; tests/accounts/ turn it on.
OTP_REQUIRED = False
# WhiteNoise reads files as they are asked for (no collectstatic before the tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# On SQLite the test database is a file, not memory: threads then wait for each other's
# IMMEDIATE transactions (the capacity of an action is tested under 50 concurrent sign-ups)
# instead of failing at once with "table is locked". One file per run, so that two runs in
# one checkout (a developer's and CI's) don't share it; Django deletes it at the end.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        VAR_DIR / f"test-{os.getpid()}.sqlite3"
    )
else:  # PostgreSQL: one test database per run as well
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
    )
