"""`/health/`: what a load balancer or a monitor asks each web node. Unauthenticated, never
cached, a few milliseconds, and nothing personal in it: each check says ok or not, how long it
took, the name of the error if any, and, for the job queue, counts and ages.

- database: `SELECT 1`;
- cache: a random value set, read back, deleted (Redis unreachable, the site still answers
  without cache, core/cache.py, but this check says so);
- storage: a tiny file written to the default storage, then deleted;
- queue: the age of the oldest job waiting in django-q2's queue (the ORM broker's `OrmQ` rows
  not taken by a worker), failed past `HEALTH_QUEUE_MAX_AGE` seconds: no worker is taking the
  jobs (e-mails wait). Also the number of job clusters whose heartbeat (django-q2's `Stat`,
  renewed every half second, kept 3 seconds in the cache) is there, for information only: it
  lives in the cache, and an idle worker is not a fault.

200 when every check passes, 503 otherwise. `?only=database,storage` runs only the named
checks: a load balancer asking about a node may want to leave aside what all nodes share
(README.md, "Deploying"). No site, page or language is looked up, so any host name in
ALLOWED_HOSTS reaches it; the view is exempt from the HTTPS redirect (production settings).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.status import Stat

logger = logging.getLogger("core.health")

DEFAULT_QUEUE_MAX_AGE = 600


class CheckFailed(Exception):
    """A check ran and found its part not working."""


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise CheckFailed("SELECT 1")
    return {}


def check_cache() -> dict:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    kept = cache.get(key) == value
    cache.delete(key)
    if not kept:
        raise CheckFailed("a value set was not read back")
    return {}


def check_storage() -> dict:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return {}


def check_queue() -> dict:
    broker = get_broker()
    details: dict = {"clusters": len(Stat.get_all(broker=broker))}
    if not Conf.ORM:  # another broker: its size only
        details["waiting"] = broker.queue_size()
        return details
    now = timezone.now()
    # A waiting job's lock is when it was queued (or when a worker that took it, and died,
    # gave it up); a job being run has its lock in the future.
    waiting = OrmQ.objects.using(Conf.ORM).filter(key=broker.list_key, lock__lte=now)
    oldest = waiting.aggregate(oldest=Min("lock"))["oldest"]
    age = round((now - oldest).total_seconds()) if oldest else 0
    details["oldest_waiting_seconds"] = age
    limit = getattr(settings, "HEALTH_QUEUE_MAX_AGE", DEFAULT_QUEUE_MAX_AGE)
    if age > limit:
        raise CheckFailed(details)
    return details


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "queue": check_queue,
}


def run(name: str) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **CHECKS[name]()}
    except CheckFailed as failure:
        details = failure.args[0] if failure.args and isinstance(failure.args[0], dict) else {}
        result = {"ok": False, "error": "CheckFailed", **details}
        logger.warning("health check failed: check=%s reason=%s", name, failure)
    except Exception as error:  # a check must answer, whatever broke
        result = {"ok": False, "error": type(error).__name__}
        logger.warning(
            "health check failed: check=%s error=%s", name, type(error).__name__, exc_info=True
        )
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    names = list(CHECKS)
    only = request.GET.get("only")
    if only is not None:
        names = [name.strip() for name in only.split(",") if name.strip()]
        unknown = [name for name in names if name not in CHECKS]
        if unknown or not names:
            return JsonResponse(
                {
                    "status": "error",
                    "message": _("Unknown check: %(unknown)s. The checks are: %(checks)s.")
                    % {"unknown": ", ".join(unknown) or "-", "checks": ", ".join(CHECKS)},
                },
                status=400,
            )
    checks = {name: run(name) for name in names}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks},
        status=200 if healthy else 503,
    )
