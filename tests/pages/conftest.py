"""A small tree for the pages' tests, made by the factories rather than onboarded: Mayenne and
Laval with their colours, words and contacts (`themed_…_page`), news, and the agendas."""

import pytest
from django.utils import translation

from tests.factories.pages import (
    CommunePageFactory,
    DepartmentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.territories import CommuneFactory


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, the language they are written in; a request still
    activates the language of its URL."""
    with translation.override("en"):
        yield


@pytest.fixture
def themed_mayenne_page(home_page, mayenne):
    return DepartmentPageFactory(
        department=mayenne,
        primary_colour="#0b5e3c",
        secondary_colour="#e8f3ee",
        word_quote="Une heure par mois, c'est peu et c'est beaucoup.",
        word_name="Hélène Exemple",
        word_role="Président du Conseil départemental",
        contact_name="Conseil départemental de la Mayenne",
        contact_phone="01 99 00 53 53",
    )


@pytest.fixture
def themed_laval_page(themed_mayenne_page, mayenne):
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    return CommunePageFactory(
        commune=laval,
        word_quote="Laval s'engage.",
        word_name="Paul Exemple",
        word_role="Maire",
        contact_name="Mairie de Laval",
        contact_address="Place du 11 Novembre\n53000 Laval",
        contact_email="contact@laval.example.org",
    )


@pytest.fixture
def laval_news(themed_laval_page):
    index = NewsIndexPageFactory(parent=themed_laval_page)
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
def agenda_tree(home_page, themed_laval_page, themed_mayenne_page, mayenne):
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
        "mayenne": ensure_action_index(themed_mayenne_page),
        "laval": ensure_action_index(themed_laval_page),
        "chateau": ensure_action_index(chateau_page),
        "themed_laval_page": themed_laval_page,
        "chateau_page": chateau_page,
        "themed_mayenne_page": themed_mayenne_page,
    }
