"""No silent overwrite: an editor who saves a page that someone else saved since they opened it
is stopped with a message naming who, their changes kept in the form. Wagtail 8 refuses such a
save only for its autosave (and shows a notice while both edit); this does the same for the
save and publish buttons, with Wagtail's own test of what the form was loaded from (the
revision's id, and its time: an autosave rewrites a revision in place), so that both agree.
One's own newer revision (an autosave, another tab) is no conflict. The form shown again
carries the newest revision: saving it again is a deliberate choice."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def newer_revision(instance, data, user=None):
    """The revision someone else saved since the form was loaded, or None: the form is up to
    date, the newest revision is `user`'s own, or the form says nothing of what it was loaded
    from (a new page, a script)."""
    if not getattr(instance, "pk", None):
        return None
    latest = instance.get_latest_revision()
    if latest is None:
        return None
    if user is not None and latest.user_id is not None and latest.user_id == user.pk:
        return None
    overwrite = str(data.get("overwrite_revision_id") or "")
    loaded = str(data.get("loaded_revision_id") or "")
    if overwrite:
        stale = overwrite != str(latest.pk)
    elif loaded:
        stale = loaded != str(latest.pk) or (
            data.get("loaded_revision_created_at", "") != latest.created_at.isoformat()
        )
    else:
        return None
    return latest if stale else None


class NoSilentOverwriteMixin:
    """For a page's admin form (before WagtailAdminPageForm in the bases)."""

    def clean(self):
        cleaned_data = super().clean()
        latest = newer_revision(self.instance, self.data, getattr(self, "for_user", None))
        if latest is not None:
            user = latest.user
            who = (user.get_full_name() or user.get_username()) if user else _("Someone")
            self.add_error(
                None,
                ValidationError(
                    _(
                        "%(who)s saved this page since you opened it: saving now would replace "
                        "their changes. Compare the versions in the page's history, then save "
                        "again to keep yours."
                    )
                    % {"who": who},
                    code="newer_revision",
                ),
            )
        return cleaned_data
