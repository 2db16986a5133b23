"""No silent overwrite: an editor who saves a page that someone else saved since they opened it
is stopped with a message and a link to compare the two versions, their changes kept in the
form. Wagtail 8 refuses such a save only for its autosave (and shows a notice while both edit);
this does the same for the save and publish buttons, from the revision the form was loaded with
(`loaded_revision_id`, or the editor's own autosave, `overwrite_revision_id`). The form shown
again carries the newest revision: saving it again is a deliberate choice."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


def newer_revision(instance, data) -> tuple[str, object] | None:
    """(the revision the form was loaded from, the one saved since), or None: the form is up
    to date, or says nothing of what it was loaded from (a new page, a script)."""
    if not getattr(instance, "pk", None):
        return None
    loaded = str(data.get("overwrite_revision_id") or data.get("loaded_revision_id") or "")
    if not loaded.isdigit():
        return None
    latest = instance.get_latest_revision()
    if latest is None or str(latest.pk) == loaded:
        return None
    return loaded, latest


class NoSilentOverwriteMixin:
    """For a page's admin form (before WagtailAdminPageForm in the bases)."""

    def clean(self):
        cleaned_data = super().clean()
        newer = newer_revision(self.instance, self.data)
        if newer is not None:
            loaded, latest = newer
            user = latest.user
            who = (user.get_full_name() or user.get_username()) if user else ""
            compare = reverse(
                "wagtailadmin_pages:revisions_compare", args=[self.instance.pk, loaded, latest.pk]
            )
            self.add_error(
                None,
                ValidationError(
                    format_html(
                        _(
                            "{who} saved this page since you opened it: saving now would "
                            'replace their changes. <a href="{compare}" target="_blank">Compare '
                            "the versions</a>, then save again to keep yours."
                        ),
                        who=who or _("Someone"),
                        compare=compare,
                    ),
                    code="newer_revision",
                ),
            )
        return cleaned_data
