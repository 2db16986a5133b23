"""The admin form every page type starts from: Wagtail's, refusing to overwrite silently a
version someone saved since the editor opened the page (core/revisions.py)."""

from wagtail.admin.forms import WagtailAdminPageForm

from core.revisions import NoSilentOverwriteMixin


class PageForm(NoSilentOverwriteMixin, WagtailAdminPageForm):
    pass
