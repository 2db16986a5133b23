"""A real S3-compatible server for the tests: moto's server mode, over HTTP on loopback (no mock
of boto: django-storages and boto3 speak to it as to any bucket), and a fresh bucket per test,
made the default storage by the settings helper itself (cms/settings/base.py object_storage).

A folder's conftest imports the fixtures: `from tests.s3 import s3_bucket, s3_server`.
"""

import socket
import uuid
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from cms.settings.base import object_storage

PORTS = range(8131, 8140)  # this slice's loopback ports
REGION = "eu-west-3"
ACCESS_KEY, SECRET_KEY = "heure-civique-test", "heure-civique-test-secret"


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the S3 server")


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object  # boto3's S3 client, to read back what the site wrote

    def objects(self) -> list[str]:
        """The keys of the objects in the bucket."""
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_server():
    """The server's address, for the whole session (it starts in about a tenth of a second)."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings, monkeypatch, tmp_path) -> Bucket:
    """A new bucket, the default storage of every file for the test (override_settings through
    pytest-django's `settings`); MEDIA_ROOT points to an empty folder, to show nothing lands
    there."""
    name = f"hc-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    for variable, value in {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_ADDRESSING_STYLE": "path",
    }.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": object_storage()}
    settings.MEDIA_ROOT = tmp_path / "media-unused"
    bucket = Bucket(name=name, endpoint=s3_server, client=client)
    yield bucket
    for key in bucket.objects():
        client.delete_object(Bucket=name, Key=key)
    client.delete_bucket(Bucket=name)
