"""Production smoke (issue 15's proof): the site as deployed, end to end, on this machine.

Production's settings (tests/deploy/settings.py) on PostgreSQL and Redis; gunicorn with
deploy/gunicorn.conf.py behind Debian's nginx with deploy/'s site file and a self-signed
certificate; the job worker (`manage.py qcluster`) running. Then: the home, a commune page, its
feed, /health/, a sign-up from two client addresses (127.0.0.2 and 127.0.0.3 as source
addresses, each accepted), a kit's poster whose QR code (zxing-cpp) leads to the configured
public address (built by the worker: polled). Then scripts/backup, scripts/restore into a fresh
database and a fresh media folder, gunicorn started again on them, and the same pages, the same
poster (from the restored files, with no worker) and the two volunteers there.

Behind the `smoke` marker (and `deploy`, so that `make test` leaves it out): `make test-smoke`,
a step of .ci/run after the PostgreSQL tests. PostgreSQL from SMOKE_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/heurecivique_smoke; the database and NAME_restored are
dropped and made anew), Redis from SMOKE_REDIS_URL (default redis://127.0.0.1:6379/1, flushed).
DEPLOY_PORTS (e.g. 8140-8149) confines the ports taken; any free ones otherwise."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.deploy.test_proxy import (
    CHECK_INBOX,
    GUNICORN_CONF,
    NGINX,
    READY_TIMEOUT,
    ROOT,
    TERRITORY,
    Browser,
    Stack,
    run,
    wait_for_django,
    wait_for_port,
    write_nginx_conf,
)

pytestmark = [pytest.mark.deploy, pytest.mark.smoke]

DATABASE_URL = os.environ.get(
    "SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/heurecivique_smoke"
)
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/1")
PUBLIC_ADDRESS = "https://heure-civique.example.org"
COMMUNE = "/mayenne/laval/"
PAGES = ["/", COMMUNE, f"{COMMUNE}agenda.ics", "/health/"]
POSTER = f"{COMMUNE}presse/affiche-a4.pdf"
KIT_TIMEOUT = 180  # seconds for the worker to build the kit's documents (WeasyPrint)


def ports(count: int) -> list[int]:
    """`count` free ports of loopback, from DEPLOY_PORTS ("8140-8149") when it is set."""
    span = os.environ.get("DEPLOY_PORTS", "")
    candidates = [0] * count
    if span:
        low, high = (int(bound) for bound in span.split("-"))
        candidates = list(range(low, high + 1))
    chosen = []
    for candidate in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            chosen.append(probe.getsockname()[1])
        if len(chosen) == count:
            return chosen
    pytest.fail(f"not {count} free ports in DEPLOY_PORTS={span}")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    """Drops the database of `url` if it is there, its connections closed."""
    name = urlsplit(url).path.lstrip("/")
    psql_on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);')


def psql_on_server(url: str, sql: str) -> None:
    """Runs `sql` in the `postgres` database of `url`'s server."""
    server = with_database(url, "postgres").replace("postgres://", "postgresql://", 1)
    result = subprocess.run(
        ["psql", f"--dbname={server}", "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--quiet"],
        input=sql + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("a") as output:
        return subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process's group (qcluster's workers and gunicorn's with it), then SIGKILL."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def get_bytes(stack: Stack, path: str) -> tuple[int, str, bytes]:
    connection = stack.connect("127.0.0.2")
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers.get("Content-Type", ""), response.read()
    finally:
        connection.close()


def decode_qr_codes(pdf: bytes) -> list[str]:
    import pypdfium2
    import zxingcpp

    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1600 / page.get_width()).to_pil()
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


def wait_for_poster(stack: Stack) -> bytes:
    """The poster's PDF once the worker has built it: 202 "being prepared" until then."""
    deadline = time.monotonic() + KIT_TIMEOUT
    statuses = []
    while time.monotonic() < deadline:
        status, content_type, body = get_bytes(stack, POSTER)
        statuses.append(status)
        if status == 200:
            assert content_type == "application/pdf"
            return body
        assert status == 202, body[:500]
        time.sleep(2)
    pytest.fail(f"the worker did not build the kit in {KIT_TIMEOUT}s (statuses {statuses[-5:]})")


def check_pages(stack: Stack) -> dict[str, str]:
    """The home, the commune's page, its feed and /health/, through nginx: their texts."""
    browser = Browser(stack, "127.0.0.2")
    texts = {}
    for path in PAGES:
        response = browser.request("GET", path)
        assert response.status == 200, (path, response.text[:1000])
        texts[path] = response.text
    assert "Laval" in texts[COMMUNE]
    assert texts[f"{COMMUNE}agenda.ics"].startswith("BEGIN:VCALENDAR")
    health = json.loads(texts["/health/"])
    assert all(check["ok"] for check in health["checks"].values()), health
    return texts


def volunteers_count(env: dict[str, str]) -> int:
    code = "from volunteers.models import Volunteer; print(Volunteer.objects.count())"
    return int(run([sys.executable, "manage.py", "shell", "-v0", "-c", code], env).strip())


def test_production_smoke(tmp_path):
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing: bash scripts/system-packages.sh installs it")
    for tool in ("psql", "pg_dump", "pg_restore"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: PostgreSQL's client (postgresql-client)")
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    restored_url = with_database(DATABASE_URL, f"{name}_restored")
    for url in (DATABASE_URL, restored_url):
        drop_database(url)
    psql_on_server(DATABASE_URL, f'CREATE DATABASE "{name}";')
    flush_redis(REDIS_URL)

    var, restored_var = tmp_path / "var", tmp_path / "restored-var"
    var.mkdir()
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        dict(os.environ),
    )  # fmt: skip
    gunicorn_port, http_port, https_port = ports(3)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "tests.deploy.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "VAR_DIR": str(var),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "WAGTAILADMIN_BASE_URL": PUBLIC_ADDRESS,
        "TRUSTED_PROXIES": "1",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        # The worker's e-mails (the sign-ups' confirmations) go nowhere.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_TIMEOUT": str(READY_TIMEOUT),
        "Q_WORKERS": "1",
        "BACKUP_KEEP_DAYS": "14",
    }
    manage = [sys.executable, "manage.py"]
    run([*manage, "compilemessages", "--ignore=.venv", "-v0"], env)
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "collectstatic", "--noinput", "--link", "-v0"], env)
    run([*manage, "shell", "-c", TERRITORY], env)
    run([*manage, "onboard_commune", "53130"], env)
    write_nginx_conf(
        tmp_path,
        http_port=http_port,
        https_port=https_port,
        gunicorn_port=gunicorn_port,
        cert=cert,
        key=key,
        static=var / "static",
    )
    stack = Stack(https_port=https_port, gunicorn_port=gunicorn_port, certificate=cert, env=env)
    gunicorn_command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF)]
    log = tmp_path / "services.log"
    with ExitStack() as services:
        nginx_log = tmp_path / "error.log"
        nginx_command = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
        nginx = start([*nginx_command, "-e", str(nginx_log)], env, nginx_log)
        services.callback(stop, nginx)
        gunicorn = start(gunicorn_command, env, log)
        services.callback(stop, gunicorn)
        worker = start([*manage, "qcluster"], env, log)
        services.callback(stop, worker)
        wait_for_port(gunicorn_port, gunicorn, log)
        wait_for_port(https_port, nginx, nginx_log)
        wait_for_django(gunicorn_port)

        check_pages(stack)
        # Two residents behind the same proxy, each counted by their own address.
        for number, source in enumerate(("127.0.0.2", "127.0.0.3")):
            browser = Browser(stack, source)
            assert browser.open_form().status == 200
            response = browser.sign_up(f"voisin{number}@exemple.invalid")
            assert (response.status, response.headers["Location"]) == (302, CHECK_INBOX), (
                response.text[:500]
            )
        poster = wait_for_poster(stack)
        assert decode_qr_codes(poster) == [f"{PUBLIC_ADDRESS}{COMMUNE}je-participe/"]
        assert volunteers_count(env) == 2

        backup_root = tmp_path / "backups"
        folder = Path(run(["bash", "scripts/backup", str(backup_root)], env).strip())
        assert sorted(path.name for path in folder.iterdir()) == [
            "SHA256SUMS",
            "database.dump",
            "media.tar.gz",
        ]
        stop(worker)
        stop(gunicorn)

        # A fresh database and media folder, what a new machine would have.
        restored_env = {**env, "DATABASE_URL": restored_url, "VAR_DIR": str(restored_var)}
        run(["bash", "scripts/restore", str(folder)], restored_env)
        run([*manage, "migrate", "--noinput", "-v0"], restored_env)  # nothing to do: same code
        flush_redis(REDIS_URL)
        gunicorn = start(gunicorn_command, restored_env, log)
        services.callback(stop, gunicorn)
        wait_for_port(gunicorn_port, gunicorn, log)
        wait_for_django(gunicorn_port)

        check_pages(stack)
        # The poster from the restored files: served at once, no worker running.
        status, _, restored_poster = get_bytes(stack, POSTER)
        assert status == 200
        assert restored_poster == poster
        assert volunteers_count(restored_env) == 2
    # No error in the services' logs, and no volunteer's e-mail address.
    logs = log.read_text()
    assert re.search(r"Traceback", logs) is None, logs[-3000:]
    assert "exemple.invalid" not in logs
