"""E-mails go through the job queue and Django's mail framework."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import mail

from cms.jobs import queue_email

ROOT = Path(__file__).resolve().parents[2]


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
