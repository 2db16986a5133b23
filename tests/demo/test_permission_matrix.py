"""Who may do what, as one table (issue 14, "Proof"): every role of the demo (demo/content.py
USERS, a volunteer and an anonymous visitor) against every kind of object (pages, snippets,
images, volunteers, requests for help, kits, the moderation's report) and what one does with
it (view, edit, publish, export), observed through the real admin and public addresses with the
test client. The whole table is run, and a failure lists every cell that differs.

The expected table is the rules of DESIGN.md and the sign-up form's promise ("seen only by your
commune's and department's referents") written out: a commune's editors edit and publish its
pages but not its initiatives (moderated), see no volunteer one by one and no request for help;
referents edit no page; the moderators publish anywhere and count volunteers without seeing
them; nobody sees a photo awaiting moderation but its reviewers and the page's editors.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Locale

from helprequests.models import Contact, HelpRequest
from pages.models import ActionPage, CommunePage, DepartmentPage, HomePage, NewsPage
from pages.models.initiatives import InitiativePage, InitiativePhoto
from snippets.models import Gesture, GestureCategory
from tests.factories.volunteers import opened_space
from volunteers.models import ReferentNote, Volunteer
from workflows.photos import store_pending_photo

from .conftest import HostClient

# --- The expected table ---------------------------------------------------------------------
#
# One column per object and action, named "object.action"; a cell is Y (allowed) or . (refused).
# Actions: e edit (its editor opens), p publish (the editor's Publish button: without it, one
# submits to moderation), v view, x export (CSV), w who (a person's details shown), l list,
# a annotate, c counts, r record, o the same thing of another territory, i in the public API.
COLUMNS = {
    "home.e": "the national home page, in the editor",
    "home.p": "... its Publish button",
    "dept.e": "Mayenne's department page, in the editor",
    "dept.p": "... its Publish button",
    "comm.e": "Laval's commune page, in the editor",
    "comm.p": "... its Publish button",
    "act.e": "an action of Laval, in the editor",
    "act.p": "... its Publish button",
    "news.e": "a news page of Laval, in the editor",
    "news.p": "... its Publish button",
    "init.e": "a live initiative of Laval, in the editor",
    "init.p": "... its Publish button (initiatives are published by their moderation)",
    "wait.w": "the submitter's e-mail, in the editor of an initiative of Laval awaiting review",
    "quimper.e": "Quimper's commune page (another department), in the editor",
    "gest.e": "a gesture of the idea box, in the editor",
    "gest.p": "... its Publish button",
    "gest.x": "the gestures' export",
    "sugg.v": "a gesture suggested by a visitor, awaiting moderation, in the editor",
    "sugg.w": "... the e-mail of who suggested it",
    "cat.e": "a category of gestures, in the editor",
    "img.e": "Laval's logo, in the image editor",
    "img.o": "Quimper's logo, in the image editor",
    "photo.v": "a photo of an initiative of Laval awaiting review (/admin/moderation/photo/)",
    "photo.i": "... listed by /api/v2/images/",
    "vol.l": "a volunteer of Laval, in the admin's list",
    "vol.v": "... their page",
    "vol.a": "... a note written about them",
    "vol.x": "... in the export",
    "vol.o": "a volunteer of Quimper's page",
    "vol.c": "Laval's line in the per-commune counts",
    "help.l": "a request for help of Laval, in the list",
    "help.v": "... its page",
    "help.w": "... the beneficiary's telephone on it",
    "help.r": "the form recording a request",
    "touch.w": "the name of the volunteer put in touch, on the request's page",
    "kit.v": "Laval's communication kit, in the admin",
    "kit.o": "Quimper's kit, in the admin",
    "press.v": "Laval's public press page",
    "mod.v": "the moderation's report",
    "mod.x": "... its export",
    "space.v": "the volunteer's own space",
}

EXPECTED = """
role              home  dept  comm  act  news  init  wait  quimper  gest   sugg  cat  img  photo  vol          help     touch  kit  press  mod  space
                  e p   e p   e p   e p  e p   e p   w     e        e p x  v w   e    e o  v i    l v a x o c  l v w r  w      v o  v      v x  v
anonymous         . .   . .   . .   . .  . .   . .   .     .        . . .  . .   .    . .  . .    . . . . . .  . . . .  .      . .  Y      . .  .
volunteer         . .   . .   . .   . .  . .   . .   .     .        . . .  . .   .    . .  . .    . . . . . .  . . . .  .      . .  Y      . .  Y
laval_editor      . .   . .   Y Y   Y Y  Y Y   Y .   .     .        . . .  . .   .    Y .  Y .    . . . . . Y  . . . .  .      Y .  Y      . .  .
laval_referent    . .   . .   . .   . .  . .   . .   .     .        . . .  . .   .    . .  . .    Y Y Y Y . Y  Y Y Y Y  Y      . .  Y      . .  .
mayenne_editor    . .   Y Y   Y Y   Y Y  Y Y   Y .   .     .        . . .  . .   .    Y .  Y .    . . . . . Y  . . . .  .      Y .  Y      . .  .
mayenne_referent  . .   . .   . .   . .  . .   . .   Y     .        . . .  . .   .    . .  Y .    Y Y Y Y . Y  Y Y . .  Y      . .  Y      Y Y  .
quimper_editor    . .   . .   . .   . .  . .   . .   .     Y        . . .  . .   .    . Y  . .    . . . . . .  . . . .  .      . Y  Y      . .  .
moderator         Y Y   Y Y   Y Y   Y Y  Y Y   Y Y   Y     Y        Y Y Y  Y Y   .    Y Y  Y .    . . . . . Y  Y Y . .  .      Y Y  Y      Y Y  .
administrator     Y Y   Y Y   Y Y   Y Y  Y Y   Y Y   Y     Y        Y Y Y  Y Y   Y    Y Y  Y .    . . . . . Y  Y Y . .  .      Y Y  Y      Y Y  .
"""  # noqa: E501

ROLES = {
    # role: the demo's username (None: no account)
    "anonymous": None,
    "volunteer": None,
    "laval_editor": "laval.editeur",
    "laval_referent": "laval.referent",
    "mayenne_editor": "mayenne.editeur",
    "mayenne_referent": "mayenne.referent",
    "quimper_editor": "quimper.editeur",
    "moderator": "moderation",
    "administrator": "admin",
}


def expected_table() -> dict[str, dict[str, bool]]:
    table = {}
    for line in EXPECTED.strip().splitlines():
        role, *cells = line.split()
        if role not in ROLES:
            continue  # the heading
        assert len(cells) == len(COLUMNS), f"{role}: {len(cells)} cells for {len(COLUMNS)}"
        assert set(cells) <= {"Y", "."}, role
        table[role] = {column: cell == "Y" for column, cell in zip(COLUMNS, cells, strict=True)}
    assert list(table) == list(ROLES)
    return table


def table(rows: dict[str, dict[str, bool]]) -> str:
    """`rows` written as EXPECTED is: the columns of an object together, under its name."""
    objects: dict[str, list[str]] = {}
    for column in COLUMNS:
        thing, _action = column.split(".")
        objects.setdefault(thing, []).append(column)
    width = {thing: max(len(thing), 2 * len(columns) - 1) for thing, columns in objects.items()}

    def line(first: str, cells) -> str:
        return (first.ljust(18) + "  ".join(cells)).rstrip()

    lines = [
        line("role", (thing.ljust(width[thing]) for thing in objects)),
        line(
            "", (" ".join(c.split(".")[1] for c in cs).ljust(width[t]) for t, cs in objects.items())
        ),
    ]
    for role, row in rows.items():
        cells = (
            " ".join("Y" if row[column] else "." for column in columns).ljust(width[thing])
            for thing, columns in objects.items()
        )
        lines.append(line(role, cells))
    return "\n".join(lines)


# --- The objects of the demo, and the observations ------------------------------------------


@dataclass
class Objects:
    home: HomePage
    mayenne: DepartmentPage
    laval: CommunePage
    quimper: CommunePage
    action: ActionPage
    news: NewsPage
    initiative: InitiativePage
    waiting: InitiativePage
    gesture: Gesture
    suggestion: Gesture
    category: GestureCategory
    laval_logo: object
    quimper_logo: object
    photo: object
    volunteer: Volunteer
    quimper_volunteer: Volunteer
    help_request: HelpRequest


PHOTO_TITLE = "Photo du repas partagé, en attente"


@pytest.fixture
def objects(demo) -> Objects:
    locale = Locale.get_default()
    laval = CommunePage.objects.get(commune__code="53130", locale=locale)
    quimper = CommunePage.objects.get(commune__code="29232", locale=locale)
    waiting = InitiativePage.objects.get(slug="un-repas-partage-par-mois")
    # The demo's submissions carry no photo: one, as the public form stores it.
    photo = store_pending_photo(SimpleUploadedFile("repas.png", png_bytes()), PHOTO_TITLE)
    InitiativePhoto.objects.create(page=waiting, image=photo)
    volunteers = Volunteer.objects.filter(
        confirmed_at__isnull=False, handed_over_at__isnull=False, erased_at__isnull=True
    )
    volunteer = volunteers.filter(commune__code="53130").first()
    help_request = (
        HelpRequest.objects.filter(commune__code="53130", contacts_erased_at__isnull=True)
        .exclude(beneficiary_phone="")
        .first()
    )
    Contact.objects.get_or_create(request=help_request, volunteer=volunteer)
    return Objects(
        home=HomePage.objects.get(locale=locale),
        mayenne=DepartmentPage.objects.get(department__code="53", locale=locale),
        laval=laval,
        quimper=quimper,
        action=ActionPage.objects.child_of(laval).live().first()
        or ActionPage.objects.descendant_of(laval).live().first(),
        news=NewsPage.objects.descendant_of(laval).live().first(),
        initiative=InitiativePage.objects.get(slug="le-cafe-des-voisins-du-quartier-ferrie"),
        waiting=waiting,
        gesture=Gesture.objects.filter(live=True).first(),
        suggestion=Gesture.objects.get(slug="preter-ses-outils-de-jardin"),
        category=GestureCategory.objects.first(),
        laval_logo=laval.logo,
        quimper_logo=quimper.logo,
        photo=photo,
        volunteer=volunteer,
        quimper_volunteer=volunteers.filter(commune__code="29232").first(),
        help_request=help_request,
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#c0392b").save(buffer, "PNG")
    return buffer.getvalue()


class Observer:
    """One role's client, and what it sees; each page fetched once."""

    def __init__(self, role: str, objects: Objects):
        self.role = role
        self.o = objects
        # Sends an absolute address's host (Laval's press page is on laval.localhost).
        self.client = HostClient(raise_request_exception=True)
        self.user = None
        if ROLES[role]:
            self.user = get_user_model().objects.get(username=ROLES[role])
            self.client.force_login(self.user)
        elif role == "volunteer":
            self.space = opened_space(objects.volunteer, self.client)
        self._pages: dict[str, tuple[int, str]] = {}

    def get(self, url: str) -> tuple[int, str]:
        if url not in self._pages:
            response = self.client.get(url)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            body = content.decode("utf-8", "replace")
            self._pages[url] = (response.status_code, body)
        return self._pages[url]

    def opens(self, url: str, *texts: str) -> bool:
        status, body = self.get(url)
        return status == 200 and all(text in body for text in texts)

    # Pages and snippets
    def edits_page(self, page) -> bool:
        return self.opens(f"/admin/pages/{page.pk}/edit/")

    def publishes_page(self, page) -> bool:
        return self.opens(f"/admin/pages/{page.pk}/edit/", 'name="action-publish"')

    def edits_snippet(self, instance) -> bool:
        model = instance._meta.model_name
        return self.opens(f"/admin/snippets/snippets/{model}/edit/{instance.pk}/")

    def publishes_snippet(self, instance) -> bool:
        model = instance._meta.model_name
        return self.opens(
            f"/admin/snippets/snippets/{model}/edit/{instance.pk}/", 'name="action-publish"'
        )

    def notes(self) -> bool:
        volunteer = self.o.volunteer
        text = f"Note de {self.role}"
        response = self.client.post(f"/admin/volontaires/{volunteer.pk}/notes/", {"text": text})
        return (
            response.status_code == 302
            and ReferentNote.objects.filter(volunteer=volunteer, text=text).exists()
        )


def _o(fn: Callable[[Observer, Objects], bool]) -> Callable[[Observer], bool]:
    return lambda observer: fn(observer, observer.o)


OBSERVE: dict[str, Callable[[Observer], bool]] = {
    "home.e": _o(lambda s, o: s.edits_page(o.home)),
    "home.p": _o(lambda s, o: s.publishes_page(o.home)),
    "dept.e": _o(lambda s, o: s.edits_page(o.mayenne)),
    "dept.p": _o(lambda s, o: s.publishes_page(o.mayenne)),
    "comm.e": _o(lambda s, o: s.edits_page(o.laval)),
    "comm.p": _o(lambda s, o: s.publishes_page(o.laval)),
    "act.e": _o(lambda s, o: s.edits_page(o.action)),
    "act.p": _o(lambda s, o: s.publishes_page(o.action)),
    "news.e": _o(lambda s, o: s.edits_page(o.news)),
    "news.p": _o(lambda s, o: s.publishes_page(o.news)),
    "init.e": _o(lambda s, o: s.edits_page(o.initiative)),
    "init.p": _o(lambda s, o: s.publishes_page(o.initiative)),
    "wait.w": _o(
        lambda s, o: s.opens(
            f"/admin/pages/{o.waiting.pk}/edit/",
            o.waiting.get_latest_revision_as_object().submitted_by_email,
        )
    ),
    "quimper.e": _o(lambda s, o: s.edits_page(o.quimper)),
    "gest.e": _o(lambda s, o: s.edits_snippet(o.gesture)),
    "gest.p": _o(lambda s, o: s.publishes_snippet(o.gesture)),
    "sugg.v": _o(lambda s, o: s.edits_snippet(o.suggestion)),
    "sugg.w": _o(
        lambda s, o: s.opens(
            f"/admin/snippets/snippets/gesture/edit/{o.suggestion.pk}/",
            o.suggestion.suggested_by_email,
        )
    ),
    "cat.e": _o(lambda s, o: s.edits_snippet(o.category)),
    "gest.x": _o(
        lambda s, o: s.opens("/admin/snippets/snippets/gesture/?export=csv", o.gesture.title)
    ),
    "img.e": _o(lambda s, o: s.opens(f"/admin/images/{o.laval_logo.pk}/")),
    "img.o": _o(lambda s, o: s.opens(f"/admin/images/{o.quimper_logo.pk}/")),
    "photo.v": _o(lambda s, o: s.get(f"/admin/moderation/photo/{o.photo.pk}/")[0] == 200),
    "photo.i": _o(lambda s, o: s.opens("/api/v2/images/?limit=100", PHOTO_TITLE)),
    "vol.l": _o(lambda s, o: s.opens("/admin/volontaires/", o.volunteer.last_name)),
    "vol.v": _o(lambda s, o: s.opens(f"/admin/volontaires/{o.volunteer.pk}/")),
    "vol.a": _o(lambda s, o: s.notes()),
    "vol.x": _o(lambda s, o: s.opens("/admin/volontaires/export.csv", o.volunteer.email)),
    "vol.o": _o(lambda s, o: s.opens(f"/admin/volontaires/{o.quimper_volunteer.pk}/")),
    "vol.c": _o(lambda s, o: s.opens("/admin/volontaires/chiffres/", "Laval")),
    "help.l": _o(lambda s, o: s.opens("/admin/entraide/", f"/admin/entraide/{o.help_request.pk}/")),
    "help.v": _o(lambda s, o: s.opens(f"/admin/entraide/{o.help_request.pk}/")),
    "help.w": _o(
        lambda s, o: s.opens(
            f"/admin/entraide/{o.help_request.pk}/", o.help_request.beneficiary_phone
        )
    ),
    "touch.w": _o(
        lambda s, o: s.opens(f"/admin/entraide/{o.help_request.pk}/", o.volunteer.last_name)
    ),
    "help.r": _o(lambda s, o: s.opens("/admin/entraide/nouvelle/")),
    "kit.v": _o(lambda s, o: s.opens(f"/admin/kits/{o.laval.pk}/")),
    "kit.o": _o(lambda s, o: s.opens(f"/admin/kits/{o.quimper.pk}/")),
    "press.v": _o(lambda s, o: s.opens(o.laval.url + "presse/", "affiche-a4.pdf")),
    "mod.v": _o(lambda s, o: s.opens("/admin/moderation/")),
    "mod.x": _o(lambda s, o: s.opens("/admin/moderation/?export=csv", o.waiting.title)),
    "space.v": _o(lambda s, o: hasattr(s, "space") and s.opens(s.space)),
}


def test_the_columns_are_observed():
    assert set(OBSERVE) == set(COLUMNS)


def test_every_demo_account_has_its_row():
    from demo.content import USERS

    assert {user.username for user in USERS} == {name for name in ROLES.values() if name}


def test_the_whole_table(objects):
    observed = {}
    for role in ROLES:
        observer = Observer(role, objects)
        observed[role] = {column: bool(OBSERVE[column](observer)) for column in COLUMNS}
    expected = expected_table()
    mismatches = [
        f"{role} × {column} ({COLUMNS[column]}): expected "
        f"{'allowed' if expected[role][column] else 'refused'}, observed "
        f"{'allowed' if observed[role][column] else 'refused'}"
        for role in ROLES
        for column in COLUMNS
        if observed[role][column] != expected[role][column]
    ]
    assert not mismatches, "\n".join(
        [f"{len(mismatches)} cells differ:", *mismatches, "The observed table:", table(observed)]
    )
