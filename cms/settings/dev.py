"""Settings for a developer's machine and the demo: debug on, e-mails written to var/mail/."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_list

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Each message the platform sends is written to a file under var/mail/ for a person to read.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"

# The demo's users have a documented password; only these settings allow the demo to set it.
DEMO_PASSWORD = "heure-civique-demo"

# The demo's moderator and administrator log in with their password only, unless asked.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
