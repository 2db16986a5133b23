"""A registration or a cancellation changes the places left that an action's page shows: the
page is purged from the proxy's cache once it is committed (pages/purge.py), through a real
HTTP server on the loopback."""

import pytest

from tests.pages.test_purge import purge_server  # noqa: F401
from volunteers import services

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db


def test_registering_and_cancelling_purge_the_action_s_page(
    laval,
    make_action,
    purge_server,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    action = make_action(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(make_volunteer(laval), action)
    assert purge_server == ["testserver /mayenne/laval/actions/nettoyage/"]
    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration)
    assert purge_server == ["testserver /mayenne/laval/actions/nettoyage/"]
