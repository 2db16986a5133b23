"""A stored kit is served in O(1) (issue 18): whether it is current is read from its record (what
may change a kit marks it), never from its content; it is sent by nginx (X-Accel-Redirect) or
the bucket when there is one; 304 when the browser has it."""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ
from wagtail.models import Site

from kits import services
from kits.documents import KINDS, KINDS_BY_SLUG, TEMPLATE_VERSION
from kits.models import KitDocument
from pages.agenda.queries import ensure_action_index
from pages.agenda.recurrence import PARIS
from pages.models import CommunePage
from snippets.models import Gesture
from snippets.services import load_gestures
from tests.factories.pages import CommunePageFactory
from tests.factories.territories import CommuneFactory

from .conftest import pdf_text
from .test_content import GESTURES, add_action

PRESS = "/mayenne/laval/presse/"
POSTER = PRESS + "affiche-a4.pdf"
PDF = b"%PDF-1.4\n% affiche de Laval\n%%EOF\n"


def stored(page, slug="poster-a4", data=PDF, **fields) -> KitDocument:
    """A current document of `page` as a build leaves it, without drawing it (kept fast: the
    tests below are about which record is served, not what it shows)."""
    kind = KINDS_BY_SLUG[slug]
    name = default_storage.save(f"kits/{page.pk}/{kind.filename}", ContentFile(data))
    return KitDocument.objects.create(
        page=page,
        kind=slug,
        fingerprint=fields.pop("fingerprint", "f" * 64),
        file=name,
        size=len(data),
        built_at=timezone.now(),
        template_version=fields.pop("template_version", TEMPLATE_VERSION),
        **fields,
    )


def changes(page) -> set[int]:
    """How far behind its changes each document of `page` is."""
    return {
        document.changes - document.built_for for document in KitDocument.objects.filter(page=page)
    }


def add_communes(department_page, count):
    for _index in range(count):
        commune = CommuneFactory(department=department_page.department)
        CommunePageFactory(commune=commune, parent=department_page)


@pytest.mark.parametrize("communes", [0, 30])
def test_a_current_stored_document_is_downloaded_in_at_most_three_queries(
    client, themed_laval_page, themed_mayenne_page, communes, django_assert_max_num_queries
):
    add_communes(themed_mayenne_page, communes)
    stored(themed_laval_page)
    stored(themed_mayenne_page, "flyer-a5")
    with django_assert_max_num_queries(3):
        response = client.get(POSTER)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["ETag"] == f'"{"f" * 64}"'
    assert response["Content-Disposition"] == 'attachment; filename="laval-affiche-a4.pdf"'
    with django_assert_max_num_queries(3):
        response = client.get("/mayenne/presse/flyer-a5.pdf")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="mayenne-flyer-a5.pdf"'


def test_the_browser_that_has_the_document_gets_304_without_it(
    client, themed_laval_page, django_assert_max_num_queries
):
    stored(themed_laval_page)
    with django_assert_max_num_queries(3):
        response = client.get(POSTER, HTTP_IF_NONE_MATCH=f'"{"f" * 64}"')
    assert response.status_code == 304
    assert response["ETag"] == f'"{"f" * 64}"' and response.content == b""
    assert client.get(POSTER, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_behind_nginx_the_file_is_sent_by_nginx(client, settings, themed_laval_page):
    settings.KITS_ACCEL_REDIRECT = "/_kits/"
    document = stored(themed_laval_page)
    response = client.get(POSTER)
    assert response.status_code == 200
    assert document.file.name.startswith(f"kits/{themed_laval_page.pk}/affiche-a4")
    # nginx's internal location /_kits/ is MEDIA_ROOT/kits/ (deploy/nginx/)
    assert response["X-Accel-Redirect"] == "/_kits/" + document.file.name.removeprefix("kits/")
    assert (settings.MEDIA_ROOT / "kits" / response["X-Accel-Redirect"][7:]).read_bytes() == PDF
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laval-affiche-a4.pdf"'
    assert response["ETag"] == f'"{document.fingerprint}"'
    # inline for the share image, as when Django sends it
    stored(themed_laval_page, "share-image", data=b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    response = client.get(PRESS + "partage.png")
    assert response["Content-Disposition"] == 'inline; filename="laval-partage.png"'
    assert response["Content-Type"] == "image/png"


def test_a_record_marked_changed_is_not_served_as_current(client, themed_laval_page, monkeypatch):
    stored(themed_laval_page)
    services.mark_changed()
    monkeypatch.setattr(Conf, "SYNC", False)  # a real queue: the check is queued, not run
    response = client.get(POSTER)
    assert OrmQ.objects.count() == 1  # its check is queued...
    # ...and the previous document, whole, served meanwhile
    assert b"".join(response.streaming_content) == PDF


def test_a_document_of_an_older_release_is_checked_again(client, themed_laval_page, monkeypatch):
    stored(themed_laval_page, template_version="0")
    monkeypatch.setattr(Conf, "SYNC", False)
    client.get(POSTER)
    assert OrmQ.objects.count() == 1


def test_publishing_a_page_marks_the_kits_that_may_show_it(
    themed_laval_page, themed_mayenne_page, themed_quimper_page
):
    for page in (themed_laval_page, themed_mayenne_page, themed_quimper_page):
        stored(page)
    laval_index = ensure_action_index(themed_laval_page)
    assert changes(themed_laval_page) == {1}  # the action index, published under Laval
    assert changes(themed_mayenne_page) == {1} and changes(themed_quimper_page) == {0}
    at = timezone.now() + dt.timedelta(days=3)
    action = add_action(laval_index, "Repair café", at)
    assert changes(themed_laval_page) == {2} and changes(themed_mayenne_page) == {2}
    action.unpublish()
    assert changes(themed_laval_page) == {3} and changes(themed_quimper_page) == {0}
    # A department's colours are on its communes' kits, not on another department's.
    themed_mayenne_page.secondary_colour = "#ffeecc"
    themed_mayenne_page.save_revision().publish()
    assert changes(themed_laval_page) == {4} and changes(themed_quimper_page) == {0}
    # A logo replaced by a new file: the kits that print it.
    logo = themed_mayenne_page.logo
    logo.title = "Nouveau logo"
    logo.save()
    assert changes(themed_laval_page) == {5} and changes(themed_quimper_page) == {0}
    # A gesture of the idea box, the site's address: any kit.
    load_gestures(GESTURES)
    gesture = Gesture.objects.filter(live=True).first()
    before = changes(themed_quimper_page)
    gesture.save_revision().publish()
    assert changes(themed_quimper_page) == {max(before) + 1}
    site = Site.objects.get(is_default_site=True)
    site.save()
    assert changes(themed_quimper_page) == {max(before) + 2}


def test_the_daily_refresh_marks_every_kit(themed_laval_page, themed_quimper_page):
    stored(themed_laval_page)
    stored(themed_quimper_page)
    assert services.mark_every_kit_changed() == 2
    assert changes(themed_laval_page) == changes(themed_quimper_page) == {1}


def test_a_kit_printing_an_action_is_out_of_date_once_it_is_over(themed_laval_page):
    document = stored(themed_laval_page, valid_until=timezone.now() + dt.timedelta(hours=2))
    assert services.current(document)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=3)):
        assert not services.current(document)


def test_a_change_is_rebuilt_and_a_check_without_change_draws_nothing(client, themed_laval_page):
    index = ensure_action_index(themed_laval_page)
    assert services.build_kit(themed_laval_page.pk)  # the whole kit, once
    poster = KitDocument.objects.get(page=themed_laval_page, kind="poster-a4")
    assert poster.valid_until is None  # no action printed

    # Marked, nothing it shows changed: checked and current again, not drawn again.
    services.mark_every_kit_changed()
    assert services.build_kit(themed_laval_page.pk) == []
    assert changes(themed_laval_page) == {0}
    again = KitDocument.objects.get(pk=poster.pk)
    assert (again.file.name, again.built_at) == (poster.file.name, poster.built_at)

    # An action published: the next download serves a poster that prints it.
    monday = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())
    start = dt.datetime.combine(monday, dt.time(14, 30), tzinfo=PARIS)
    add_action(index, "Nettoyage des berges", start)
    response = client.get(POSTER)
    data = b"".join(response.streaming_content)
    rebuilt = KitDocument.objects.get(pk=poster.pk)
    assert "Nettoyage des berges" in pdf_text(data)
    assert rebuilt.fingerprint != poster.fingerprint
    assert response["ETag"] == f'"{rebuilt.fingerprint}"'
    assert rebuilt.valid_until == start + dt.timedelta(hours=2)  # when the action is over
    assert changes(themed_laval_page) == {0}


def test_a_change_marked_while_the_kit_is_built_leaves_it_out_of_date(
    themed_laval_page, monkeypatch
):
    """The job reads the marks before the content: what changed while it drew is checked again."""
    content = services.kit_content(themed_laval_page)
    for kind in KINDS:  # a kit built and current, as the job leaves it (drawn by no test here)
        stored(themed_laval_page, kind.slug, fingerprint=services.fingerprint(content, kind))
    services.mark_every_kit_changed()
    real_content = services.kit_content

    def content_then_a_change(page):
        content = real_content(page)
        page = CommunePage.objects.get(pk=page.pk)
        page.title = "Laval-la-Neuve"
        page.save_revision().publish()
        return content

    monkeypatch.setattr(services, "kit_content", content_then_a_change)
    assert services.build_kit(themed_laval_page.pk) == []  # checked: what it read is printed
    assert changes(themed_laval_page) == {1}
    assert not any(
        services.current(document)
        for document in KitDocument.objects.filter(page=themed_laval_page)
    )


def test_a_view_restriction_marks_the_kits_above_the_page(
    themed_laval_page, themed_mayenne_page, themed_quimper_page
):
    """An action behind a restriction leaves the posters' next actions (issue 14): the kits of
    its commune and department are checked again on their next download, not served as they
    were; taking the restriction off does the same."""
    from wagtail.models import PageViewRestriction

    action = add_action(
        ensure_action_index(themed_laval_page), "Repair café", timezone.now() + dt.timedelta(3)
    )
    for page in (themed_laval_page, themed_mayenne_page, themed_quimper_page):
        stored(page)
    restriction = PageViewRestriction.objects.create(page=action, restriction_type="login")
    assert changes(themed_laval_page) == {1} and changes(themed_mayenne_page) == {1}
    assert changes(themed_quimper_page) == {0}
    restriction.delete()
    assert changes(themed_laval_page) == {2} and changes(themed_mayenne_page) == {2}
    assert changes(themed_quimper_page) == {0}
