"""Loads the demo: territories, pages, logos, news, national pages and one account per role.

Every step looks for what it would create before creating it and saves a page only when its
content differs from the demo's, so that loading the demo twice changes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page

from onboarding import services as onboarding
from onboarding.models import TerritoryCollection, TerritoryGroup
from pages.models import (
    AccessibilityStatementPage,
    CommunePage,
    DepartmentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SitemapPage,
    StandardPage,
)
from territories.models import Commune, Department
from territories.services import TerritoriesImportError, import_territories

from . import (
    actions,
    content,
    gestures,
    help_requests,
    initiatives,
    kits,
    mailings,
    prospecting,
    site_addresses,
    sites,
    support,
    translations,
    volunteers,
)
from .content import Body, DemoUser, News, Territory

LOGO_SIZE = 400
LOGO_TEXT_COLOUR = "#ffffff"


class DemoError(Exception):
    """The demo can't be loaded; the message says why."""


@dataclass(frozen=True)
class DemoReport:
    pages_saved: int
    gestures_saved: int = 0
    actions_saved: int = 0
    initiatives_saved: int = 0
    kits_queued: int = 0


def load_demo(
    *,
    password: str,
    kits_too: bool = True,
    port: int = site_addresses.DEFAULT_PORT,
    url: str | None = None,
    sites_too: bool = True,
    translations_too: bool = False,
) -> DemoReport:
    """Loads (or completes) the whole demo; `password` becomes every demo account's password.
    `kits_too=False` leaves the communication kits unbuilt (tests that don't read them);
    `sites_too=False` leaves Mayenne and Laval on the national site only (tests that read
    pages by their national paths); `url` (load_demo --url) moves the national site to that
    address and the territories' own to its port; `translations_too` adds the English and
    Breton pages (the command does; the tests that read the French demo alone don't)."""
    if not password:
        raise DemoError("The demo accounts need a password.")
    ensure_territories()
    with transaction.atomic():
        saved = fill_home(HomePage.objects.get(locale=Locale.get_default()))
        for department in content.DEPARTMENTS:
            department_page = ensure_department_page(department.code)
            saved += fill_territory(department_page, department)
            for commune in department.communes:
                saved += fill_territory(ensure_commune_page(commune.code), commune)
        ensure_users(password)
    gestures_saved = gestures.load()  # the idea box, before the kits that print from it
    actions_saved = actions.load()
    volunteers.load()  # before the requests for help, whose volunteers they are
    help_requests.load()
    prospecting.load()  # Mayenne's pipeline, the good practices
    support.load()  # the help centre's questions and tickets, after the demo accounts
    mailings.load()  # after the volunteers, whom the sent one reached
    initiatives_saved = initiatives.load()  # through the real workflow, by the demo accounts
    if translations_too:  # after the pages and actions they translate
        translations.load(password)
    if sites_too:  # Mayenne and Laval on their own addresses, before the kits print them
        try:
            sites.load(site_addresses.port_of(url) if url else port, national_url=url)
        except sites.DemoAddressError as error:
            raise DemoError(str(error)) from error
    # Last, outside the transaction: the kits print the pages, gestures and actions above.
    return DemoReport(
        pages_saved=saved,
        gestures_saved=gestures_saved,
        actions_saved=actions_saved,
        initiatives_saved=initiatives_saved,
        kits_queued=kits.load() if kits_too else 0,
    )


def demo_commune_codes() -> list[str]:
    return [commune.code for department in content.DEPARTMENTS for commune in department.communes]


def ensure_territories() -> None:
    """Imports the demo's departments when their communes are not in the database yet."""
    present = set(
        Commune.objects.filter(code__in=demo_commune_codes()).values_list("code", flat=True)
    )
    missing = [
        department.code
        for department in content.DEPARTMENTS
        if any(commune.code not in present for commune in department.communes)
    ]
    if not missing:
        return
    try:
        import_territories(departments=missing)
    except TerritoriesImportError as error:
        raise DemoError(f"The territories import failed: {error}") from error
    still_missing = set(demo_commune_codes()) - set(
        Commune.objects.filter(code__in=demo_commune_codes()).values_list("code", flat=True)
    )
    if still_missing:
        raise DemoError(
            "The territories import did not create the communes "
            + ", ".join(sorted(still_missing))
            + "."
        )


def ensure_department_page(code: str) -> DepartmentPage:
    page = DepartmentPage.objects.filter(department__code=code, locale=Locale.get_default()).first()
    if page is not None:
        return page
    try:
        return onboarding.onboard_department(code)
    except onboarding.OnboardingError as error:
        raise DemoError(str(error)) from error


def ensure_commune_page(code: str) -> CommunePage:
    page = CommunePage.objects.filter(commune__code=code, locale=Locale.get_default()).first()
    if page is not None:
        return page
    try:
        return onboarding.onboard_commune(code)
    except onboarding.OnboardingError as error:
        raise DemoError(str(error)) from error


# Pages


def body_data(body: Body) -> list[dict[str, Any]]:
    """A demo body as the raw data of the pages' StreamField."""
    return [
        {"type": kind, "value": {"text": value} if kind == "heading" else value}
        for kind, value in body
    ]


def _comparable(value: Any) -> Any:
    """A field's value in a form that two loads of the demo give identically: a StreamField's
    blocks without their random ids."""
    raw_data = getattr(value, "raw_data", None)
    if raw_data is not None:
        return [(block["type"], block["value"]) for block in raw_data]
    if isinstance(value, list):
        return [(block["type"], block["value"]) for block in value]
    return value


def publish_if_changed(page: Page, values: dict[str, Any]) -> bool:
    """Gives `page` these field values and publishes it, unless it has them already (and is
    live): the second load of the demo saves nothing."""
    changed = {
        name: value
        for name, value in values.items()
        if _comparable(getattr(page, name)) != _comparable(value)
    }
    if not changed and page.live and not page.has_unpublished_changes:
        return False
    for name, value in changed.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return True


def add_published_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def fill_home(home: HomePage) -> int:
    values = {**content.HOME, "body": body_data(content.HOME["body"])}
    saved = int(publish_if_changed(home, values))
    saved += fill_news(home, content.NATIONAL_NEWS)
    for standard in content.STANDARD_PAGES:
        saved += fill_standard_page(home, standard)
    saved += fill_only_child(home, AccessibilityStatementPage, content.ACCESSIBILITY_STATEMENT)
    saved += fill_only_child(home, SitemapPage, content.SITEMAP)
    return saved


def fill_territory(page: DepartmentPage | CommunePage, territory: Territory) -> int:
    logo = None
    if territory.primary_colour:
        logo = ensure_logo(territory, collection_of(page))
    values = {
        "primary_colour": territory.primary_colour,
        "secondary_colour": territory.secondary_colour,
        "logo": logo,
        "intro": territory.intro,
        "word_quote": territory.word_quote,
        "word_name": territory.word_name,
        "word_role": territory.word_role,
        "body": body_data(territory.body),
        "contact_name": territory.contact_name,
        "contact_address": territory.contact_address,
        "contact_phone": territory.contact_phone,
        "contact_email": territory.contact_email,
        "contact_website": territory.contact_website,
        "contact_hours": territory.contact_hours,
    }
    saved = int(publish_if_changed(page, values))
    if territory.news:
        saved += fill_news(page, territory.news)
    return saved


def news_index_for(parent: Page) -> NewsIndexPage:
    """The news index under `parent` (onboarding may have made one), else a new one."""
    index = NewsIndexPage.objects.child_of(parent).order_by("path").first()
    if index is None:
        index = add_published_child(
            parent, NewsIndexPage(title=content.NEWS_INDEX_TITLE, slug=content.NEWS_INDEX_SLUG)
        )
    elif not index.live:
        index.save_revision().publish()
    return index


def fill_news(parent: Page, news: tuple[News, ...]) -> int:
    index = news_index_for(parent)
    existing = {page.slug: page for page in NewsPage.objects.child_of(index)}
    saved = 0
    for item in news:
        values = {
            "title": item.title,
            "date": item.date,
            "intro": item.intro,
            "body": body_data(item.body),
        }
        page = existing.get(item.slug)
        if page is None:
            add_published_child(index, NewsPage(slug=item.slug, **values))
            saved += 1
        else:
            saved += publish_if_changed(page, values)
    return saved


def fill_standard_page(parent: Page, standard: content.StandardPageContent) -> int:
    values = {
        "title": standard.title,
        "kind": standard.kind,
        "intro": standard.intro,
        "body": body_data(standard.body),
    }
    page = StandardPage.objects.child_of(parent).filter(slug=standard.slug).first()
    if page is None:
        add_published_child(parent, StandardPage(slug=standard.slug, **values))
        return 1
    return int(publish_if_changed(page, values))


def fill_only_child(parent: Page, model: type[Page], values: dict[str, Any]) -> int:
    """The one page of `model` under `parent` (the accessibility statement, the site map)."""
    page = model.objects.child_of(parent).first()
    if page is None:
        add_published_child(parent, model(**values))
        return 1
    return int(publish_if_changed(page, values))


# Logos


def collection_of(page: DepartmentPage | CommunePage) -> Collection:
    """The territory's own collection (made by onboarding), else the root collection."""
    if isinstance(page, CommunePage):
        found = TerritoryCollection.objects.filter(commune_id=page.commune_id)
    else:
        found = TerritoryCollection.objects.filter(department_id=page.department_id)
    territory_collection = found.select_related("collection").first()
    if territory_collection is not None:
        return territory_collection.collection
    return Collection.get_first_root_node()


def logo_title(territory: Territory) -> str:
    return f"Logo — {territory.contact_name}"


def draw_logo(initials: str, colour: str, size: int = LOGO_SIZE) -> bytes:
    """A PNG logo: a rounded square in `colour` with the territory's initials in white."""
    image = PillowImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=colour)
    # Two letters fill about half the width; one letter or two digits a little more.
    font = ImageFont.load_default(size=int(size * (0.42 if len(initials) > 1 else 0.55)))
    draw.text((size / 2, size / 2), initials, fill=LOGO_TEXT_COLOUR, font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def ensure_logo(territory: Territory, collection: Collection):
    """The territory's demo logo, drawn and saved as a Wagtail image the first time only."""
    Image = get_image_model()
    title = logo_title(territory)
    image = Image.objects.filter(title=title, collection=collection).first()
    if image is not None:
        return image
    data = draw_logo(territory.initials, territory.primary_colour)
    filename = f"logo-{territory.code}.png"
    image = Image(title=title, collection=collection)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


# Accounts


def territory_group(user: DemoUser) -> TerritoryGroup:
    groups = TerritoryGroup.objects.select_related("group")
    if user.role == TerritoryGroup.Role.MODERATORS:
        found = groups.filter(role=user.role).first()
    elif Department.objects.filter(code=user.territory).exists():
        found = groups.filter(role=user.role, department__code=user.territory).first()
    else:
        found = groups.filter(role=user.role, commune__code=user.territory).first()
    if found is None:
        raise DemoError(f"No {user.role} group for {user.territory or 'France'}: onboard it first.")
    return found


def ensure_users(password: str) -> list[AbstractUser]:
    """One account per role, in its group; the password is (re)set only when it differs."""
    User = get_user_model()
    accounts = []
    for demo_user in content.USERS:
        user, created = User.objects.get_or_create(
            username=demo_user.username,
            defaults={
                "first_name": demo_user.first_name,
                "last_name": demo_user.last_name,
                "email": f"{demo_user.username}@example.org",
            },
        )
        is_admin = demo_user.role == "administrator"
        if created or not user.check_password(password) or user.is_superuser != is_admin:
            user.set_password(password)
            user.is_superuser = user.is_staff = is_admin
            user.save()
        groups = [] if is_admin else [territory_group(demo_user).group]
        if set(user.groups.all()) != set(groups):
            user.groups.set(groups)
        accounts.append(user)
    return accounts
