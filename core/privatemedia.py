"""Uploaded files that are not public yet (the photos of a submission awaiting moderation): kept
under PRIVATE_PREFIX, which nginx refuses (deploy/nginx) and which the bucket, private as a
whole, never hands out unless the site signs an address for it; Django serves them only through
views that check who asks (workflows.admin_views.pending_photo).

A private original is named `private/submissions/pending-<24 hex digits>.<ext>`. Wagtail names a
rendition after its original's file name (cut to leave room for the filter's name), under
`images/`, whatever the original's folder: RenditionStorage (WAGTAILIMAGES_RENDITION_STORAGE)
sends the renditions of a private original to `private/renditions/` instead, so no rendition made
of it (an admin thumbnail, a preview) lands under the public path. When in doubt (a name cut
shorter than the mark), the rendition is kept privately: a public image's thumbnail missing is a
lesser harm than a private photo shown. It is the default storage in every other respect, and
follows it when the tests (or the environment) change it.
"""

from __future__ import annotations

import posixpath
import re
import secrets

from django.core.files.storage import Storage, default_storage
from django.utils.deconstruct import deconstructible

PRIVATE_PREFIX = "private/"
SUBMISSIONS_FOLDER = "private/submissions"
RENDITIONS_FOLDER = "private/renditions"
# The start of a private original's name, and so of its renditions' names.
PENDING_MARK = "pending-"
PENDING_STEM = re.compile(r"^pending-[0-9a-f]*$")


def is_private(name: str) -> bool:
    """Whether a stored file's name is under the private prefix."""
    return bool(name) and name.startswith(PRIVATE_PREFIX)


def private_name(extension: str) -> str:
    """A new, unguessable name for a private original (`extension` without its dot)."""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:5] or "bin"
    return f"{SUBMISSIONS_FOLDER}/{PENDING_MARK}{secrets.token_hex(12)}.{extension}"


def rendition_name(name: str) -> str:
    """Where a rendition named `name` (Wagtail's `images/<original>.<filter>.<ext>`) is stored:
    under the private renditions' folder when its original is private."""
    if is_private(name):
        return name
    base = posixpath.basename(name)
    stem = base.split(".", 1)[0]
    cut_short = 0 < len(stem) < len(PENDING_MARK) and PENDING_MARK.startswith(stem)
    if PENDING_STEM.match(stem) or cut_short:
        return f"{RENDITIONS_FOLDER}/{base}"
    return name


@deconstructible(path="core.privatemedia.RenditionStorage")
class RenditionStorage(Storage):
    """The default storage, except for the names of private originals' renditions."""

    def generate_filename(self, filename):
        return rendition_name(default_storage.generate_filename(filename))

    def get_valid_name(self, name):
        return default_storage.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return default_storage.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return default_storage.get_available_name(name, max_length=max_length)

    def open(self, name, mode="rb"):
        return default_storage.open(name, mode)

    def save(self, name, content, max_length=None):
        return default_storage.save(rendition_name(name), content, max_length=max_length)

    def path(self, name):
        return default_storage.path(name)

    def delete(self, name):
        return default_storage.delete(name)

    def exists(self, name):
        return default_storage.exists(name)

    def listdir(self, path):
        return default_storage.listdir(path)

    def size(self, name):
        return default_storage.size(name)

    def url(self, name):
        return default_storage.url(name)

    def get_accessed_time(self, name):
        return default_storage.get_accessed_time(name)

    def get_created_time(self, name):
        return default_storage.get_created_time(name)

    def get_modified_time(self, name):
        return default_storage.get_modified_time(name)
