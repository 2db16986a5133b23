"""Error reporting (core/sentry.py): nothing personal in what is sent, and nothing of sentry-sdk
loaded when SENTRY_DSN is unset."""

import copy
import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from core.sentry import before_send

ROOT = Path(__file__).resolve().parents[2]
TOKEN = ".eJyrVkpPzUvNSVSyUkrOz0vJTM9TqgUAUmkHIg:1tXyZ0:q3Vb0_cJ8n2KfPLr6mUeS4oW1Zx9aT7dHgY5sNkE-Rc"
EMAIL = "camille.durand@exemple.invalid"


def realistic_event() -> dict:
    """An event as sentry-sdk's Django integration makes it for an error on a link's page."""
    return {
        "level": "error",
        "platform": "python",
        "transaction": "/je-participe/confirmer/<str:token>/",
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"No volunteer for {EMAIL}",
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "volunteers/views/sign_up.py",
                                "function": "confirm",
                                "vars": {"token": f"'{TOKEN}'", "email": f"'{EMAIL}'"},
                            }
                        ]
                    },
                }
            ]
        },
        "request": {
            "url": f"https://heurecivique.example/je-participe/confirmer/{TOKEN}/",
            "method": "POST",
            "query_string": f"email={EMAIL}",
            "cookies": {"sessionid": "abc123secret", "csrftoken": "csrf456"},
            "data": {"email": EMAIL, "first_name": "Camille"},
            "headers": {
                "Cookie": "sessionid=abc123secret; csrftoken=csrf456",
                "X-Forwarded-For": "203.0.113.7",
                "Referer": f"https://heurecivique.example/je-participe/mon-espace/{TOKEN}/",
                "User-Agent": "Mozilla/5.0",
            },
            "env": {"REMOTE_ADDR": "203.0.113.7"},
        },
        "user": {"id": "12", "email": EMAIL, "ip_address": "203.0.113.7"},
        "breadcrumbs": {
            "values": [
                {"category": "django.request", "message": f"Not Found: /agenda/perso/{TOKEN}.ics"},
                {"category": "core", "message": f"e-mail sent to {EMAIL}"},
            ]
        },
        "extra": {"sys.argv": ["gunicorn"]},
    }


def test_before_send_scrubs_addresses_tokens_cookies_and_bodies():
    event = before_send(realistic_event(), {})
    text = json.dumps(event)
    for secret in (EMAIL, TOKEN, TOKEN.split(":")[-1], "abc123secret", "csrf456", "203.0.113.7"):
        assert secret not in text
    assert "Camille" not in text  # the posted form is gone
    request = event["request"]
    assert request["url"] == "https://heurecivique.example/je-participe/confirmer/[token]/"
    assert "cookies" not in request and "data" not in request and "query_string" not in request
    assert request["headers"] == {
        "Referer": "https://heurecivique.example/je-participe/mon-espace/[token]/",
        "User-Agent": "Mozilla/5.0",
    }
    assert "user" not in event
    assert event["exception"]["values"][0]["value"] == "No volunteer for [email]"
    messages = [crumb["message"] for crumb in event["breadcrumbs"]["values"]]
    assert messages == ["Not Found: /agenda/perso/[token].ics", "e-mail sent to [email]"]
    # What helps to debug stays.
    assert event["transaction"] == "/je-participe/confirmer/<str:token>/"
    assert event["exception"]["values"][0]["type"] == "ValueError"


def test_before_send_leaves_an_event_without_personal_data_as_it_was():
    event = {"level": "error", "message": "The kit of page 12 failed", "extra": {"n": 3}}
    assert before_send(copy.deepcopy(event), {}) == event


def python_with(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SENTRY_DSN"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_a_dsn_sentry_is_not_even_imported():
    result = python_with(
        {}, "import django, sys; django.setup(); print('sentry_sdk' in sys.modules)"
    )
    assert result.stdout.strip() == "False", result.stderr


class Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # when Brotli is installed (WeasyPrint's fonttools brings it)
            import brotli

            body = brotli.decompress(body)
        Collector.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


# In production settings with SENTRY_DSN set, through the WSGI application as gunicorn calls it:
# a view that fails on a link's page, posted a form with an address, with a session cookie.
FAILING_REQUEST = f"""
import io, types, django, sentry_sdk
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from wsgiref.util import setup_testing_defaults
django.setup()
from cms.wsgi import application

@csrf_exempt
def fail(request, token):
    raise ValueError("No volunteer for " + request.POST["email"])

urls = types.ModuleType("failing_urls")
urls.urlpatterns = [path("je-participe/confirmer/<str:token>/", fail)]
urls.handler500 = lambda request: HttpResponse("error", status=500)
body = b"email={EMAIL}&first_name=Camille"
environ = {{
    "REQUEST_METHOD": "POST", "PATH_INFO": "/je-participe/confirmer/{TOKEN}/",
    "QUERY_STRING": "email={EMAIL}", "HTTP_HOST": "testserver",
    "HTTP_COOKIE": "sessionid=abc123secret", "HTTP_X_FORWARDED_FOR": "203.0.113.7",
    "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body),
}}
setup_testing_defaults(environ)
statuses = []
with override_settings(ROOT_URLCONF=urls):
    b"".join(application(environ, lambda status, headers, *rest: statuses.append(status)))
print(statuses[0].split()[0], sentry_sdk.get_client().is_active(),
      sentry_sdk.get_client().options["send_default_pii"])
sentry_sdk.flush(10)
"""


def test_with_a_dsn_errors_are_sent_scrubbed():
    """A real sentry-sdk sends a real event over HTTP to a collector on loopback."""
    Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/42"
        result = python_with(
            {"SENTRY_DSN": dsn, "DATABASE_URL": "sqlite:///:memory:"}, FAILING_REQUEST
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.stdout.splitlines()[-1].split() == ["500", "True", "False"], result.stderr
    sent = b"".join(Collector.received).decode()
    events = [
        json.loads(line)
        for line in sent.splitlines()
        if line.startswith("{") and '"exception"' in line
    ]
    assert len(events) == 1, sent[:2000]
    event = events[0]
    assert event["exception"]["values"][-1]["value"] == "No volunteer for [email]"
    assert event["request"]["url"].endswith("/je-participe/confirmer/[token]/")
    for secret in (EMAIL, TOKEN, TOKEN.split(":")[-1], "abc123secret", "203.0.113.7", "Camille"):
        assert secret not in sent
    assert "cookies" not in event["request"] and "data" not in event["request"]
    assert "user" not in event
