"""Browser tests: Django's live server and Debian's chromium, driven by Playwright's sync API.

Browsers can't be downloaded here, so Playwright drives the system's chromium
(`CHROMIUM`, /usr/bin/chromium by default). Screenshots go to var/e2e/ for a person to look at.

Playwright's sync API runs an asyncio loop in the tests' thread while the browser is open. With
a loop running, Django gives the thread another database connection (its connections are
context-local under a loop), so a test reads and writes the database in its fixtures, before
it asks for `page`, and the browser is opened and closed for each test: the database's
set-up and flush then always use the test's own connection.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM).")
    # Django refuses ORM calls from a thread with a running loop unless told it is safe; the
    # live server answers the browser from its own thread, and nothing here is async.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A tab of its own. Every browser test also checks the Content-Security-Policy
    (core/headers.py): what chromium refused to run or show on the pages it visited fails it."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not refused, "The Content-Security-Policy refused:\n" + "\n".join(refused)


@pytest.fixture
def screenshots() -> Path:
    folder = Path(settings.VAR_DIR) / "e2e"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def log_into_admin(live_server):
    """Logs a person into the admin in a tab through the log-in form, as they would:
    `log_into_admin(page, "referent")`, with the suite's password unless told another, then
    waits for the address the log-in leads to (the dashboard, or the second factor's page).
    Whoever was logged in before in that tab is logged out first. It opens no browser itself,
    so a test may name it before the fixtures that write its data."""

    def log_in(page, username: str, *, password: str = PASSWORD, lands_on: str = r"/admin/$"):
        page.context.clear_cookies()
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(re.compile(lands_on))

    return log_in
