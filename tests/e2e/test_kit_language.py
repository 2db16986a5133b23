"""The kit's language in the admin, in chromium with DEBUG off (issue 21): Finistère's
communication officer opens Quimper's kit from its page, chooses Breton and downloads the A4
poster, which reads in Breton; Mayenne's officer is not offered Breton for Laval's kit, and a
Breton choice forced into the form is refused with a message, not an error."""

import re
from pathlib import Path

import pytest

from kits.models import KitSettings
from onboarding import roles
from onboarding.models import TerritoryGroup
from tests.conftest import member_of
from tests.kits.conftest import pdf_text

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
EDITORS = TerritoryGroup.Role.EDITORS


@pytest.fixture
def own_media(settings, tmp_path):
    """The kits' files, this test's own; set before the pages are published (their kits are
    built then)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def two_departments(live_server, own_media, finistere, quimper_page, mayenne, laval_page) -> dict:
    finistere_page = quimper_page.get_parent().specific
    finistere_page.regional_language = "br"  # Finistère publishes in Breton; Mayenne does not
    finistere_page.save_revision().publish()
    member_of(roles.group_of(finistere, EDITORS), "communication-finistere")
    member_of(roles.group_of(mayenne, EDITORS), "communication-mayenne")
    return {"url": live_server.url, "quimper": quimper_page, "laval": laval_page}


def open_kit(page, base: str, commune_page) -> None:
    """From the commune page's editor, through its "Communication kit" button."""
    page.goto(f"{base}/admin/pages/{commune_page.pk}/edit/")
    actions = page.locator("#w-slim-header-buttons")  # the header's "…" menu of actions
    actions.locator("[data-w-dropdown-target='toggle']").click()
    actions.get_by_role("link", name="Kit de communication").click()
    page.wait_for_url(re.compile(rf"/admin/kits/{commune_page.pk}/$"))


def test_finistere_prints_quimper_s_kit_in_breton_and_mayenne_is_not_offered_it(
    two_departments, log_into_admin, page
):
    from playwright.sync_api import expect

    base, quimper = two_departments["url"], two_departments["quimper"]
    log_into_admin(page, "communication-finistere")
    open_kit(page, base, quimper)
    language = page.get_by_label("Langue du kit")
    expect(language.locator("option")).to_have_text(
        ["La langue de la page", "Anglais", "Breton", "Bilingue français–breton"]
    )
    language.select_option(label="Breton")
    # Its eight documents are rebuilt before the answer here (the tests run jobs at once).
    page.get_by_role("button", name="Imprimer le kit dans cette langue").click(timeout=60_000)
    expect(page.locator(".messages")).to_contain_text(
        "Le kit de Quimper sera imprimé dans cette langue"
    )
    expect(page.get_by_label("Langue du kit")).to_have_value("br")
    assert KitSettings.objects.get(page=quimper).language == "br"

    poster = page.locator("section.kit-document", has=page.locator("#kit-poster-a4"))
    with page.expect_download() as download:
        poster.get_by_role("link", name="Télécharger").click()
    assert download.value.suggested_filename.endswith(".pdf")
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "Penaos ez a en-dro" in text  # "How it works"
    assert "Roit un eur bep miz" in text
    assert "Comment ça marche" not in text

    # Mayenne publishes in no regional language: Laval's kit offers no Breton.
    laval = two_departments["laval"]
    log_into_admin(page, "communication-mayenne")
    open_kit(page, base, laval)
    language = page.get_by_label("Langue du kit")
    expect(language.locator("option")).to_have_text(["La langue de la page", "Anglais"])
    # Forced into the form (an old page, a crafted request): refused, said in French.
    language.evaluate("(select) => { select.options[1].value = 'br'; select.selectedIndex = 1; }")
    page.get_by_role("button", name="Imprimer le kit dans cette langue").click()
    expect(page.locator(".messages")).to_contain_text("Sélectionnez un choix valide")
    assert not KitSettings.objects.filter(page=laval).exists()
