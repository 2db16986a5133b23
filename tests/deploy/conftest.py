"""The fixtures of the deployment tests: the S3-compatible server (tests/s3.py) for the
backups of a bucket."""

from tests.s3 import s3_server  # noqa: F401
