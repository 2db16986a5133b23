"""Logs (core/logging.py, LOGGING in cms/settings/base.py): one JSON line per event on stdout,
with no token of a volunteer's link and no e-mail address in it."""

import io
import json
import logging
import sys

import pytest

from core.logging import OneLineFormatter, ScrubFilter, scrub
from volunteers import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def stdout_log():
    """What the configured console handler writes, read from the handler itself."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, OneLineFormatter)
    )
    assert handler.stream in {sys.stdout, sys.__stdout__} or handler.stream.name == "<stdout>"
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def lines_of(written: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in written.getvalue().splitlines()]


def test_a_404_on_a_token_path_logs_one_line_without_the_token(client, stdout_log):
    token = tokens.make(tokens.SPACE, {"v": 12, "a": tokens.address_mark("c@exemple.invalid")})
    assert client.get(f"/je-participe/mon-espace/{token}/inconnu/").status_code == 404
    [line] = lines_of(stdout_log)
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["status"] == 404
    assert line["message"] == "Not Found: /je-participe/mon-espace/[token]/inconnu/"
    assert token not in stdout_log.getvalue()
    assert token.split(":")[-1] not in stdout_log.getvalue()  # not even its signature


def test_a_refused_link_logs_its_path_without_the_token(client, stdout_log):
    """A forged or expired confirmation link is answered 4xx, which Django logs with the path."""
    token = tokens.make(tokens.CONFIRM, {"v": 999999, "a": "0" * 20}, at=0)
    response = client.get(f"/je-participe/confirmer/{token}/")
    assert response.status_code >= 400
    [line] = lines_of(stdout_log)
    assert line["message"].endswith("/je-participe/confirmer/[token]/")
    assert token not in stdout_log.getvalue()


def test_e_mail_addresses_and_personal_feeds_are_scrubbed(client, stdout_log):
    feed_token = tokens.make(tokens.CALENDAR, {"v": 3})
    client.get("/contact/camille.durand@exemple.invalid/")
    client.get(f"/agenda/perso/{feed_token}.ics")
    written = stdout_log.getvalue()
    assert "camille" not in written and "exemple.invalid" not in written
    assert feed_token not in written
    messages = [line["message"] for line in lines_of(stdout_log)]
    assert "Not Found: /contact/[email]/" in messages


def test_a_traceback_stays_on_one_line_scrubbed():
    try:
        raise ValueError("no volunteer camille@exemple.invalid\nsecond line")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "failed for %s", ("a@b.fr",), sys.exc_info()
        )
    ScrubFilter().filter(record)
    output = OneLineFormatter().format(record)
    assert "\n" not in output
    line = json.loads(output)
    assert line["message"] == "failed for [email]"
    assert "ValueError: no volunteer [email]\\nsecond line" in output
    assert "Traceback" in line["exception"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The volunteers' links: signed, compressed, with a timestamp.
        (
            "Bad Request: /en/je-participe/heures/.eJyrVkpPzUvNSVSyUkrOz0vJTM9TqgUAUmkHIg:1tXyZ0:"
            "q3Vb0_cJ8n2KfPLr6mUeS4oW1Zx9aT7dHgY5sNkE-Rc/",
            "Bad Request: /en/je-participe/heures/[token]/",
        ),
        # The follow-up link of a proposed initiative (signing.dumps).
        (
            "Not Found: /proposer-une-initiative/suivi/eyJwYWdlIjo0Mn0:1tXyZ0:"
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ab/",
            "Not Found: /proposer-une-initiative/suivi/[token]/",
        ),
        # The admin's password reset link.
        (
            "Not Found: /admin/password_reset/confirm/MTI/c9x2k1-0123456789abcdef0123456789abcdef/",
            "Not Found: /admin/password_reset/confirm/[token]/",
        ),
        # What is not a token stays.
        (
            "cache unavailable: location=127.0.0.1:6379/0 at http://example.org:8000/mayenne/",
            "cache unavailable: location=127.0.0.1:6379/0 at http://example.org:8000/mayenne/",
        ),
        ("Not Found: /mayenne/laval/fete-des-voisins-2026/", None),
    ],
)
def test_scrub(text, expected):
    assert scrub(text) == (text if expected is None else expected)
