"""The help centre (/aide/, in each language) is a public page the proxy keeps
(core/http_cache.py): a question added, edited or deleted in the admin purges it once the
change commits, as pages/purge.py does for the pages."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_q.tasks import async_task

from core.addresses import site_url
from pages import purge


def help_centre_addresses() -> list[str]:
    """/aide/ in every language of the site: a question shows in its own, and a language
    without its translation shows the French one."""
    addresses = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                addresses.append(site_url() + reverse("support:help_centre"))
            except NoReverseMatch:
                continue
    return list(dict.fromkeys(addresses))


def purge_help_centre_on_commit(**kwargs) -> None:
    """A question's post_save and post_delete (apps.py)."""
    if purge.is_enabled():
        urls = help_centre_addresses()
        transaction.on_commit(lambda: async_task("pages.purge.purge", urls, group="purge"))
