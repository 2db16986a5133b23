"""The moderation loop in chromium, DEBUG off: a resident proposes an initiative on the public
form; Mayenne's referent requests changes with a comment in the admin; the resident opens the
link of the e-mail, reads the comment, edits and sends the initiative again; the referent, then
a Voisins Solidaires moderator, approve it and land on a page without an error; it is live."""

import re

import pytest
from django.conf import settings
from django.core import mail

from tests.e2e.test_moderation import site_with_reviewers  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
RESIDENT = "camille@example.org"
COMMENT = "Pouvez-vous dire qui organise les cafés ?"


def open_from_the_report(page, base, title):
    page.goto(base + "/admin/moderation/")
    page.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))


def open_action_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def assert_landed_in_green(page, expected):
    page.wait_for_url(re.compile(r"/admin/moderation/$"))
    page.wait_for_load_state("networkidle")
    html = page.content()
    assert "autorisation" not in html
    assert page.locator(".messages li.error").count() == 0
    assert expected in " ".join(page.locator(".messages li.success").all_inner_texts())


def link_of(email_to: str, subject_part: str, path="/proposer-une-initiative/suivi/") -> str:
    message = [m for m in mail.outbox if m.to == [email_to] and subject_part in m.subject][-1]
    return re.search(rf"http://testserver({path}\S+/)", message.body)[1]


def test_changes_requested_then_resent_then_approved(
    site_with_reviewers,  # noqa: F811 (the fixture imported above)
    log_into_admin,
    page,
    screenshots,
):
    assert settings.DEBUG is False
    base = site_with_reviewers

    # The resident proposes it.
    page.goto(base + "/mayenne/laval/proposer-une-initiative/")
    page.get_by_label("Nom de l'initiative").fill("Le café des voisins")
    page.get_by_label("En quelques mots").fill("Chaque samedi, un café à la médiathèque.")
    page.get_by_label("Ce qui se passe").fill("Des bénévoles accueillent les habitants.")
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label(re.compile(r"^Votre (adresse )?e-mail")).fill(RESIDENT)
    page.get_by_role("button", name="Envoyer mon initiative").click()
    page.wait_for_url(re.compile(r"/proposer-une-initiative/suivi/"))
    assert "En cours de relecture : Référents du département" in page.content()
    page.goto(base + link_of(RESIDENT, "Bien reçue"))
    assert "En cours de relecture : Référents du département" in page.content()

    # The referent requests changes, with a comment, in the page editor.
    log_into_admin(page, "referent")
    open_from_the_report(page, base, "Le café des voisins")
    open_action_menu(page)
    page.locator("button[data-workflow-action-name='reject']").click()
    page.locator(".modal textarea[name='comment']").fill(COMMENT)
    page.locator(".modal form button[type=submit]").click()
    assert_landed_in_green(page, "Vous avez demandé des modifications sur « Le café des voisins »")
    page.screenshot(path=str(screenshots / "moderation-loop-changes.png"), full_page=True)

    # The resident follows the link of the e-mail, reads the comment, edits and resends.
    page.context.clear_cookies()
    page.goto(base + link_of(RESIDENT, "Modifications demandées"))
    status_url = page.url
    assert "Des modifications ont été demandées." in page.content()
    assert COMMENT in page.locator("blockquote").inner_text()
    page.get_by_role("link", name="Modifier et renvoyer").click()
    page.wait_for_url(re.compile(r"/modifier/$"))
    title = page.get_by_label("Nom de l'initiative")
    assert title.input_value() == "Le café des voisins"
    page.get_by_label("Ce qui se passe").fill(
        "L'association Voisins de Laval organise les cafés.\n\nTout le monde vient."
    )
    page.screenshot(path=str(screenshots / "moderation-loop-edit.png"), full_page=True)
    page.get_by_role("button", name="Renvoyer mon initiative").dblclick()
    page.wait_for_url(status_url)
    page.wait_for_load_state("networkidle")
    # The double click sends the form twice; the page the browser shows answers the second
    # request, which the live server may answer before the first one's resubmission commits
    # (seen once in a serial run on a loaded machine): the status is read again until it
    # shows the resubmission, for a few seconds at most.
    for _ in range(10):
        if "En cours de relecture : Référents du département" in page.content():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert "En cours de relecture : Référents du département" in page.content()
    assert "Modifier et renvoyer" not in page.content()

    # The referent, then the moderator, follow the link of their e-mail to the editor, approve
    # and land on the report.
    for username, expected in [
        ("referent", "l’étape suivante commence"),
        ("moderatrice", "désormais en ligne"),
    ]:
        log_into_admin(page, username)
        page.goto(base + link_of(f"{username}@example.org", "À relire", "/admin/"))
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        assert "L'association Voisins de Laval organise les cafés." in page.content()
        open_action_menu(page)
        page.locator(
            "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
        ).click()
        assert_landed_in_green(page, expected)
        page.screenshot(path=str(screenshots / f"moderation-loop-{username}.png"), full_page=True)

    # The resident's last e-mail leads to the published initiative.
    page.context.clear_cookies()
    page.goto(base + link_of(RESIDENT, "Une étape franchie"))
    page.goto(status_url)
    assert "Publiée." in page.content()
    page.get_by_role("link", name="La voir en ligne").click()
    page.wait_for_url(re.compile(r"/mayenne/laval/initiatives/le-cafe-des-voisins/$"))
    assert "L'association Voisins de Laval organise les cafés." in page.content()
