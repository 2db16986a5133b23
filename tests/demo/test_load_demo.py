"""`manage.py load_demo`: the demo's pages, colours, logos and accounts, loaded idempotently."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision

from core.colours import (
    DEFAULT_PRIMARY,
    TEXT_ON_PRIMARY,
    TEXT_ON_SECONDARY,
    contrast_ratio,
    primary_colour_error,
    secondary_colour_error,
)
from demo import content
from demo.services import draw_logo, load_demo
from onboarding.models import TerritoryCollection, TerritoryGroup
from pages.models import CommunePage, DepartmentPage, HomePage, NewsPage, StandardPage

DEMO_PASSWORD = "heure-civique-demo"


def all_territories():
    for department in content.DEPARTMENTS:
        yield department
        yield from department.communes


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "collections": Collection.objects.count(),
        "groups": Group.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_load_demo_twice_changes_nothing(demo):
    before = counts()

    report = load_demo(password=DEMO_PASSWORD, kits_too=False)

    saved = (report.pages_saved, report.gestures_saved, report.actions_saved)
    assert saved == (0, 0, 0) and report.initiatives_saved == 0
    assert counts() == before


def test_load_demo_creates_the_three_departments_and_nine_communes(demo):
    assert set(DepartmentPage.objects.live().values_list("department__code", flat=True)) == {
        "53",
        "29",
        "17",
    }
    assert set(CommunePage.objects.live().values_list("commune__code", flat=True)) == {
        "53130",
        "53062",
        "53147",
        "29019",
        "29232",
        "29151",
        "17300",
        "17299",
        "17415",
    }


def test_demo_pages_answer(demo, client):
    for url in ("/", "/mayenne/", "/mayenne/laval/", "/finistere/morlaix/", "/a-propos/"):
        response = client.get(url)
        assert response.status_code == 200, url


def test_laval_page_shows_its_texts_and_contact(demo, client):
    response = client.get("/mayenne/laval/")

    html = response.content.decode()
    assert "Sophie Garnier" in html
    assert "place du 11-Novembre" in html
    assert "02 99 99 53 13" in html
    assert "--colour-primary: #8a1538;" in html


def test_morlaix_inherits_finisteres_colours(demo, client):
    morlaix = CommunePage.objects.get(commune__code="29151")
    finistere = DepartmentPage.objects.get(department__code="29")

    assert morlaix.primary_colour == ""
    assert morlaix.theme().primary == finistere.primary_colour != DEFAULT_PRIMARY
    assert morlaix.theme().logo == finistere.logo
    html = client.get("/finistere/morlaix/").content.decode()
    assert f"--colour-primary: {finistere.primary_colour};" in html


@pytest.mark.parametrize("territory", list(all_territories()), ids=lambda t: t.name)
def test_every_demo_colour_passes_the_contrast_rule(territory):
    if territory.primary_colour:
        assert primary_colour_error(territory.primary_colour) is None
        assert contrast_ratio(territory.primary_colour, TEXT_ON_PRIMARY) >= 4.5
    if territory.secondary_colour:
        assert secondary_colour_error(territory.secondary_colour) is None
        assert contrast_ratio(territory.secondary_colour, TEXT_ON_SECONDARY) >= 4.5


def test_every_demo_page_with_colours_passes_model_validation(demo):
    for page in [*DepartmentPage.objects.all(), *CommunePage.objects.all()]:
        page.full_clean()


def test_each_coloured_territory_has_a_generated_logo_in_its_collection(demo):
    for page in CommunePage.objects.exclude(primary_colour="").select_related("logo"):
        collection = TerritoryCollection.objects.get(commune=page.commune).collection
        assert page.logo is not None, page.title
        assert page.logo.collection == collection
    laval = CommunePage.objects.get(commune__code="53130")
    with laval.logo.get_willow_image() as willow:
        assert willow.get_size() == (400, 400)


def test_generated_logo_is_a_rounded_square_of_the_colour():
    logo = PillowImage.open(io.BytesIO(draw_logo("L", "#8a1538"))).convert("RGBA")

    assert logo.getpixel((0, 0))[3] == 0  # the rounded corner is transparent
    assert logo.getpixel((40, 200)) == (0x8A, 0x15, 0x38, 255)
    # The initials are drawn in white somewhere in the middle.
    middle = logo.crop((100, 100, 300, 300))
    colours = {colour for _count, colour in middle.getcolors(maxcolors=200 * 200)}
    assert (255, 255, 255, 255) in colours


def test_news_at_national_department_and_commune_levels(demo):
    home = HomePage.objects.get()
    mayenne = DepartmentPage.objects.get(department__code="53")
    laval = CommunePage.objects.get(commune__code="53130")
    national = NewsPage.objects.live().child_of(home.get_children().get(slug="actualites"))

    assert national.count() == len(content.NATIONAL_NEWS)
    in_mayenne = NewsPage.objects.live().descendant_of(mayenne).count()
    in_laval = NewsPage.objects.live().descendant_of(laval).count()
    # The department's news and those of its communes.
    assert in_mayenne > in_laval > 0


def test_national_standard_pages_have_their_kinds(demo):
    kinds = set(
        StandardPage.objects.live().child_of(HomePage.objects.get()).values_list("kind", flat=True)
    )

    assert kinds == {"about", "legal_notice", "personal_data", "charter"}


def test_home_page_gets_its_texts(demo):
    home = HomePage.objects.get()

    assert home.word_name == "Claire Morvan"
    assert home.contact_email.endswith("example.org")
    assert [block.block_type for block in home.body][:2] == ["heading", "paragraph"]


def groups_of(username: str) -> set[tuple[str, str]]:
    user = get_user_model().objects.get(username=username)
    return {
        (
            membership.role,
            membership.commune.code
            if membership.commune
            else membership.department.code
            if membership.department
            else "",
        )
        for membership in TerritoryGroup.objects.filter(group__user=user).select_related(
            "commune", "department"
        )
    }


def test_demo_users_are_in_the_groups_of_their_role(demo):
    assert groups_of("laval.editeur") == {("editors", "53130")}
    assert groups_of("laval.referent") == {("referents", "53130")}
    assert groups_of("mayenne.editeur") == {("editors", "53")}
    assert groups_of("mayenne.referent") == {("referents", "53")}
    assert groups_of("quimper.editeur") == {("editors", "29232")}
    assert groups_of("moderation") == {("moderators", "")}
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert not admin.groups.exists()


def test_demo_users_log_in_with_the_demo_password(demo, client):
    for user in content.USERS:
        # Through the admin's log-in form, as a person does (django-axes watches it).
        response = client.post(
            "/admin/login/", {"username": user.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, user.username
        response = client.get("/admin/")
        assert response.status_code == 200, user.username
        client.logout()


def test_only_the_admin_is_a_superuser(demo):
    superusers = get_user_model().objects.filter(is_superuser=True)

    assert list(superusers.values_list("username", flat=True)) == ["admin"]
