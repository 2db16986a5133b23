"""A volunteer chooses, in their space and with the keyboard alone, which senders' mailings
they receive (issue 22): in chromium, with DEBUG off, they untick their department's list
and save; the database has them off that list only; the department's next mailing, sent by
the real mailing job, passes them by while their commune's reaches them. The space passes
axe-core once the choice is saved."""

import re

import pytest
from django.core import mail

from mailings import services
from mailings.models import Mailing, Unsubscription
from tests.e2e.test_axe import AXE, RUN_AXE
from tests.e2e.test_space import open_space
from tests.factories.volunteers import VolunteerFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FOCUSED = "document.activeElement"


@pytest.fixture
def two_senders(live_server, mayenne, laval, laval_page) -> dict:
    mail.outbox = []
    return {
        "url": live_server.url,
        "mayenne": mayenne,
        "laval": laval,
        "volunteer": VolunteerFactory(
            first_name="Maëlys", email="maelys@exemple.invalid", commune=laval
        ),
        # Another volunteer of Laval, who keeps every list: the department's mailing is sent.
        "neighbour": VolunteerFactory(first_name="Soazig", commune=laval),
    }


def tab_to(page, element_id: str, presses: int = 80) -> None:
    """Presses Tab from where the focus is until `element_id` has it, as a keyboard user does."""
    for _press in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"{FOCUSED}.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reached with the Tab key")


def recipients_of(mailing: Mailing) -> set[str]:
    mail.outbox = []
    services.schedule(mailing)  # its job is queued as it commits (run at once here)
    services.send_mailings()  # the periodic job
    return {address for message in mail.outbox for address in message.to}


def test_a_volunteer_leaves_their_department_s_list_with_the_keyboard(two_senders, page):
    base, volunteer = two_senders["url"], two_senders["volunteer"]
    department_list = f"list-d{two_senders['mayenne'].pk}"
    commune_list = f"list-c{two_senders['laval'].pk}"
    page.context.add_init_script(path=str(AXE))
    open_space(page, base, volunteer.email)

    lists = page.get_by_role("group", name="Les envois que je reçois")
    for name in ("Laval", "département", "équipe nationale"):
        assert lists.get_by_role("checkbox", name=re.compile(name)).is_checked()
    page.locator("h1").focus()
    tab_to(page, department_list)
    outline = page.evaluate(f"getComputedStyle({FOCUSED}).outlineStyle")
    assert outline != "none", "the focused box shows no focus"
    page.keyboard.press("Space")
    assert not page.locator(f"#{department_list}").is_checked()
    page.keyboard.press("Tab")  # the national team's list
    page.keyboard.press("Tab")  # the button
    assert page.evaluate(f"{FOCUSED}.textContent") == "Enregistrer mon choix d'envois"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?ok=lists$"))
    assert page.get_by_role("status").inner_text() == "Votre choix d'envois est enregistré."
    assert not page.locator(f"#{department_list}").is_checked()
    assert page.locator(f"#{commune_list}").is_checked()
    assert page.evaluate(RUN_AXE) == []

    assert set(
        Unsubscription.objects.filter(volunteer=volunteer).values_list("topic", flat=True)
    ) == {f"d{two_senders['mayenne'].pk}"}
    department_mailing = Mailing.objects.create(
        department=two_senders["mayenne"], subject="Les nouvelles de la Mayenne", body="<p>Oui</p>"
    )
    assert recipients_of(department_mailing) == {two_senders["neighbour"].email}
    commune_mailing = Mailing.objects.create(
        commune=two_senders["laval"], subject="La fête des voisins de Laval", body="<p>Oui</p>"
    )
    # The neighbour had the department's this week (one mailing a week): the commune's waits.
    assert recipients_of(commune_mailing) == {volunteer.email}
