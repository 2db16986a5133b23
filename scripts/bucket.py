"""The bucket's part of scripts/backup and scripts/restore, when the files live on S3-compatible
object storage (aws-cli is not needed: boto3 comes with django-storages).

    python scripts/bucket.py dump ARCHIVE.tar    every object of the bucket into a tar archive
    python scripts/bucket.py load ARCHIVE.tar    every member of the archive into the bucket

The bucket and its access come from the environment, as the site reads them:
AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL (empty for AWS itself), AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, and optionally AWS_S3_REGION_NAME. An object's key is its member's name
in the archive, its content type and cache headers kept (pax headers); `load` writes over
objects of the same key and deletes none.
"""

from __future__ import annotations

import io
import os
import sys
import tarfile
import time

import boto3

HEADERS = ("ContentType", "CacheControl", "ContentDisposition", "ContentEncoding")
PAX_PREFIX = "HEURECIVIQUE."


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
    )


def bucket_name() -> str:
    name = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not name:
        raise SystemExit("AWS_STORAGE_BUCKET_NAME names no bucket.")
    return name


def dump(archive: str) -> int:
    s3, bucket = client(), bucket_name()
    count = 0
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                key = item["Key"]
                response = s3.get_object(Bucket=bucket, Key=key)
                body = response["Body"].read()
                member = tarfile.TarInfo(key)
                # The headers the site serves the object with, kept in the member's pax header.
                member.pax_headers = {
                    f"{PAX_PREFIX}{name}": response[name] for name in HEADERS if response.get(name)
                }
                member.size = len(body)
                member.mtime = int(item["LastModified"].timestamp())
                member.mode = 0o600
                tar.addfile(member, io.BytesIO(body))
                count += 1
    print(f"{count} objects of the bucket {bucket} saved.", file=sys.stderr)
    return count


def load(archive: str) -> int:
    s3, bucket = client(), bucket_name()
    count = 0
    with tarfile.open(archive, "r") as tar:
        for member in tar:
            if not member.isfile():
                continue
            handle = tar.extractfile(member)
            headers = {
                name: member.pax_headers[f"{PAX_PREFIX}{name}"]
                for name in HEADERS
                if f"{PAX_PREFIX}{name}" in member.pax_headers
            }
            s3.put_object(Bucket=bucket, Key=member.name, Body=handle.read(), **headers)
            count += 1
    print(f"{count} objects restored into the bucket {bucket}.", file=sys.stderr)
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"dump", "load"}:
        print(__doc__, file=sys.stderr)
        return 2
    started = time.monotonic()
    (dump if argv[0] == "dump" else load)(argv[1])
    print(f"({time.monotonic() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
