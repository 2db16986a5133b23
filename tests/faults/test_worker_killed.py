"""A real `qcluster` (4 workers) sends 300 e-mails of the outbox through a file mail server and
is killed with SIGKILL in the middle; restarted, it sends the rest. Every e-mail is delivered;
none that was marked sent before the kill is sent again. The one window the outbox cannot close
(the mail server accepted a message, the worker died before its transaction committed) allows
at most one duplicate per worker in flight: measured, printed, bounded."""

import collections
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_q.models import OrmQ

from core import outbox
from core.email import queue_email
from core.models import OutgoingEmail

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
EMAILS = 300
WORKERS = 4

# The project's settings with a short timeout and lock (`retry`), so the test waits seconds,
# and the file mail server of tests/faults/mail.py.
SCRIPT = """
import os, sys, django
from django.conf import settings
settings.Q_CLUSTER = {
    **settings.Q_CLUSTER, "timeout": 5, "retry": 7, "workers": int(sys.argv[2]), "poll": 0.1,
    "bulk": 5,
}
settings.EMAIL_BACKEND = "tests.faults.mail.SlowFileBackend"
settings.EMAIL_FILE_PATH = sys.argv[1]
# The test's key: the queued jobs are signed with it.
settings.SECRET_KEY = os.environ["HC_TEST_SECRET_KEY"]
django.setup()
from django.core.management import call_command
call_command("qcluster")
"""


def database_url() -> str:
    database = connection.settings_dict
    user, host, port = database["USER"], database["HOST"], database["PORT"]
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


def start_cluster(mail_dir: Path, log: Path) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url(),
        "HC_TEST_SECRET_KEY": settings.SECRET_KEY,
    }
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(mail_dir), str(WORKERS)],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the cluster and its worker processes, killed together
    )


def kill(cluster: subprocess.Popen) -> None:
    if cluster.poll() is None:
        os.killpg(cluster.pid, signal.SIGKILL)
    cluster.wait(10)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def sent() -> int:
    return OutgoingEmail.objects.filter(sent_at__isnull=False).count()


def email_jobs() -> list:
    return [job for job in OrmQ.objects.all() if job.task["func"] == outbox.JOB]


def delivered(mail_dir: Path) -> collections.Counter:
    """How many times each subject reached the mail server."""
    counts = collections.Counter()
    for path in mail_dir.iterdir():
        counts.update(re.findall(r"^Subject: (Message \d+)$", path.read_text(), re.MULTILINE))
    return counts


# transaction=True: the worker, another process, sees the rows; serialized_rollback brings
# back the data of the migrations for the tests after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_in_the_middle_of_300_emails_sends_each_once(tmp_path, monkeypatch):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    monkeypatch.setattr("django_q.conf.Conf.SYNC", False)  # queued, as in production
    for n in range(EMAILS):
        queue_email(f"Message {n:03d}", "Bonjour.", [f"benevole{n}@exemple.invalid"])
    assert OrmQ.objects.count() == EMAILS

    log = tmp_path / "cluster.log"
    cluster = start_cluster(mail_dir, log)
    try:
        assert wait_for(lambda: sent() >= EMAILS // 3, 180), (
            f"{sent()} sent; the worker said: {log.read_text()[-3000:]}"
        )
    finally:
        kill(cluster)  # in the middle of the jobs
    marked_sent = set(
        OutgoingEmail.objects.filter(sent_at__isnull=False).values_list("subject", flat=True)
    )
    assert EMAILS // 3 <= len(marked_sent) < EMAILS, "killed too late to prove anything"
    assert OrmQ.objects.exists()  # the rest still queued, some locked by the dead workers

    cluster = start_cluster(mail_dir, log)
    try:
        assert wait_for(lambda: sent() == EMAILS, 180), f"only {sent()} sent after restart"
        # Every e-mail job acknowledged (the periodic jobs the scheduler queued may remain).
        assert wait_for(lambda: not email_jobs(), 60), f"{len(email_jobs())} e-mail jobs left"
        time.sleep(8)  # longer than a job's lock: a job run again would have run by now
    finally:
        kill(cluster)

    counts = delivered(mail_dir)
    assert set(counts) == {f"Message {n:03d}" for n in range(EMAILS)}  # none lost
    twice = sorted(subject for subject, count in counts.items() if count > 1)
    print(f"\n{len(marked_sent)} sent before the kill; sent twice: {len(twice)} {twice}")
    # Marked sent before the kill: never again (the old queue sent 6 of 300 twice).
    assert not [subject for subject in twice if subject in marked_sent]
    # The residual window: at most the messages in flight at the kill, one per worker, twice.
    assert len(twice) <= WORKERS and max(counts.values()) <= 2
    assert OutgoingEmail.objects.filter(attempts__gt=2).count() == 0
