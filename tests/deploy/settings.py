"""Production's settings for the proxy test (tests/deploy/test_proxy.py), with one change: the
static files are collected as links, without WhiteNoise's compression, which takes minutes and
is not what the test is about (nginx serves them either way)."""

from cms.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
