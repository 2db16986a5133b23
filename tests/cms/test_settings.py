"""Settings are read from the environment: database, Redis, production's required values."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def settings_in(module: str, env: dict[str, str], expression: str):
    """Evaluate `expression` on the settings of `module` in a fresh interpreter (the settings
    alone: the apps are not set up, which would take seconds)."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_sqlite_in_var_is_the_default_database():
    result = settings_in("cms.settings.dev", {}, "settings.DATABASES['default']")
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith("var/heurecivique.sqlite3")


def test_database_url_selects_postgresql_and_its_contrib_app():
    result = settings_in(
        "cms.settings.dev",
        {"DATABASE_URL": "postgres://someone@db.example:5432/civique"},
        "[settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'],"
        " 'django.contrib.postgres' in settings.INSTALLED_APPS]",
    )
    assert json.loads(result.stdout) == ["django.db.backends.postgresql", "civique", True]


def test_redis_url_makes_redis_the_cache_but_not_the_job_broker():
    """Redis is the cache, through the backend that degrades to no cache (core/cache.py), with
    short timeouts; the jobs stay in the database, where a job whose worker died is not lost."""
    result = settings_in(
        "cms.settings.dev",
        {"REDIS_URL": "redis://127.0.0.1:6379/3"},
        "[settings.CACHES['default'], settings.Q_CLUSTER.get('redis'),"
        " settings.Q_CLUSTER.get('orm')]",
    )
    cache, redis_broker, orm_broker = json.loads(result.stdout)
    assert cache["BACKEND"] == "core.cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert cache["OPTIONS"]["socket_connect_timeout"] <= 1
    assert cache["OPTIONS"]["socket_timeout"] <= 1
    assert (redis_broker, orm_broker) == (None, "default")


@pytest.mark.parametrize("env", [{}, {"REDIS_URL": "redis://127.0.0.1:6379/3"}])
def test_production_queues_jobs_in_the_database(env):
    result = settings_in(
        "cms.settings.production",
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", **env},
        "[settings.Q_CLUSTER.get('orm'), settings.Q_CLUSTER.get('redis'),"
        " settings.Q_CLUSTER['retry'] > settings.Q_CLUSTER['timeout']]",
    )
    assert json.loads(result.stdout) == ["default", None, True], result.stderr


def test_without_redis_the_job_broker_is_the_database():
    result = settings_in("cms.settings.dev", {}, "settings.Q_CLUSTER.get('orm')")
    assert json.loads(result.stdout) == "default"


@pytest.mark.parametrize(
    ("env", "missing"),
    [({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"), ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_its_secrets(env, missing):
    result = settings_in("cms.settings.production", env, "settings.DEBUG")
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_french_is_the_default_language_and_english_and_breton_are_offered(settings):
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "en", "br"]
    assert settings.REGIONAL_LANGUAGES == ["br"]  # only where a department chooses it
    # Wagtail's admin has no Breton: the interface of the admin stays French or English.
    assert [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["fr", "en"]
    assert settings.TIME_ZONE == "Europe/Paris"


PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}
PROXY = "[settings.TRUSTED_PROXIES, settings.SECURE_PROXY_SSL_HEADER]"


def test_behind_a_proxy_production_reads_the_count_and_the_header():
    assert json.loads(settings_in("cms.settings.production", PRODUCTION, PROXY).stdout) == [
        0,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]
    env = {**PRODUCTION, "TRUSTED_PROXIES": "2", "SECURE_PROXY_SSL_HEADER": "HTTP_X_SCHEME,https"}
    result = settings_in("cms.settings.production", env, PROXY)
    assert json.loads(result.stdout) == [2, ["HTTP_X_SCHEME", "https"]]
    # Reached directly over TLS, no proxy to believe.
    env = {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": ""}
    assert json.loads(settings_in("cms.settings.production", env, PROXY).stdout) == [0, None]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRUSTED_PROXIES": "un"}, "TRUSTED_PROXIES must be a whole number"),
        ({"SECURE_PROXY_SSL_HEADER": "https"}, "SECURE_PROXY_SSL_HEADER must be HEADER,value"),
    ],
)
def test_a_wrong_proxy_setting_stops_the_start_with_its_reason(env, message):
    result = settings_in("cms.settings.production", {**PRODUCTION, **env}, PROXY)
    assert result.returncode != 0
    assert message in result.stderr


STORAGE = "[settings.STORAGES['default'], settings.WAGTAILDOCS_SERVE_METHOD]"


def test_files_stay_on_the_local_disk_unless_a_bucket_is_named():
    default, serve = json.loads(settings_in("cms.settings.production", PRODUCTION, STORAGE).stdout)
    assert default == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert serve == "serve_view"


def test_a_bucket_in_the_environment_makes_it_the_storage_of_every_file():
    """Production and the developer settings alike: private objects, signed addresses, no name
    overwritten; the keys and the endpoint as given, nothing else invented."""
    env = {
        "AWS_STORAGE_BUCKET_NAME": "hc-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
        "AWS_S3_REGION_NAME": "fr-par",
        "AWS_ACCESS_KEY_ID": "key-id",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_S3_ADDRESSING_STYLE": "path",
    }
    for module in ("cms.settings.production", "cms.settings.dev"):
        result = settings_in(module, {**PRODUCTION, **env}, STORAGE)
        default, serve = json.loads(result.stdout)
        assert default["BACKEND"] == "storages.backends.s3.S3Storage", result.stderr
        assert default["OPTIONS"] == {
            "bucket_name": "hc-media",
            "endpoint_url": "https://s3.fr-par.scw.cloud",
            "region_name": "fr-par",
            "access_key": "key-id",
            "secret_key": "secret",
            "addressing_style": "path",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 86400,
            "file_overwrite": False,
            "signature_version": "s3v4",
        }
        assert serve == "serve_view"  # documents are streamed after their privacy check
    # Without keys, boto3 finds its own (an instance role, ~/.aws): none are written in.
    result = settings_in(
        "cms.settings.production",
        {**PRODUCTION, "AWS_STORAGE_BUCKET_NAME": "hc-media"},
        "settings.STORAGES['default']['OPTIONS']",
    )
    assert "access_key" not in json.loads(result.stdout)
