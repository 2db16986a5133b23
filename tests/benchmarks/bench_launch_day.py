"""Launch day (issue 18): a press conference and posters with QR codes send everyone to one
department page, its agenda and its feed at once. gunicorn behind deploy/nginx/ with its page
cache, the job worker purging on publish, and CLIENTS clients on the loopback for DURATION
seconds (mostly the department page, then its agenda and feed), while the department page is
published again every few seconds.

Printed: requests, errors (asserted 0), p50 and p95, how long each publication took to show
(asserted within PURGE_DELAY), and the ratio of a cached page to a static file of the same size
served by the same nginx. Run with `pytest -m benchmark -s tests/benchmarks/bench_launch_day.py`
(also `deploy`: it needs nginx). On ports 8530-8533 of the loopback.
"""

from __future__ import annotations

import http.client
import random
import ssl
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pages.purge import REPURGE_SECONDS
from tests.deploy.test_proxy import ROOT, running_stack

pytestmark = [pytest.mark.benchmark, pytest.mark.deploy]

PORTS = [8530, 8531, 8532, 8533]  # gunicorn, HTTP, HTTPS, purge
CLIENTS = 50
DURATION = 30  # seconds of load
PUBLISH_EVERY = 6  # seconds between two publications
PURGE_DELAY = 20  # seconds a publication may take to show (the worker's poll, then the purge)
ROUNDS = 300  # sequential requests for the ratio to a static file
PATHS = [("/mayenne/", 70), ("/mayenne/actions/", 20), ("/mayenne/agenda.ics", 10)]

SETUP = """
from onboarding.services import onboard_commune, onboard_department
onboard_department("53")
onboard_commune("53130")
"""

# A publisher that stays up: each line read is the department page's new title.
PUBLISHER = """
import sys
from pages.models import DepartmentPage
print("ready", flush=True)
for line in sys.stdin:
    page = DepartmentPage.objects.get(department__code="53")
    page.title = line.strip()
    page.save_revision().publish()
    print("published", flush=True)
"""


def wait_for(process: subprocess.Popen, word: str) -> None:
    """Reads the publisher's lines up to `word` (the shell says first what it imported)."""
    for line in process.stdout:
        if line.strip() == word:
            return
    raise AssertionError(f"the publisher stopped before saying {word}")


class Client:
    """One visitor's keep-alive TLS connection to nginx."""

    def __init__(self, port: int, certificate: Path):
        self.port = port
        self.context = ssl.create_default_context(cafile=str(certificate))
        self.connection = None

    def get(self, path: str) -> tuple[int, bytes, dict]:
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPSConnection(
                    "127.0.0.1", self.port, timeout=30, context=self.context
                )
            try:
                self.connection.request("GET", path, headers={"Host": "localhost"})
                response = self.connection.getresponse()
                return response.status, response.read(), dict(response.headers)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()  # nginx closed an idle keep-alive: once more
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def timed(client: Client, path: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        status, _body, _headers = client.get(path)
        times.append(time.perf_counter() - start)
        assert status == 200
    return times


def test_launch_day(tmp_path):
    extra = {
        "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{PORTS[3]}",
        # Production's default: a territory's kits, queued at each publication of its page, take
        # one worker for seconds; the purges take the other.
        "Q_WORKERS": "2",
        "WEB_CONCURRENCY": "2",
    }
    with running_stack(tmp_path, ports=PORTS, extra_env=extra, setup=SETUP, worker=True) as stack:
        probe = Client(stack.https_port, stack.certificate)
        for path, _weight in PATHS:
            assert probe.get(path)[0] == 200

        publisher = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", PUBLISHER],
            cwd=ROOT,
            env=stack.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        wait_for(publisher, "ready")  # Django loaded before the clock starts
        latencies: list[float] = []
        errors: list[str] = []
        stop = time.monotonic() + DURATION
        lock = threading.Lock()
        paths = [path for path, _ in PATHS]
        weights = [weight for _, weight in PATHS]

        def visitor(seed: int) -> None:
            chooser = random.Random(seed)
            client = Client(stack.https_port, stack.certificate)
            while time.monotonic() < stop:
                path = chooser.choices(paths, weights)[0]
                start = time.perf_counter()
                try:
                    status, _body, _headers = client.get(path)
                except Exception as error:  # every failure is counted
                    status = repr(error)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        errors.append(f"{path}: {status}")

        visible_after: list[float] = []
        threads = [threading.Thread(target=visitor, args=(n,)) for n in range(CLIENTS)]
        try:
            for thread in threads:
                thread.start()
            watcher = Client(stack.https_port, stack.certificate)
            number = 0
            while time.monotonic() + PUBLISH_EVERY < stop:
                number += 1
                title = f"Mayenne, édition {number}"
                publisher.stdin.write(title + "\n")
                publisher.stdin.flush()
                wait_for(publisher, "published")
                published = time.monotonic()
                seen = []
                while title not in (answer := watcher.get("/mayenne/"))[1].decode():
                    seen.append(
                        f"{time.monotonic() - published:.1f}s {answer[2].get('X-Cache-Status')}"
                    )
                    assert time.monotonic() - published < PURGE_DELAY, f"{title}: {seen}"
                    time.sleep(0.1)
                visible_after.append(time.monotonic() - published)
                time.sleep(max(0.0, PUBLISH_EVERY - visible_after[-1]))
        finally:
            for thread in threads:
                thread.join()
            publisher.stdin.close()
            publisher.wait(timeout=60)

        # A cached page against a static file of the same size, one client, keep-alive.
        time.sleep(REPURGE_SECONDS + 1)  # the last publication's second purge
        probe.get("/mayenne/")
        status, page, headers = probe.get("/mayenne/")
        assert headers.get("X-Cache-Status") == "HIT"
        static = Path(stack.env["VAR_DIR"]) / "static" / "bench-same-size.html"
        static.write_bytes(b"x" * len(page))
        page_times = timed(probe, "/mayenne/", ROUNDS)
        static_times = timed(probe, "/static/bench-same-size.html", ROUNDS)

    quantiles = statistics.quantiles(latencies, n=100)
    print(
        f"\nlaunch day: {CLIENTS} clients, {DURATION} s, {len(latencies)} requests "
        f"({len(latencies) / DURATION:.0f}/s), {len(errors)} errors, "
        f"p50 {quantiles[49] * 1000:.1f} ms, p95 {quantiles[94] * 1000:.1f} ms"
    )
    print(
        f"publications: {len(visible_after)}, shown after "
        + ", ".join(f"{delay:.2f}" for delay in visible_after)
        + f" s (at most {PURGE_DELAY} s)"
    )
    page_median, static_median = statistics.median(page_times), statistics.median(static_times)
    print(
        f"cached page {page_median * 1000:.2f} ms, static file of the same size "
        f"({len(page)} bytes) {static_median * 1000:.2f} ms: "
        f"ratio {page_median / static_median:.2f}"
    )
    assert errors == [], errors[:10]
    assert visible_after, "no publication during the load"
