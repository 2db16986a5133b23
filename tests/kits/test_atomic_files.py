"""Atomic kit files (issue 16): a rebuild on a full disk (a storage that writes part of the file,
then fails with ENOSPC) keeps the previous poster served whole, same bytes and ETag; the build
is asked again a minute later, not blocked for ten; a file emptied or cut short is never served;
a rendering that is not a whole PDF is never stored."""

import errno
import os
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ

from core.files import BrokenFile, check_generated, store_generated
from kits import services
from kits.content import kit_content
from kits.documents import KINDS_BY_SLUG
from kits.models import KitDocument
from pages.models import CommunePage

PRESS = "/mayenne/laval/presse/"
POSTER = PRESS + "affiche-a4.pdf"
FULL_DISK = "tests.kits.test_atomic_files.FullDiskStorage"


class FullDiskStorage(FileSystemStorage):
    """A disk that fills up while a file is being written: the first bytes reach the file, then
    the write fails as a full file system does (ENOSPC)."""

    def _save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content.read(1024))
        raise OSError(errno.ENOSPC, "No space left on device", path)


def download(client, url=POSTER):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content), response


def fill_the_disk(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": FULL_DISK}}


def free_the_disk(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def kit_files(settings, page) -> list[str]:
    folder = settings.MEDIA_ROOT / "kits" / str(page.pk)
    return sorted(path.name for path in folder.iterdir())


def test_a_forced_rebuild_on_a_full_disk_keeps_the_previous_poster_served_whole(
    client, settings, themed_laval_page, themed_laval_editor, monkeypatch
):
    before, response = download(client)
    etag = response["ETag"]
    files = kit_files(settings, themed_laval_page)
    monkeypatch.setattr(Conf, "SYNC", False)  # a real queue: the worker runs the job below
    fill_the_disk(settings)
    client.force_login(themed_laval_editor)
    rebuild = reverse("kits_admin_rebuild", args=[themed_laval_page.pk])
    assert client.post(rebuild).status_code == 302
    assert OrmQ.objects.count() == 1
    # The job fails (the queue keeps it and runs it again after Q_CLUSTER's `retry`).
    with pytest.raises(services.KitNotBuilt):
        services.build_kit(themed_laval_page.pk, force=True)
    for _attempt in range(3):
        after, response = download(client)
        assert after == before and response["ETag"] == etag
        assert after.startswith(b"%PDF-") and after.rstrip().endswith(b"%%EOF")
    # No partial file left behind: the same files as before the rebuild.
    assert kit_files(settings, themed_laval_page) == files


def test_a_new_colour_built_on_a_full_disk_serves_the_previous_poster_then_retries(
    client, settings, themed_laval_page, monkeypatch
):
    before, response = download(client)
    etag = response["ETag"]
    page = CommunePage.objects.get(pk=themed_laval_page.pk)
    page.primary_colour = "#1d4f91"
    page.save_revision().publish()
    monkeypatch.setattr(Conf, "SYNC", False)  # a real queue: the worker runs the jobs below
    fill_the_disk(settings)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        # The poster of the old colour, whole, with its own ETag, while the new one is queued:
        # neither 0 bytes nor "being prepared".
        after, response = download(client)
        assert (after, response["ETag"]) == (before, etag)
        assert OrmQ.objects.count() == 1
        with pytest.raises(services.KitNotBuilt):
            services.build_kit(themed_laval_page.pk)  # the job fails on the full disk
        after, response = download(client)
        assert (after, response["ETag"]) == (before, etag)
        # Within the minute after the failure, downloads do not queue the build again...
        clock.shift(timedelta(seconds=30))
        download(client)
        assert OrmQ.objects.count() == 1
        # ...after it they do (not ten minutes later).
        clock.shift(timedelta(seconds=31))
        download(client)
        assert OrmQ.objects.count() == 2
        free_the_disk(settings)
        assert "poster-a4" in services.build_kit(themed_laval_page.pk)
        new, response = download(client)
    document = KitDocument.objects.get(page=themed_laval_page, kind="poster-a4")
    assert new != before and response["ETag"] == f'"{document.fingerprint}"' != etag
    assert document.size == len(new)


@pytest.mark.parametrize("damage", ["emptied", "cut short"])
def test_a_damaged_stored_file_is_never_served(
    client, settings, themed_laval_page, damage, monkeypatch, django_capture_on_commit_callbacks
):
    before, _response = download(client)
    document = KitDocument.objects.get(page=themed_laval_page, kind="poster-a4")
    path = settings.MEDIA_ROOT / document.file.name
    path.write_bytes(b"" if damage == "emptied" else before[: len(before) // 2])
    # With a real queue (nothing built at once) and no whole file: "being prepared".
    with monkeypatch.context() as patch:
        patch.setattr(Conf, "SYNC", False)
        response = client.get(POSTER)
    assert response.status_code == 202
    with django_capture_on_commit_callbacks(execute=True):
        assert services.build_kit(themed_laval_page.pk) == ["poster-a4"]  # the queued job
    rebuilt, _response = download(client)
    assert rebuilt.startswith(b"%PDF-") and rebuilt.rstrip().endswith(b"%%EOF")
    assert len(rebuilt) == KitDocument.objects.get(pk=document.pk).size
    assert not path.exists()  # the damaged file, replaced, was deleted


def test_a_broken_rendering_is_never_stored(client, settings, themed_laval_page, monkeypatch):
    before, response = download(client)
    etag = response["ETag"]
    document = KitDocument.objects.get(page=themed_laval_page, kind="poster-a4")
    # Fault injection: the renderer returns the first part of a PDF (no end-of-file marker).
    render = services.render
    monkeypatch.setattr(services, "render", lambda kind, content: render(kind, content)[:5000])
    with pytest.raises(BrokenFile):
        services.build_document(
            themed_laval_page, KINDS_BY_SLUG["poster-a4"], kit_content(themed_laval_page)
        )
    after, response = download(client)
    assert (after, response["ETag"]) == (before, etag)
    assert KitDocument.objects.get(pk=document.pk).file.name == document.file.name


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"", "application/pdf"),
        (b"", "image/png"),
        (b"<html>not a PDF</html>\n%%EOF", "application/pdf"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    ],
)
def test_an_empty_or_truncated_file_is_refused_before_it_is_stored(data, content_type, tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(BrokenFile):
        check_generated(data, content_type)
    with pytest.raises(BrokenFile):
        store_generated(storage, "kits/1/affiche-a4.pdf", data, content_type)
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_a_whole_file_is_stored_under_a_new_name_each_time(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    data = b"%PDF-1.7\n%%EOF\n"
    first = store_generated(storage, "kits/1/affiche-a4.pdf", data, "application/pdf")
    second = store_generated(storage, "kits/1/affiche-a4.pdf", data, "application/pdf")
    assert first != second
    assert first.startswith("kits/1/affiche-a4-") and first.endswith(".pdf")
    assert storage.open(second).read() == data


def test_a_write_failing_on_a_full_disk_leaves_nothing_behind(settings, tmp_path):
    storage = FullDiskStorage(location=tmp_path)
    data = b"%PDF-1.7\n" + b"0" * 5000 + b"\n%%EOF\n"
    with pytest.raises(OSError) as failure:
        store_generated(storage, "kits/1/affiche-a4.pdf", data, "application/pdf")
    assert failure.value.errno == errno.ENOSPC
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
