"""The site as it is deployed: gunicorn (deploy/gunicorn.conf.py) behind Debian's nginx
(deploy/nginx/heure-civique.conf) with TLS, on free loopback ports, with production's settings
and a temporary SQLite database. Clients connect from two source addresses of the loopback
(127.0.0.2 and 127.0.0.3): each is counted apart through the proxy (TRUSTED_PROXIES=1), a
forged X-Forwarded-For changes nothing, and Django knows the request came over HTTPS.

Slow (a migrate and a collectstatic): behind the `deploy` marker, run by .ci/run and
`make test-deploy`. nginx runs as the current user with all its files in a temporary folder."""

from __future__ import annotations

import getpass
import http.client
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from volunteers.views.sign_up import RATE_LIMIT

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
SITE_FILE = ROOT / "deploy" / "nginx" / "heure-civique.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SIGN_UP = "/je-participe/"
CHECK_INBOX = "/je-participe/verifiez-vos-e-mails/"
READY_TIMEOUT = 120  # seconds: a loaded CI machine imports Django and Wagtail slowly

TERRITORY = """
from territories.models import Commune, Department, PostalCode, Region
region = Region.objects.create(code="52", name="Pays de la Loire")
mayenne = Department.objects.create(code="53", name="Mayenne", slug="mayenne", region=region)
laval = Commune.objects.create(code="53130", name="Laval", slug="laval", department=mayenne)
PostalCode.objects.create(code="53000", commune=laval)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing listens on {port} after {READY_TIMEOUT}s: {log.read_text()}")


def wait_for_django(port: int) -> None:
    """The worker loads the application at its first request: asked once, before the clock of
    the tests starts."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=READY_TIMEOUT)
    try:
        connection.request("GET", "/", headers={"Host": "127.0.0.1"})
        connection.getresponse().read()
    finally:
        connection.close()


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@dataclass
class Stack:
    https_port: int
    gunicorn_port: int
    certificate: Path
    env: dict[str, str]

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def connect(self, source: str) -> http.client.HTTPSConnection:
        """A TLS connection to nginx from `source`, an address of the loopback."""
        context = ssl.create_default_context(cafile=str(self.certificate))
        return http.client.HTTPSConnection(
            "127.0.0.1",
            self.https_port,
            timeout=READY_TIMEOUT,
            source_address=(source, 0),
            context=context,
        )


PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"


def write_nginx_conf(
    folder: Path, *, http_port, https_port, gunicorn_port, cert, key, static, purge_port=None
):
    site = SITE_FILE.read_text()
    for name, value in {
        "SERVER_NAME": "127.0.0.1 localhost",
        "HTTP_LISTEN": f"127.0.0.1:{http_port}",
        "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
        "CERTIFICATE": str(cert),
        "CERTIFICATE_KEY": str(key),
        "STATIC_ROOT": f"{static}/",
        "MEDIA_ROOT": f"{folder / 'media'}/",
        "GUNICORN": f"127.0.0.1:{gunicorn_port}",
        "CACHE_DIR": str(folder / "cache"),
        "PURGE_LISTEN": f"127.0.0.1:{purge_port or free_port()}",
    }.items():
        site = site.replace(f"@{name}@", value)
    assert not re.search(r"@[A-Z_]+@", re.sub(r"#.*", "", site)), "a value was not replaced"
    (folder / "site.conf").write_text(site)
    # As root, nginx's workers would take the `nobody` user: they run as the current one.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Debian loads its modules from /etc/nginx/modules-enabled/; this nginx has a prefix of its own.
    (folder / "nginx.conf").write_text(
        f"""{user}
load_module {PURGE_MODULE};
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    include {folder / "site.conf"};
}}
"""
    )


@contextmanager
def running_stack(folder: Path, *, ports=None, extra_env=None, setup: str = "", worker=False):
    """gunicorn behind nginx in `folder` (ports: gunicorn, http, https, purge; free ones by
    default), after `setup` (Python run by `manage.py shell`); with `worker`, the job worker."""
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing: bash scripts/system-packages.sh installs it")
    var = folder / "var"
    var.mkdir()
    cert, key = folder / "cert.pem", folder / "key.pem"
    run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        dict(os.environ),
    )  # fmt: skip
    gunicorn_port, http_port, https_port, purge_port = ports or [free_port() for _ in range(4)]
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "tests.deploy.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'deploy.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "https://localhost",
        "TRUSTED_PROXIES": "1",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_TIMEOUT": str(READY_TIMEOUT),
        "KITS_ACCEL_REDIRECT": "/_kits/",
        **(extra_env or {}),
    }
    manage = [sys.executable, "manage.py"]
    run([*manage, "compilemessages", "--ignore=.venv", "-v0"], env)
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "collectstatic", "--noinput", "--link", "-v0"], env)
    run([*manage, "shell", "-c", TERRITORY + setup], env)
    write_nginx_conf(
        folder,
        http_port=http_port,
        https_port=https_port,
        gunicorn_port=gunicorn_port,
        cert=cert,
        key=key,
        static=var / "static",
        purge_port=purge_port,
    )
    processes = []
    try:
        gunicorn_log = folder / "gunicorn.log"
        with gunicorn_log.open("w") as log:
            gunicorn = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes.append(gunicorn)
        if worker:
            with (folder / "worker.log").open("w") as log:
                processes.append(
                    subprocess.Popen(
                        [*manage, "qcluster"],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )  # fmt: skip
                )
        nginx_log = folder / "error.log"
        nginx = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(nginx_log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        processes.append(nginx)
        wait_for_port(gunicorn_port, gunicorn, gunicorn_log)
        wait_for_port(https_port, nginx, nginx_log)
        wait_for_django(gunicorn_port)
        yield Stack(https_port=https_port, gunicorn_port=gunicorn_port, certificate=cert, env=env)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("deploy")) as running:
        yield running


class Browser:
    """One client at one source address: its cookies and the form's CSRF token."""

    def __init__(self, stack: Stack, source: str):
        self.stack, self.source = stack, source
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, body: str = "", headers=None):
        connection = self.stack.connect(self.source)
        try:
            headers = {"Cookie": self.cookie, **(headers or {})}
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode()
            return response
        finally:
            connection.close()

    def open_form(self):
        response = self.request("GET", SIGN_UP)
        cookies = response.headers.get_all("Set-Cookie") or []
        self.cookie = "; ".join(cookie.split(";", 1)[0] for cookie in cookies)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
        return response

    def sign_up(self, email: str, forwarded: str | None = None):
        fields = {
            "csrfmiddlewaretoken": self.token,
            "first_name": "Camille",
            "last_name": "Durand",
            "email": email,
            "phone": "06 39 98 12 34",
            "postal_code": "53000",
            "commune": "",
            "kinds": "neighbourly",
            "availability": "weekend-morning",
            "charter": "on",
            "contact_consent": "on",
            "website": "",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.stack.origin,
            "Referer": self.stack.origin + SIGN_UP,
        }
        if forwarded:  # what a client may write: the proxy appends the real address after it
            headers["X-Forwarded-For"] = forwarded
        return self.request("POST", SIGN_UP, urlencode(fields), headers)


def test_behind_nginx_the_site_knows_https_and_each_client(stack):
    first, second = Browser(stack, "127.0.0.2"), Browser(stack, "127.0.0.3")

    page = first.open_form()
    # Served, not redirected to HTTPS (production's SECURE_SSL_REDIRECT): Django saw the request
    # as secure, from nginx's X-Forwarded-Proto; and said so with HSTS, sent on HTTPS only.
    assert page.status == 200, page.text[:500]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    # The static files, served by nginx from the collected folder.
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)[1]
    static = first.request("GET", stylesheet)
    assert static.status == 200
    assert static.headers["Server"].startswith("nginx")
    assert "immutable" in static.headers["Cache-Control"]

    # One client's sign-ups are counted up to the limit...
    for n in range(RATE_LIMIT):
        response = first.sign_up(f"personne{n}@exemple.invalid")
        assert (response.status, response.headers["Location"]) == (302, CHECK_INBOX), response.text[
            :500
        ]
    assert first.sign_up("une-de-trop@exemple.invalid").status == 429
    # ...and another's apart, even when it writes the first one's address in the header.
    second.open_form()
    response = second.sign_up("alex@exemple.invalid", forwarded="127.0.0.2")
    assert (response.status, response.headers["Location"]) == (302, CHECK_INBOX)


def test_without_the_proxy_the_request_is_not_secure(stack):
    """Straight to gunicorn, no proxy header: Django sends the client to HTTPS."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.gunicorn_port, timeout=60)
    try:
        connection.request("GET", SIGN_UP, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1{SIGN_UP}"


def test_nginx_keeps_the_public_feeds_not_the_personal_ones_and_never_serves_documents(stack):
    """deploy/nginx/'s cache of the public calendars, filled once and served again; a personal
    feed's address is never kept; a document is not served from the disk, where its
    collection's privacy could not be checked, nor a photo awaiting moderation."""
    client = Browser(stack, "127.0.0.2")
    first = client.request("GET", "/agenda.ics")
    assert first.status == 200, first.text[:300]
    assert first.headers["X-Cache-Status"] in {"MISS", "EXPIRED"}
    again = client.request("GET", "/agenda.ics")
    assert again.headers["X-Cache-Status"] == "HIT"
    assert again.text == first.text
    personal = client.request("GET", "/agenda/perso/not-a-real-key.ics")
    assert personal.status == 404
    assert "X-Cache-Status" not in personal.headers

    media = Path(stack.env["VAR_DIR"]).parent / "media"
    (media / "documents").mkdir(parents=True, exist_ok=True)
    (media / "documents" / "compte-rendu.pdf").write_bytes(b"%PDF-1.4 private")
    (media / "original_images").mkdir(parents=True, exist_ok=True)
    (media / "original_images" / "affiche.png").write_bytes(b"an image, public")
    assert client.request("GET", "/media/documents/compte-rendu.pdf").status == 404
    assert client.request("GET", "/media/original_images/affiche.png").status == 200
    # Nor a submitted photo awaiting moderation, nor its renditions (core/privatemedia.py).
    (media / "private" / "submissions").mkdir(parents=True, exist_ok=True)
    (media / "private" / "submissions" / "pending-photo.jpg").write_bytes(b"not yet public")
    assert client.request("GET", "/media/private/submissions/pending-photo.jpg").status == 404


STORED_KIT = """
import sys
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from kits.documents import TEMPLATE_VERSION
from kits.models import KitDocument
from onboarding.services import onboard_commune, onboard_department
onboard_department("53")
laval = onboard_commune("53130")
data = b"%PDF-1.4\\n% affiche de Laval\\n%%EOF\\n"
name = default_storage.save(f"kits/{laval.pk}/affiche-a4.pdf", ContentFile(data))
KitDocument.objects.create(page=laval, kind="poster-a4", fingerprint="a" * 64, file=name,
    size=len(data), built_at=timezone.now(), template_version=TEMPLATE_VERSION)
sys.stdout.write(name)
"""


def test_nginx_sends_a_stored_kit_that_django_names(stack):
    """A current kit document: Django answers with X-Accel-Redirect (KITS_ACCEL_REDIRECT) and
    nginx's internal location sends the file, with Django's ETag and file name; the internal
    location is not reachable from outside."""
    env = stack.env
    manage = [sys.executable, "manage.py"]
    name = subprocess.run(
        [*manage, "shell", "-c", STORED_KIT], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    # This stack's nginx reads MEDIA_ROOT from a folder of its own (write_nginx_conf).
    data = (Path(env["VAR_DIR"]) / "media" / name).read_bytes()
    served = Path(env["VAR_DIR"]).parent / "media" / name
    served.parent.mkdir(parents=True, exist_ok=True)
    served.write_bytes(data)

    client = Browser(stack, "127.0.0.2")
    response = client.request("GET", "/mayenne/laval/presse/affiche-a4.pdf")
    assert response.status == 200, response.text[:300]
    assert response.text.encode() == data
    assert response.headers["ETag"] == f'"{"a" * 64}"'
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="laval-affiche-a4.pdf"'
    assert "X-Accel-Redirect" not in response.headers
    again = client.request(
        "GET", "/mayenne/laval/presse/affiche-a4.pdf", headers={"If-None-Match": f'"{"a" * 64}"'}
    )
    assert again.status == 304
    inside = "/_kits/" + name.removeprefix("kits/")
    assert client.request("GET", inside).status == 404
