"""A commune on its own address (issue 20's proof): on laval.localhost, the page, the agenda,
an action, the feed, the sign-up and the API show nothing of a volunteer of Laval registered
for its action, and each costs no more queries than its national copy."""

import pytest
from django.utils import timezone

from pages.models import ActionIndexPage
from tests.factories.pages import ActionPageFactory
from tests.volunteers.conftest import make_volunteer
from volunteers.models import Registration

from .conftest import LAVAL_HOST
from .test_queries import queries_of

pytestmark = pytest.mark.django_db

# (national copy, the same on Laval's own address)
ADDRESSES = [
    ("/mayenne/laval/", "/"),
    ("/mayenne/laval/actions/", "/actions/"),
    ("/mayenne/laval/actions/berges/", "/actions/berges/"),
    ("/mayenne/laval/agenda.ics", "/agenda.ics"),
    ("/mayenne/laval/actions/berges/agenda.ics", "/actions/berges/agenda.ics"),
    ("/mayenne/laval/je-participe/", "/je-participe/"),
]


@pytest.fixture
def registered(laval_site, laval):
    """An action of Laval, a volunteer of Laval registered for it."""
    agenda = ActionIndexPage.objects.child_of(laval_site.root_page).get()
    action = ActionPageFactory(
        parent=agenda, title="Nettoyage des berges", slug="berges", registration_required=True
    )
    volunteer = make_volunteer(
        laval, first_name="Albertine", last_name="Secrète", phone="0639981234"
    )
    Registration.objects.create(
        volunteer=volunteer,
        action=action,
        status=Registration.Status.REGISTERED,
        requested_at=timezone.now(),
    )
    return volunteer


def test_nothing_of_a_volunteer_shows_on_the_commune_s_own_address(client, registered):
    secrets = {"Albertine", "Secrète", registered.email, registered.phone}
    paths = [own for _national, own in ADDRESSES] + [
        "/api/v2/actions/?fields=*",
        "/api/v2/pages/?type=pages.ActionPage&fields=*",
    ]
    for path in paths:
        response = client.get(path, HTTP_HOST=LAVAL_HOST)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert [secret for secret in secrets if secret in body] == [], path


@pytest.mark.parametrize(("national", "own"), ADDRESSES)
def test_the_commune_s_own_address_runs_no_more_queries_than_the_national_copy(
    client, registered, national, own, django_assert_max_num_queries
):
    bound = queries_of(client, national, "testserver")
    client.get(own, HTTP_HOST=LAVAL_HOST)
    with django_assert_max_num_queries(bound):
        assert client.get(own, HTTP_HOST=LAVAL_HOST).status_code == 200
