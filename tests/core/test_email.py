"""Every e-mail of the platform goes through one sender: written from templates in French,
text and HTML in the colours of its territory, queued as a job and sent through Django's mail
framework."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.utils import translation

from core.email import queue_email, send_email

ROOT = Path(__file__).resolve().parents[2]
NOTIFICATION = "workflows/email/notification"


def test_a_queued_email_is_sent_by_the_job(db, settings):
    assert settings.Q_CLUSTER["sync"] is True
    queue_email(
        "Bienvenue",
        "Merci de donner une heure par mois.",
        ["benevole@example.org"],
        html="<p>Merci de donner une heure par mois.</p>",
        headers={"List-Unsubscribe": "<https://example.org/desinscription>"},
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Bienvenue"
    assert message.to == ["benevole@example.org"]
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe"] == "<https://example.org/desinscription>"


def test_an_email_is_written_in_french_as_text_and_html_in_the_national_colours(db):
    with translation.override("en"):  # a request in English: the e-mail stays French
        send_email(
            NOTIFICATION,
            "benevole@example.org",
            {"message": "Votre initiative est publiée.", "link": "https://example.org/a/"},
            subject="Publiée :\n Le café\tdes voisins",
        )
    [message] = mail.outbox
    assert message.subject == "Publiée : Le café des voisins"  # one line, whatever it held
    assert message.to == ["benevole@example.org"]
    assert message.body.startswith("Bonjour,")
    assert "Votre initiative est publiée." in message.body
    html, mime_type = message.alternatives[0]
    assert mime_type == "text/html"
    assert "background:#1f4e79" in html
    assert "L'Heure Civique</div>" in html
    assert 'href="https://example.org/a/"' in html
    assert "List-Unsubscribe" not in message.extra_headers  # no cancel link given


def test_the_theme_gives_the_territory_colour_and_name(db):
    send_email(
        NOTIFICATION,
        ["referent@mairie.example"],
        {"message": "Un message."},
        subject="Objet",
        theme={"primary": "#8a1538", "territory_name": "Laval"},
    )
    html = mail.outbox[0].alternatives[0][0]
    assert "background:#8a1538" in html
    assert "L'Heure Civique — Laval</div>" in html


def test_a_cancel_link_is_offered_in_the_body_and_as_list_unsubscribe(db):
    send_email(
        NOTIFICATION,
        "referent@mairie.example",
        {"message": "Un message."},
        subject="Objet",
        cancel_url="https://example.org/admin/account/#notifications",
    )
    message = mail.outbox[0]
    assert (
        message.extra_headers["List-Unsubscribe"]
        == "<https://example.org/admin/account/#notifications>"
    )
    assert 'href="https://example.org/admin/account/#notifications"' in message.alternatives[0][0]


def test_a_hostile_title_breaks_neither_the_subject_nor_the_html(db):
    send_email(
        NOTIFICATION,
        "referent@mairie.example",
        {"message": "<script>alert(1)</script>"},
        subject="À relire : <b>Titre</b>\r\nBcc: victime@example.org",
    )
    message = mail.outbox[0]
    assert message.subject == "À relire : <b>Titre</b> Bcc: victime@example.org"
    assert "<script>" not in message.alternatives[0][0]
    assert "&lt;script&gt;" in message.alternatives[0][0]


def test_the_demo_writes_emails_as_files_under_var_mail(tmp_path):
    code = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Objet', 'Corps du message', None, ['referent@example.org'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert "Subject: Objet" in content
    assert "referent@example.org" in content
