"""Files the site writes itself (the kits' PDFs and share images): checked before they are
stored, stored under a name never used before, and served only while whole.

A generated file never replaces another in place. It is written under a new name, read back
(its size), and only then does its database record point to it; the previous file is deleted
once that record is committed. A full disk, an unreachable bucket or a broken rendering stops
before the switch, and the record still names the previous file, whole. Switching a record,
rather than renaming a file over another, works the same on a local disk and on a bucket, for
every node, and keeps the file and what the record says of it (its fingerprint, the ETag; its
size) in step: there is no moment when one is new and the other old.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage

logger = logging.getLogger("core.files")

PDF_HEADER = b"%PDF-"
PDF_END = b"%%EOF"
PNG_HEADER = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


class BrokenFile(Exception):
    """A generated file that must not be stored: empty, or not the whole of its kind."""


def check_generated(data: bytes, content_type: str) -> None:
    """Raises BrokenFile unless `data` is a whole file of `content_type` (PDF: its header and
    its end-of-file marker; PNG: its signature and its last chunk; anything: not empty)."""
    if not data:
        raise BrokenFile("empty")
    if content_type == "application/pdf":
        if not data.startswith(PDF_HEADER):
            raise BrokenFile("no PDF header")
        if PDF_END not in data[-1024:]:
            raise BrokenFile("no PDF end-of-file marker")
    elif content_type == "image/png" and not (
        data.startswith(PNG_HEADER) and data.endswith(PNG_END)
    ):
        raise BrokenFile("not a whole PNG image")


def fresh_name(name: str) -> str:
    """`name` with a random part before its extension: kits/12/affiche-a4-3f9c0a1b2c4d.pdf."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{secrets.token_hex(6)}{path.suffix}"))


def store_generated(storage: Storage, name: str, data: bytes, content_type: str) -> str:
    """Checks `data`, writes it under a fresh variant of `name` and reads its size back; returns
    the stored name. Raises (BrokenFile, OSError, the storage's errors) with nothing left
    behind under that name."""
    check_generated(data, content_type)
    target = fresh_name(name)
    try:
        stored = storage.save(target, ContentFile(data))
        if storage.size(stored) != len(data):
            raise BrokenFile("stored short")
    except BaseException:
        discard(storage, target)  # a partial write (a full disk), never pointed at
        raise
    return stored


def stored_size(storage: Storage, name: str) -> int | None:
    """The size of a stored file, or None when it is missing or cannot be asked for."""
    if not name:
        return None
    try:
        return storage.size(name)
    except Exception:  # whatever the storage raises: a missing file, an unreachable bucket
        logger.warning("stored file unavailable: %s", name, exc_info=True)
        return None


def discard(storage: Storage, name: str) -> None:
    """Deletes a file no record points to any more; a failure leaves it behind, logged."""
    if not name:
        return
    try:
        storage.delete(name)
    except Exception:
        logger.warning("stored file not deleted: %s", name, exc_info=True)
