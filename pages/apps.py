from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signals, translations
        from .agenda.occurrences import fill_after_migrate

        signals.connect()
        translations.connect()  # translations held when their source goes back into moderation
        # An existing database gets the rows of its actions once the occurrences table exists.
        post_migrate.connect(fill_after_migrate, sender=self, dispatch_uid="pages-occurrences")
