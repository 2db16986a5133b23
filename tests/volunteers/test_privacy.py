"""No volunteer's name, e-mail or phone on any public page or API address of the site."""

import pytest

from volunteers import services

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(laval_page, quimper_page, ernee, make_action, gestures):
    people = []
    for commune in (laval_page.commune, quimper_page.commune, ernee):
        for n in range(3):
            volunteer = make_volunteer(
                commune,
                n,
                first_name=f"Secretprenom{commune.code}{n}",
                last_name=f"Secretnom{commune.code}{n}",
                phone=f"063998{commune.code[-2:]}{n}9",
                skills="Secretcompetence",
                handed_over=commune != ernee,
            )
            volunteer.gestures.add(gestures[n])
            people.append(volunteer)
    action = make_action(capacity=2)
    for volunteer in people[:4]:
        services.register(volunteer, action)
    make_volunteer(ernee, 8, confirmed=False, first_name="Secretnonconfirme")
    return people, action


def public_urls(action):
    return [
        "/",
        "/mayenne/",
        "/mayenne/laval/",
        "/finistere/",
        "/finistere/quimper/",
        action.url,
        f"{action.url}inscription/",
        "/mayenne/laval/actions/",
        "/je-participe/",
        "/mayenne/laval/je-participe/",
        "/gestes/",
        "/api/v2/pages/",
        "/api/v2/pages/?type=pages.ActionPage&fields=*",
        f"/api/v2/pages/{action.pk}/",
        "/api/v2/communes/?postal_code=53000",
        "/api/v2/communes/?postal_code=53500",
        "/en/",
    ]


def test_no_personal_data_in_public_pages(client, populated):
    people, action = populated
    secrets = ["Secretcompetence", "Secretnonconfirme"]
    for volunteer in people:
        secrets += [volunteer.first_name, volunteer.last_name, volunteer.email, volunteer.phone]
    client.raise_request_exception = False  # pages of other apps may be unfinished: skipped
    checked = 0
    for url in public_urls(action):
        response = client.get(url)
        if response.status_code != 200:
            continue
        checked += 1
        content = response.content.decode()
        leaks = [secret for secret in secrets if secret in content]
        assert leaks == [], url
    assert checked >= 10


def test_public_addresses_answer(client, populated):
    """The privacy check above reads real pages, not errors."""
    _people, action = populated
    for url in ["/", "/mayenne/laval/", f"{action.url}inscription/", "/api/v2/pages/"]:
        assert client.get(url).status_code == 200, url
