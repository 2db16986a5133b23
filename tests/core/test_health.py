"""/health/ (core/health.py): 200 when the database, the cache, the storage and the job queue
work, 503 naming the part that doesn't, each failure a real one."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ

from core import cache as resilient

from ..cms.test_settings import settings_in

pytestmark = pytest.mark.django_db

CHECKS = ["database", "cache", "storage", "queue"]


def test_all_checks_pass(client, settings, tmp_path, django_assert_max_num_queries):
    settings.MEDIA_ROOT = tmp_path
    with django_assert_max_num_queries(3):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert list(body["checks"]) == CHECKS
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["queue"]["oldest_waiting_seconds"] == 0
    assert list(tmp_path.rglob("*.txt")) == []  # the storage's test file was deleted


def test_any_host_allowed_reaches_it_without_a_site(client, settings, tmp_path):
    """A load balancer asks each node by its own address: no Wagtail site has that host."""
    settings.MEDIA_ROOT = tmp_path
    settings.ALLOWED_HOSTS = ["10.0.0.5"]
    assert client.get("/health/", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/health/", HTTP_HOST="unknown.example").status_code == 400  # Django's


def test_an_unreachable_cache_fails_the_cache_check(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resilient._outages.pop("redis://127.0.0.1:1/0", None)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"] == {
        "ok": False,
        "error": "CheckFailed",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert [name for name, check in body["checks"].items() if not check["ok"]] == ["cache"]
    # What all nodes share left aside, the node itself is fine.
    response = client.get("/health/?only=database,storage")
    assert response.status_code == 200
    assert list(response.json()["checks"]) == ["database", "storage"]


def test_an_unwritable_storage_fails_the_storage_check(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"  # a folder cannot be made inside a file
    response = client.get("/health/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"]["ok"] is False
    assert checks["storage"]["error"] in {"NotADirectoryError", "FileExistsError", "OSError"}
    assert str(tmp_path) not in response.content.decode()  # no path of the server given out
    assert [name for name, check in checks.items() if not check["ok"]] == ["storage"]


def test_an_old_waiting_job_fails_the_queue_check(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HEALTH_QUEUE_MAX_AGE = 600
    now = timezone.now()
    # A job being run (locked until later) and a recent one don't fail it...
    OrmQ.objects.create(key=Conf.PREFIX, payload="running", lock=now + timedelta(minutes=5))
    OrmQ.objects.create(key=Conf.PREFIX, payload="recent", lock=now - timedelta(minutes=2))
    response = client.get("/health/")
    assert response.status_code == 200
    assert 119 <= response.json()["checks"]["queue"]["oldest_waiting_seconds"] <= 125
    # ...one waiting for half an hour does: no worker takes the jobs.
    OrmQ.objects.create(key=Conf.PREFIX, payload="stuck", lock=now - timedelta(minutes=30))
    response = client.get("/health/")
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert queue["ok"] is False
    assert 1799 <= queue["oldest_waiting_seconds"] <= 1805
    assert "payload" not in response.content.decode()


def test_an_unknown_check_is_refused_in_french(client):
    response = client.get("/health/?only=database,disque")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Vérification inconnue : disque. Les vérifications sont : database, cache, storage, queue."
    )


def test_only_reads_are_answered(client):
    assert client.post("/health/").status_code == 405


def test_production_exempts_it_from_the_https_redirect(client, settings, tmp_path):
    result = settings_in(
        "cms.settings.production",
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"},
        "settings.SECURE_REDIRECT_EXEMPT",
    )
    exempt = json.loads(result.stdout)
    assert any(re.search(pattern, "health/") for pattern in exempt)
    assert not any(re.search(pattern, "mayenne/laval/") for pattern in exempt)
    settings.MEDIA_ROOT = tmp_path
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = exempt
    assert client.get("/health/").status_code == 200
    assert client.get("/gestes/").status_code == 301
