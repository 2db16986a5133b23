"""A small tree for the pages' tests: Mayenne with Laval and Château-Gontier, both with news."""

import pytest
from django.utils import translation

from pages.factories import (
    CommunePageFactory,
    DepartmentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from territories.factories import CommuneFactory, DepartmentFactory


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, the language they are written in; a request still
    activates the language of its URL."""
    with translation.override("en"):
        yield


@pytest.fixture
def mayenne(db):
    return DepartmentFactory(code="53", name="Mayenne", slug="mayenne")


@pytest.fixture
def mayenne_page(home_page, mayenne):
    return DepartmentPageFactory(
        department=mayenne,
        primary_colour="#0b5e3c",
        secondary_colour="#e8f3ee",
        word_quote="Une heure par mois, c'est peu et c'est beaucoup.",
        word_name="Olivier Richefou",
        word_role="Président du Conseil départemental",
        contact_name="Conseil départemental de la Mayenne",
        contact_phone="02 43 66 53 53",
    )


@pytest.fixture
def laval_page(mayenne_page, mayenne):
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    return CommunePageFactory(
        commune=laval,
        word_quote="Laval s'engage.",
        word_name="Florian Bercault",
        word_role="Maire",
        contact_name="Mairie de Laval",
        contact_address="Place du 11 Novembre\n53000 Laval",
        contact_email="contact@laval.fr",
    )


@pytest.fixture
def laval_news(laval_page):
    index = NewsIndexPageFactory(parent=laval_page)
    return NewsPageFactory(parent=index, title="Le jardin partagé rouvre")


# --- The agenda's fixtures (pages/agenda/, ActionIndexPage, the actions API) -------------


@pytest.fixture
def agenda_now():
    """Noon, Paris time, on the next Monday: the agenda's tests place actions after it."""
    import datetime as dt

    from pages.agenda.recurrence import PARIS

    today = dt.datetime.now(PARIS).date()
    monday = today + dt.timedelta(days=7 - today.weekday())
    return dt.datetime.combine(monday, dt.time(12), tzinfo=PARIS)


@pytest.fixture
def add_action():
    """Creates a live action under an agenda page: add_action(index, title, start, **fields)."""
    import datetime as dt

    from pages.models import ActionPage

    def add(index, title, start, *, hours=2, publish=False, **fields):
        fields.setdefault("description", f"Description de {title}.")
        fields.setdefault("kind", "collective")
        fields.setdefault("address", "Place de la Mairie")
        fields.setdefault("end", start + dt.timedelta(hours=hours))
        action = ActionPage(title=title, start=start, live=not publish, **fields)
        index.add_child(instance=action)
        if publish:
            action.save_revision().publish()
            action.refresh_from_db()
        return action

    return add


@pytest.fixture
def agenda_tree(home_page, laval_page, mayenne_page, mayenne):
    """The agendas of the nation, Mayenne, Laval and Château-Gontier."""
    from pages.agenda.queries import ensure_action_index

    chateau = CommuneFactory(
        code="53062",
        name="Château-Gontier-sur-Mayenne",
        slug="chateau-gontier-sur-mayenne",
        department=mayenne,
    )
    chateau_page = CommunePageFactory(commune=chateau)
    return {
        "home": ensure_action_index(home_page),
        "mayenne": ensure_action_index(mayenne_page),
        "laval": ensure_action_index(laval_page),
        "chateau": ensure_action_index(chateau_page),
        "laval_page": laval_page,
        "chateau_page": chateau_page,
        "mayenne_page": mayenne_page,
    }
