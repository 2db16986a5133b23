from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalReviewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plugins.legal_review"
    label = "legal_review"
    verbose_name = _("Legal review")
