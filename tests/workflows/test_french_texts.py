"""Small texts seen in a walk-through of the French site (issue 14): a space before a format,
a credit said twice, Wagtail's "Ajouter un(e) Photos" and its English words on French pages
(the admin's log-in, a workflow's status, the API's 404), and Wagtail's pages of a restricted
page (its log-in and its password form) in the site's layout, with a viewport."""

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from pages.models import InitiativePhoto

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.mark.parametrize(
    "typed",
    [
        "Photo : Mairie de Laval",
        "photo: Mairie de Laval",
        "Crédit photo : Mairie de Laval",
        "© Mairie de Laval",
        "Mairie de Laval",
    ],
)
def test_a_photo_credit_is_said_once(typed):
    assert InitiativePhoto(credit=typed).credit_line == "Mairie de Laval"


def test_an_initiative_page_prints_photo_once(client, make_initiatives):
    from pages.models import InitiativePage

    page = make_initiatives(1)[0]
    InitiativePhoto.objects.filter(page=page).update(credit="Photo : Camille Martin")
    html = client.get(InitiativePage.objects.get(pk=page.pk).url).content.decode()
    assert "Photo : Camille Martin" in html
    assert "Photo : Photo" not in html


def test_the_admin_speaks_french_where_wagtail_does_not(client, moderator, make_initiatives):
    login = client.get("/admin/login/", **FR).content.decode()
    assert "Mot de passe" in login and "Password<" not in login
    page = make_initiatives(1)[0]
    client.force_login(moderator)
    edit = client.get(f"/admin/pages/{page.pk}/edit/", **FR).content.decode()
    assert "Ajouter : photo" in edit
    assert "un(e)" not in edit
    with translation.override("fr"):
        assert translation.gettext("Status: ") == "Statut : "


def test_the_api_says_not_found_in_french(client):
    response = client.get("/api/v2/images/999999/", **FR)
    assert response.status_code == 404
    assert response.json() == {"message": "Aucun élément ne porte cet identifiant."}
    assert (
        "matches the given query" not in client.get("/api/v2/pages/999999/", **FR).json()["message"]
    )


def test_a_page_for_logged_in_people_asks_in_the_sites_layout(client, laval_page):
    PageViewRestriction.objects.create(page=laval_page, restriction_type="login")
    response = client.get("/mayenne/laval/", **FR)
    assert response.status_code == 302 and response["Location"].startswith("/_util/login/")
    html = client.get(response["Location"], **FR).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "css/heure-civique.css" in html
    assert "<h1>Se connecter</h1>" in html and "Mot de passe" in html
    assert 'class="skip-link"' in html  # the site's header and footer


def test_a_page_behind_a_password_asks_in_the_sites_layout_without_its_title(client, laval_page):
    PageViewRestriction.objects.create(
        page=laval_page, restriction_type="password", password="mot-de-passe-du-club"
    )
    response = client.get("/mayenne/laval/", **FR)
    html = response.content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "Mot de passe requis" in html
    assert "<title>Mot de passe requis" in html
    assert laval_page.title not in html.split("<main", 1)[1].split("</main>")[0]
    wrong = client.post(
        html.split('action="', 1)[1].split('"', 1)[0],
        {"password": "faux", "return_url": "/mayenne/laval/"},
        **FR,
    )
    assert "css/heure-civique.css" in wrong.content.decode()
