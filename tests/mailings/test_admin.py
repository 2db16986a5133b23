"""The mailings' admin: a referent writes for their territory only (a commune's referent, not
the department nor the nation), previews, sends a test copy to themself, schedules; another
territory's referents neither list nor open it; an editor has no mailings; bad input is
explained and saves nothing; the list runs a bounded number of queries."""

import pytest
from django.core import mail

from mailings import services
from mailings.models import Mailing
from tests.volunteers.conftest import make_volunteer

pytestmark = pytest.mark.django_db


def log_in(client, user):
    client.force_login(user)


def form(**overrides):
    data = {
        "sender": "",
        "subject": "Nettoyage des berges samedi",
        "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Venez nombreux !", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "call_to_action": "",
        "call_to_action_url": "",
        "call_to_action_page": "",
        "commune_codes": "",
        "language": "",
        "inactive_months": "",
    }
    data.update(overrides)
    return data


def test_a_commune_referent_writes_previews_tests_and_schedules(client, laval, laval_referent):
    make_volunteer(laval, 1)
    log_in(client, laval_referent)

    response = client.post("/admin/envois/nouveau/", form(sender=f"c{laval.pk}"))

    assert response.status_code == 302
    mailing = Mailing.objects.get()
    assert (mailing.commune, mailing.created_by, mailing.status) == (laval, laval_referent, "draft")
    page = client.get(response.url).content.decode()
    assert "Venez nombreux" in page  # the preview
    # The whole e-mail is in the frame's srcdoc, escaped: unescaped, its first quote ended the
    # attribute and the frame showed nothing.
    srcdoc = page.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert srcdoc.startswith("&lt;!DOCTYPE html&gt;") or srcdoc.startswith("&lt;html")
    assert "Venez nombreux" in srcdoc and "&lt;/html&gt;" in srcdoc
    mail.outbox.clear()
    client.post(f"/admin/envois/{mailing.pk}/essai/")
    assert [m.to for m in mail.outbox] == [[laval_referent.email]]
    assert mail.outbox[0].subject == "[TEST] Nettoyage des berges samedi"
    assert not mailing.deliveries.exists()
    client.post(f"/admin/envois/{mailing.pk}/programmer/", {"at": ""})
    mailing.refresh_from_db()
    assert mailing.status == "scheduled"  # now: the job, queued as it commits, starts it
    services.send_mailings()
    mailing.refresh_from_db()
    assert mailing.deliveries.count() == 1


def test_a_commune_referent_may_write_neither_nationally_nor_for_another_commune(
    client, laval, quimper, laval_referent, mayenne
):
    log_in(client, laval_referent)
    for sender in ("national", f"d{mayenne.pk}", f"c{quimper.pk}"):
        response = client.post("/admin/envois/nouveau/", form(sender=sender))
        assert response.status_code == 400
        assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Mailing.objects.exists()


def test_segment_communes_outside_the_sender_are_refused(client, laval, quimper, laval_referent):
    log_in(client, laval_referent)
    response = client.post(
        "/admin/envois/nouveau/", form(sender=f"c{laval.pk}", commune_codes="29232, 53130")
    )
    assert response.status_code == 400
    assert "Pas une commune de l&#x27;expéditeur : 29232" in response.content.decode()
    assert not Mailing.objects.exists()


def test_another_territory_neither_lists_nor_opens_it(
    client, laval, quimper_referent, laval_editor, moderator
):
    mailing = Mailing.objects.create(commune=laval, subject="Pour Laval", body="<p>x</p>")
    log_in(client, quimper_referent)
    assert "Pour Laval" not in client.get("/admin/envois/").content.decode()
    assert client.get(f"/admin/envois/{mailing.pk}/").status_code == 404
    assert client.post(f"/admin/envois/{mailing.pk}/programmer/").status_code == 404
    log_in(client, laval_editor)
    response = client.get("/admin/envois/")  # refused: Wagtail sends them to the dashboard
    assert (response.status_code, response.url) == (302, "/admin/")
    log_in(client, moderator)
    assert client.get(f"/admin/envois/{mailing.pk}/").status_code == 200


def test_the_list_runs_a_bounded_number_of_queries(
    client, laval, moderator, django_assert_max_num_queries
):
    for n in range(30):
        Mailing.objects.create(commune=laval, subject=f"Envoi {n}", body="<p>x</p>")
    log_in(client, moderator)
    client.get("/admin/envois/")  # the admin's first visit caches its menus
    with django_assert_max_num_queries(25):
        response = client.get("/admin/envois/")
    assert response.content.decode().count("Envoi ") >= 30


def test_the_sender_list_names_the_communes_not_their_insee_codes(laval, laval_referent):
    from mailings.forms import sender_choices

    assert sender_choices(laval_referent) == [(f"c{laval.pk}", "Laval")]
