"""scripts/backup and scripts/restore on SQLite (the developers' database) and with a bucket on
an S3-compatible server (moto's, on loopback): what they write, what they restore, what they
refuse, and the retention. PostgreSQL's round trip, with the whole site, is the production
smoke's (test_production_smoke.py). Fast: part of `make test`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKUP, RESTORE = ROOT / "scripts" / "backup", ROOT / "scripts" / "restore"


def script(path: Path, *args, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(path), *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def environment(var: Path, **extra) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "AWS_", "S3_"))}
    return {**clean, "VAR_DIR": str(var), **extra}


@pytest.fixture
def site(tmp_path):
    """A SQLite database and an uploaded file, as a developer's var/ holds them."""
    var = tmp_path / "var"
    (var / "media" / "images").mkdir(parents=True)
    (var / "media" / "images" / "logo.png").write_bytes(b"\x89PNG logo")
    with sqlite3.connect(var / "heurecivique.sqlite3") as database:
        database.execute("create table volunteer (name text)")
        database.execute("insert into volunteer values ('Camille')")
    database.close()
    return var


def test_backup_and_restore_on_sqlite(site, tmp_path):
    result = script(BACKUP, tmp_path / "backups", env=environment(site))
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert folder.parent == tmp_path / "backups"
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        "database.sqlite3",
        "media.tar.gz",
    ]
    # Personal data: for the owner's eyes only.
    assert folder.stat().st_mode & 0o077 == 0

    fresh = tmp_path / "fresh"
    result = script(RESTORE, folder, env=environment(fresh))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(fresh / "heurecivique.sqlite3") as database:
        assert database.execute("select name from volunteer").fetchall() == [("Camille",)]
    database.close()
    assert (fresh / "media" / "images" / "logo.png").read_bytes() == b"\x89PNG logo"

    # Never over an existing database.
    result = script(RESTORE, folder, env=environment(fresh))
    assert result.returncode == 1
    assert "restore into a fresh database" in result.stderr


def test_restore_refuses_an_altered_or_partial_backup(site, tmp_path):
    folder = Path(script(BACKUP, tmp_path / "backups", env=environment(site)).stdout.strip())
    with (folder / "media.tar.gz").open("ab") as archive:
        archive.write(b"altered")
    result = script(RESTORE, folder, env=environment(tmp_path / "fresh"))
    assert result.returncode == 1
    assert "do not match its SHA256SUMS" in result.stderr
    assert not (tmp_path / "fresh" / "heurecivique.sqlite3").exists()

    (folder / "SHA256SUMS").unlink()
    result = script(RESTORE, folder, env=environment(tmp_path / "fresh"))
    assert result.returncode == 1
    assert "not a complete backup" in result.stderr


def test_backups_past_the_retention_are_deleted(site, tmp_path):
    backups = tmp_path / "backups"
    old, recent = (
        backups / "heure-civique-20000101-030000",
        backups / "heure-civique-20000102-030000",
    )
    unrelated = backups / "notes"
    for folder in (old, recent, unrelated):
        folder.mkdir(parents=True)
    now = time.time()
    os.utime(old, (now - 8 * 86400, now - 8 * 86400))
    os.utime(recent, (now - 6 * 86400, now - 6 * 86400))
    os.utime(unrelated, (now - 30 * 86400, now - 30 * 86400))

    result = script(BACKUP, backups, env=environment(site, BACKUP_KEEP_DAYS="7"))
    assert result.returncode == 0, result.stderr
    new = Path(result.stdout.strip())
    assert sorted(p.name for p in backups.iterdir()) == sorted(
        [recent.name, unrelated.name, new.name]
    )
    # Two in the same second: both kept, under two names.
    again = script(BACKUP, backups, env=environment(site, BACKUP_KEEP_DAYS="7"))
    assert again.returncode == 0
    assert Path(again.stdout.strip()) != new
    assert (new / "SHA256SUMS").exists()

    refused = script(BACKUP, backups, env=environment(site, BACKUP_KEEP_DAYS="a week"))
    assert refused.returncode == 2
    assert "BACKUP_KEEP_DAYS" in refused.stderr


def test_the_bucket_is_saved_and_restored(site, tmp_path, s3_server):
    import boto3

    keys = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ENDPOINT_URL": s3_server,
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    for bucket in ("site", "new-site"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="site", Key="images/logo.svg", Body=b"<svg/>", ContentType="image/svg+xml")
    s3.put_object(Bucket="site", Key="kits/12/affiche-a4.pdf", Body=b"%PDF-1.7")

    backup_env = environment(site, AWS_STORAGE_BUCKET_NAME="site", **keys)
    result = script(BACKUP, tmp_path / "backups", env=backup_env)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        "bucket.tar",
        "database.sqlite3",
    ]

    restore_env = environment(tmp_path / "fresh", AWS_STORAGE_BUCKET_NAME="new-site", **keys)
    result = script(RESTORE, folder, env=restore_env)
    assert result.returncode == 0, result.stderr
    logo = s3.get_object(Bucket="new-site", Key="images/logo.svg")
    assert (logo["Body"].read(), logo["ContentType"]) == (b"<svg/>", "image/svg+xml")
    kit = s3.get_object(Bucket="new-site", Key="kits/12/affiche-a4.pdf")
    assert kit["Body"].read() == b"%PDF-1.7"

    # A bucket's backup is not restored to the local disk by mistake.
    result = script(RESTORE, folder, env=environment(tmp_path / "other"))
    assert result.returncode == 1
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr
