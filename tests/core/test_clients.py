"""The client address that rate limits count by: REMOTE_ADDR, and behind TRUSTED_PROXIES proxies
the address the nearest trusted proxy wrote in X-Forwarded-For; never what a client wrote."""

import pytest
from django.test import RequestFactory, override_settings

from core.clients import UNKNOWN, client_address, forwarded_client


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_the_client_is_the_connection_s_address():
    assert client_address(request_from("192.0.2.10")) == "192.0.2.10"


def test_without_a_trusted_proxy_the_header_is_never_believed():
    request = request_from("192.0.2.10", "198.51.100.7")
    assert client_address(request) == "192.0.2.10"
    with override_settings(TRUSTED_PROXIES=0):
        assert client_address(request) == "192.0.2.10"


def test_a_request_without_an_address_is_counted_as_unknown():
    assert client_address(request_from("")) == UNKNOWN


@override_settings(TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_client_is_the_last_entry():
    # nginx appends the address it was connected from ($proxy_add_x_forwarded_for).
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=1)
def test_entries_a_client_wrote_on_the_left_are_ignored():
    request = request_from("127.0.0.1", "203.0.113.66, 10.0.0.1,198.51.100.7")
    assert client_address(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_client_is_the_second_from_the_right():
    # client → CDN (appends the client) → nginx (appends the CDN) → the site
    request = request_from("127.0.0.1", "203.0.113.66, 198.51.100.7, 192.0.2.200")
    assert client_address(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=2)
def test_a_header_shorter_than_the_proxies_falls_back_to_the_connection():
    assert client_address(request_from("192.0.2.10", "198.51.100.7")) == "192.0.2.10"


@override_settings(TRUSTED_PROXIES=1)
@pytest.mark.parametrize(
    "header", ["", " ", "not-an-address", "198.51.100.7, ", "198.51.100.7,garbage", "1.2.3.999"]
)
def test_a_malformed_header_falls_back_to_the_connection(header):
    assert client_address(request_from("192.0.2.10", header)) == "192.0.2.10"


@override_settings(TRUSTED_PROXIES=1)
def test_a_missing_header_falls_back_to_the_connection():
    assert client_address(request_from("192.0.2.10")) == "192.0.2.10"


@override_settings(TRUSTED_PROXIES=1)
@pytest.mark.parametrize(
    ("header", "client"),
    [
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),  # written the one way, whatever the proxy wrote
        ("[2001:db8::1]:4711", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("198.51.100.7:4711", "198.51.100.7"),
        ('"198.51.100.7"', "198.51.100.7"),
        ("203.0.113.66, 2001:db8::7", "2001:db8::7"),
    ],
)
def test_ipv6_and_ports(header, client):
    assert client_address(request_from("127.0.0.1", header)) == client


def test_the_nth_entry_from_the_right():
    header = "203.0.113.1, 203.0.113.2, 203.0.113.3"
    assert forwarded_client(header, 1) == "203.0.113.3"
    assert forwarded_client(header, 3) == "203.0.113.1"
    assert forwarded_client(header, 4) is None
    assert forwarded_client(header, 0) is None
    assert forwarded_client(header, -1) is None
