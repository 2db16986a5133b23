"""The job queue is in the database (django-q2's ORM broker, cms/settings/base.py): a job whose
worker is killed in the middle is taken again once its lock expires, and done once.

A real `qcluster` runs in another process on the test database, and is killed with SIGKILL. Part
of the fault-injection suite (`make test-faults`, on PostgreSQL, the production broker)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_q.models import OrmQ

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.faults


def slow_job(marker: str) -> None:
    """The job: says it started, works two seconds, says it's done."""
    with open(marker, "a") as file:
        file.write("start\n")
    time.sleep(2)
    with open(marker, "a") as file:
        file.write("done\n")


# The project's settings but a shorter timeout and lock (`retry`), so the test waits seconds.
SCRIPT = """
import sys, django
from django.conf import settings
settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 5, "retry": 7, "workers": 1, "poll": 0.2}
django.setup()
if sys.argv[1] == "queue":
    from django_q.tasks import async_task
    async_task("tests.faults.test_job_durability.slow_job", sys.argv[2])
else:
    from django.core.management import call_command
    call_command("qcluster")
"""


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"], database["PORT"]
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


def run(*args: str, **kwargs) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url(),
    }
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the cluster and its worker processes, killed together
        **kwargs,
    )


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


# transaction=True: the worker, another process, sees the queued job; serialized_rollback brings
# back the data of the migrations (the national home page) for the tests after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_whose_worker_is_killed_is_done_again_once(tmp_path):
    marker = tmp_path / "marker"
    marker.touch()
    assert run("queue", str(marker)).wait(120) == 0
    assert OrmQ.objects.count() == 1

    cluster = run("work")
    try:
        assert wait_for(lambda: marker.read_text() == "start\n", 90), "the job never started"
        os.killpg(cluster.pid, signal.SIGKILL)  # in the middle of the job
        cluster.wait(10)
    finally:
        if cluster.poll() is None:
            os.killpg(cluster.pid, signal.SIGKILL)
    assert OrmQ.objects.count() == 1  # still queued, locked by the dead worker

    cluster = run("work")
    try:
        assert wait_for(lambda: "done" in marker.read_text(), 90), "the job was not done again"
        assert wait_for(lambda: OrmQ.objects.count() == 0, 30)  # acknowledged
        time.sleep(8)  # longer than the lock: a second run would have started by now
    finally:
        os.killpg(cluster.pid, signal.SIGKILL)
        cluster.wait(10)
    assert marker.read_text() == "start\nstart\ndone\n"
