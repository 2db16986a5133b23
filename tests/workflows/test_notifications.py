"""Every transition e-mails the right people, as jobs: the submitter, the next reviewers, and on
a rejection at a later step those who approved earlier; the reviewer's comment is in it."""

from django.core import mail
from django.utils.html import escape

from workflows import services

from .conftest import CLEAN

SUBMITTER = "camille@example.org"


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_clean_item_all_the_way(
    submit, act, laval_page, quimper_page, mayenne_referent, finistere_referent, moderator
):
    page = submit(laval_page)
    assert [m.subject for m in sent_to(SUBMITTER)] == [
        "Bien reçue : Le café des voisins",
        "Une étape franchie : Le café des voisins",  # the automated check
    ]
    to_review = sent_to(mayenne_referent.email)
    assert [m.subject for m in to_review] == ["À relire : Le café des voisins"]
    assert "/admin/moderation/open/" in to_review[0].body
    assert sent_to(finistere_referent.email) == []
    assert sent_to(moderator.email) == []

    mail.outbox.clear()
    page = act(page, mayenne_referent, comment="Très belle initiative.")
    passed = sent_to(SUBMITTER)
    assert [m.subject for m in passed] == ["Une étape franchie : Le café des voisins"]
    assert "Très belle initiative." in passed[0].body
    assert "Référents du département" in passed[0].body
    to_moderate = sent_to(moderator.email)
    assert [m.subject for m in to_moderate] == ["À relire : Le café des voisins"]
    assert "Très belle initiative." in to_moderate[0].body

    mail.outbox.clear()
    act(page, moderator)
    subjects = [m.subject for m in sent_to(SUBMITTER)]
    assert "Publiée : Le café des voisins" in subjects
    assert sent_to(mayenne_referent.email) == []


def test_a_rejection_at_a_later_step_reaches_earlier_approvers(
    submit, act, laval_page, mayenne_referent, moderator
):
    page = submit(laval_page)
    page = act(page, mayenne_referent)
    mail.outbox.clear()
    act(page, moderator, action="reject", comment="Ajoutez une photo, s'il vous plaît.")
    for address in (SUBMITTER, mayenne_referent.email):
        [message] = sent_to(address)
        assert message.subject == "Modifications demandées : Le café des voisins"
        assert "Ajoutez une photo, s'il vous plaît." in message.body
        assert "Modération Voisins Solidaires" in message.body
    assert sent_to(moderator.email) == []


def test_a_rejection_at_the_first_step_reaches_the_submitter(
    submit, act, laval_page, mayenne_referent, moderator
):
    page = submit(laval_page)
    mail.outbox.clear()
    act(page, mayenne_referent, action="reject", comment="Précisez le lieu.")
    assert [m.to for m in mail.outbox] == [[SUBMITTER]]
    assert "Précisez le lieu." in mail.outbox[0].body


def test_a_flagged_item_reaches_the_moderators_with_its_reasons(
    submit, laval_page, mayenne_referent, moderator
):
    flagged = services.Submission(
        **{**CLEAN.__dict__, "description": "Écrivez à jeanne.exemple@courriel.example."}
    )
    submit(laval_page, flagged)
    [message] = sent_to(moderator.email)
    assert message.subject == "Signalé par la vérification automatique : Le café des voisins"
    assert "Une adresse e-mail figure dans le texte." in message.body
    assert sent_to(mayenne_referent.email) == []
    assert [m.subject for m in sent_to(SUBMITTER)] == ["Bien reçue : Le café des voisins"]


def test_the_status_page_shows_the_comment_after_a_rejection(
    client, submit, act, laval_page, mayenne_referent
):
    page = submit(laval_page)
    act(page, mayenne_referent, action="reject", comment="Précisez le lieu.")
    body = client.get(f"/proposer-une-initiative/suivi/{services.status_token(page)}/")
    text = body.content.decode()
    assert "Des modifications ont été demandées." in text
    assert "Précisez le lieu." in text
    assert mayenne_referent.username not in text


def test_moderation_e_mails_wear_the_colours_of_the_item_territory(
    submit, laval_page, mayenne_referent
):
    laval_page.primary_colour = "#8a1538"
    laval_page.save_revision().publish()
    submit(laval_page)
    for address in (SUBMITTER, mayenne_referent.email):
        message = sent_to(address)[0]
        html, mime_type = message.alternatives[0]
        assert mime_type == "text/html"
        assert "background:#8a1538" in html
        assert "L'Heure Civique — Laval</div>" in html
        assert escape(message.body.split("\n\n")[1]) in html  # the same message as the text
