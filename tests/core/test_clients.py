"""The client address that rate limits count by: REMOTE_ADDR, never a header a client can send."""

from django.test import RequestFactory

from core.clients import UNKNOWN, client_address


def test_the_client_is_the_connection_s_address():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    assert client_address(request) == "192.0.2.10"


def test_a_forwarded_header_sent_by_the_client_is_not_believed():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert client_address(request) == "192.0.2.10"


def test_a_request_without_an_address_is_counted_as_unknown():
    request = RequestFactory().get("/", REMOTE_ADDR="")
    assert client_address(request) == UNKNOWN
