"""The demo's address and accounts as printed by `load_demo` and by demo/run.sh once the
server is up: `python -m demo.logins http://127.0.0.1:8000/`.

Run as a script it reads the password from the settings module without starting Django, so
that the demo's launcher prints it in a blink."""

import importlib
import os
import sys

from demo.content import USERS
from demo.site_addresses import addresses, port_of


def logins_text(url: str, password: str) -> str:
    base = url.rstrip("/")
    width = max(len(user.username) for user in USERS)
    lines = [
        f"Site:  {base}/",
        f"Admin: {base}/admin/",
        *(
            f"Site of {host.split('.')[0].title()}: {address}"
            for host, address in addresses(port_of(base))
        ),
        f"Logins (password: {password}):",
        *(f"  {user.username.ljust(width)}  {user.description}" for user in USERS),
        # demo/translations.py
        f"  {'traductrice'.ljust(width)}  translator (English, Breton; publishes nothing)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    settings = importlib.import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.dev"))
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/"
    print(logins_text(url, getattr(settings, "DEMO_PASSWORD", "(not set: run load_demo)")))
