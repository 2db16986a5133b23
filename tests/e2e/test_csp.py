"""The Content-Security-Policy holds in a real browser (core/headers.py): on a public page,
chromium runs the site's own scripts and refuses a script written into the page, which is what
an injected `<script>` would be. (Every other browser test fails on any refusal: tests/e2e/
conftest.py.)"""

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INJECT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true;";
    document.body.appendChild(script);
    return window.injected === true;
}"""


def test_an_injected_script_is_refused_and_said_so(live_server, browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(live_server.url + "/je-participe/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # The site's own script ran: it added the live region of the commune lookup.
    assert page.locator("p.form-status[role=status]").count() == 1
    assert page.evaluate(INJECT) is False
    page.wait_for_timeout(200)
    assert any("script-src" in text for text in refused), refused
    context.close()
