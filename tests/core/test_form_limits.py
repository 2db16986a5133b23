"""The public forms count per client behind the proxy (TRUSTED_PROXIES) and per typed e-mail
address: many clients cannot flood one mailbox, and the answer reveals nothing about it."""

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.models import Locale

from pages.models import InitiativePage
from snippets.models import Gesture, GestureCategory
from snippets.services import SUGGESTIONS_PER_HOUR
from tests.volunteers.conftest import (  # noqa: F401 (fixtures)
    laval_actions,
    make_action,
    make_volunteer,
    sign_up_data,
)
from tests.workflows.test_public_form import proposal
from volunteers.models import Volunteer
from volunteers.views.sign_up import RATE_LIMIT, TARGET_LIMIT
from workflows import services as workflows

pytestmark = pytest.mark.django_db

SIGN_UP = "/je-participe/"
CHECK_INBOX = "/je-participe/verifiez-vos-e-mails/"
PROXY = "127.0.0.1"


def sign_up_from(client, forwarded: str, email: str):
    return client.post(
        SIGN_UP, sign_up_data(email=email), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
    )


@override_settings(TRUSTED_PROXIES=1)
def test_behind_the_proxy_thirty_clients_all_sign_up(client, laval):
    for n in range(30):
        response = sign_up_from(client, f"198.51.100.{n}", f"personne{n}@exemple.invalid")
        assert response.status_code == 302
        assert response["Location"] == CHECK_INBOX
    assert Volunteer.objects.count() == 30
    assert len(mail.outbox) == 30


@override_settings(TRUSTED_PROXIES=1)
def test_behind_the_proxy_one_client_is_limited(client, laval):
    codes = [
        sign_up_from(client, "198.51.100.7", f"personne{n}@exemple.invalid").status_code
        for n in range(30)
    ]
    assert codes == [302] * RATE_LIMIT + [429] * (30 - RATE_LIMIT)
    assert Volunteer.objects.count() == RATE_LIMIT


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(client, laval):
    codes = [
        sign_up_from(client, f"198.51.100.{n}", f"personne{n}@exemple.invalid").status_code
        for n in range(30)
    ]
    assert codes == [302] * RATE_LIMIT + [429] * (30 - RATE_LIMIT)


@override_settings(TRUSTED_PROXIES=1)
def test_one_address_signed_up_from_five_clients_gets_a_few_e_mails(client, laval):
    for n in range(5):
        # The same person, written differently: the count is of the address, not of its case.
        email = "Camille.Durand@exemple.invalid " if n % 2 else "camille.durand@exemple.invalid"
        response = sign_up_from(client, f"198.51.100.{n}", email)
        assert response.status_code == 302
        assert response["Location"] == CHECK_INBOX  # the same answer, past the limit too
    assert len(mail.outbox) == TARGET_LIMIT
    # Another address from one of these clients is not held back by the first one's count.
    assert sign_up_from(client, "198.51.100.1", "alex@exemple.invalid").status_code == 302
    assert mail.outbox[-1].to == ["alex@exemple.invalid"]


@override_settings(TRUSTED_PROXIES=1)
def test_a_space_link_asked_from_five_clients_is_sent_a_few_times(client, laval):
    volunteer = make_volunteer(laval, 1)
    for n in range(5):
        response = client.post(
            "/je-participe/mon-espace/",
            {"email": volunteer.email},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 200
        assert 'role="status"' in response.content.decode()  # "a message is on its way"
    assert len(mail.outbox) == TARGET_LIMIT


@override_settings(TRUSTED_PROXIES=1)
def test_a_registration_link_asked_from_five_clients_is_sent_a_few_times(
    client,
    make_action,  # noqa: F811 (the fixture imported above)
):
    action = make_action()
    volunteer = make_volunteer(action.get_parent().get_parent().specific.commune, 1)
    answers = set()
    for n in range(5):
        response = client.post(
            f"{action.url}inscription/",
            {"email": volunteer.email},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 200
        answers.add(response.content.decode().split("<main", 1)[1].split("</main>", 1)[0])
    assert len(answers) == 1  # past the limit, the same page as a success
    assert len(mail.outbox) == TARGET_LIMIT


@override_settings(TRUSTED_PROXIES=1)
def test_proposals_for_one_address_from_many_clients_are_limited(
    client, laval_page, django_capture_on_commit_callbacks
):
    codes = []
    for n in range(workflows.PROPOSALS_PER_HOUR + 1):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/mayenne/laval/proposer-une-initiative/",
                proposal(title=f"Initiative {n}", email="CAMILLE@example.org"),
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
            )
        codes.append(response.status_code)
    assert codes == [302] * workflows.PROPOSALS_PER_HOUR + [429]
    assert InitiativePage.objects.count() == workflows.PROPOSALS_PER_HOUR


@override_settings(TRUSTED_PROXIES=1)
def test_gesture_suggestions_for_one_address_from_many_clients_are_limited(client, db):
    category = GestureCategory.objects.create(
        locale=Locale.get_default(), name="Courses", slug="courses"
    )
    codes = []
    for n in range(SUGGESTIONS_PER_HOUR + 1):
        data = {
            "title": f"Réparer le vélo numéro {n}",
            "summary": "Une heure pour remettre en état le vélo d'un voisin.",
            "how_to": "Regardez les freins et les pneus.",
            "category": str(category.pk),
            "kind": "neighbourly",
            "name": "Alex Martin",
            "email": "Alex.Martin@example.org",
            "website": "",
        }
        response = client.post(
            "/gestes/proposer/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        codes.append(response.status_code)
    assert codes == [302] * SUGGESTIONS_PER_HOUR + [429]
    assert Gesture.objects.filter(suggested_by_email__iexact="alex.martin@example.org").count() == (
        SUGGESTIONS_PER_HOUR
    )


def test_a_resident_who_corrects_their_form_is_never_taken_for_a_flood(client, laval):
    """Only a sign-up that would send an e-mail counts: refused forms for the same address and
    from the same client, many more than either limit, then the right one is kept and sent."""
    email = "corrige@exemple.invalid"
    for _ in range(RATE_LIMIT + TARGET_LIMIT):
        refused = client.post(SIGN_UP, {**sign_up_data(email=email), "charter": ""})
        assert refused.status_code == 200  # the form again, with its errors
    assert not Volunteer.objects.exists()
    response = client.post(SIGN_UP, sign_up_data(email=email))
    assert response["Location"] == CHECK_INBOX
    assert Volunteer.objects.filter(email=email).exists()
    assert [message.to for message in mail.outbox] == [[email]]


def test_refused_link_requests_do_not_count_either(client, laval):
    volunteer = make_volunteer(laval, 1)
    for _ in range(RATE_LIMIT + TARGET_LIMIT):
        client.post("/je-participe/mon-espace/", {"email": "pas-une-adresse"})
    client.post("/je-participe/mon-espace/", {"email": volunteer.email})
    assert [message.to for message in mail.outbox] == [[volunteer.email]]
