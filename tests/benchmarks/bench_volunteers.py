"""Sign-ups per second and registrations per second under concurrency (threads, one database
connection each). Meant for PostgreSQL (row locks); on SQLite (a file test database, see
cms/settings/test.py) the writers wait for each other. Run with DATABASE_URL set and
`pytest -m benchmark -s tests/benchmarks/bench_volunteers.py`; the figures are printed,
never asserted; the counts are."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.vocabulary import ActionKind
from onboarding.services import onboard_commune
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers import services
from volunteers.models import Registration, Volunteer

pytestmark = [
    pytest.mark.benchmark,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS = 10
SIGN_UPS = 200
PLACES = 50


def run_threaded(function, items) -> float:
    def work(item):
        try:
            function(item)
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(work, items))
    return time.perf_counter() - started


def test_sign_ups_and_registrations_per_second(home_page):
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    laval_page = onboard_commune("53130")
    index = ensure_action_index(laval_page)
    start = timezone.now() + timedelta(days=7)
    action = index.add_child(
        instance=ActionPage(
            title="Banc d'essai",
            slug="banc",
            description="Mesure",
            kind=ActionKind.COLLECTIVE,
            start=start,
            end=start + timedelta(hours=1),
            capacity=PLACES,
            registration_required=True,
            address="Mairie de Laval",
        )
    )
    lock = threading.Lock()
    confirmed = []

    def sign_up(n):
        volunteer = services.sign_up(
            services.SignUp(
                first_name="Banc",
                last_name=f"Essai{n}",
                email=f"banc{n}@exemple.invalid",
                phone="",
                commune=laval,
                gestures=[],
                kinds=[],
                availability=[],
                skills="",
                heard_from="",
                contact_consent=True,
            )
        )
        services.confirm(volunteer)
        with lock:
            confirmed.append(volunteer)

    sign_up_seconds = run_threaded(sign_up, range(SIGN_UPS))
    assert Volunteer.objects.confirmed().count() == SIGN_UPS

    register_seconds = run_threaded(
        lambda volunteer: services.register(volunteer, action), confirmed
    )
    assert Registration.objects.filter(status=Registration.Status.REGISTERED).count() == PLACES
    assert Registration.objects.count() == SIGN_UPS

    print(f"\n{connection.vendor}, {WORKERS} threads")
    print(f"sign-ups (with confirmation): {SIGN_UPS / sign_up_seconds:8.1f} /s")
    print(f"registrations ({PLACES} places): {SIGN_UPS / register_seconds:8.1f} /s")
    print(f"ratio registrations / sign-ups: {sign_up_seconds / register_seconds:8.2f}")
