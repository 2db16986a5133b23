"""A small site with something in every public endpoint of the API: Mayenne, Laval and
Château-Gontier with their agendas, actions (single, repeating with a cancelled date, full with
a waiting list), a news page whose body has rich text with a link and an image, the idea box,
a good practice with a file."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from wagtail.rich_text import RichText

from pages.models import ActionCancellation
from snippets.services import load_gestures
from territories.models import PostalCode
from tests.factories.pages import ImageFactory, NewsIndexPageFactory, NewsPageFactory
from tests.factories.practices import PracticeAttachmentFactory, PracticeLibraryPageFactory
from tests.factories.volunteers import RegistrationFactory, VolunteerFactory
from tests.pages.conftest import (  # noqa: F401 (fixtures)
    add_action,
    agenda_now,
    agenda_tree,
    themed_laval_page,
    themed_mayenne_page,
)
from tests.snippets.conftest import FIXTURE


@pytest.fixture
def api_content(agenda_tree, add_action, agenda_now):
    from snippets.models import Gesture

    load_gestures(FIXTURE)
    gestures = Gesture.objects.filter(live=True).order_by("pk")[:3]
    laval = agenda_tree["themed_laval_page"]
    # The sign-up endpoint finds the commune by its postal code.
    PostalCode.objects.get_or_create(code="53000", commune=laval.commune)
    image = ImageFactory(title="Atelier", description="Des vélos réparés dans la cour")
    news = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=laval),
        title="Le jardin partagé rouvre",
        body=[
            ("paragraph", RichText(f'<p>Voir <a linktype="page" id="{laval.pk}">Laval</a>.</p>')),
            ("image", image),
        ],
    )
    workshop = add_action(
        agenda_tree["laval"],
        "Atelier vélo",
        agenda_now + dt.timedelta(days=2),
        slug="atelier-velo",
        capacity=2,
        registration_required=True,
        contact_name="Mairie de Laval",
        contact_email="benevolat@laval.example.org",
        place_commune=laval.commune,
    )
    workshop.gestures.add(*gestures)
    workshop.save()
    # A good practice with a file to download, in a department's library.
    PracticeAttachmentFactory(page__parent=PracticeLibraryPageFactory(parent=laval.get_parent()))
    for status in ("registered", "registered", "waiting"):
        RegistrationFactory(action=workshop, status=status, volunteer=VolunteerFactory())
    monthly = add_action(
        agenda_tree["laval"],
        "Café-tricot",
        agenda_now - relativedelta(months=2),
        recurrence_frequency="monthly",
        cancellations=[ActionCancellation(date=agenda_now.date(), reason="Férié")],
    )
    online = add_action(
        agenda_tree["mayenne"],
        "Journée départementale",
        agenda_now,
        all_day=True,
        online=True,
        online_url="https://visio.example.org/a",
        address="",
    )
    return {
        "workshop": workshop,
        "monthly": monthly,
        "online": online,
        "news": news,
        "image": image,
    }
