"""The demo's dedicated sites' names and addresses (issue 20), without Django: `python -m
demo.logins` prints them before Django is set up. demo/sites.py gives them their Sites."""

from __future__ import annotations

from urllib.parse import urlsplit

# (department code, commune code or None, host name)
DEMO_SITES = (
    ("53", None, "mayenne.localhost"),
    ("53", "53130", "laval.localhost"),
)
DEFAULT_PORT = 8000


def port_of(url: str) -> int:
    """The port of the demo's address (load_demo --url), which the dedicated sites share."""
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def addresses(port: int) -> list[tuple[str, str]]:
    """(host name, address) of each demo site on `port`."""
    suffix = "" if port == 80 else f":{port}"
    return [(host, f"http://{host}{suffix}/") for _d, _c, host in DEMO_SITES]
