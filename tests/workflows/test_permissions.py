"""Editors of communes and departments submit initiatives; they never publish them: not in the
admin (create, edit, bulk), not through the translation editor, not through any API. They keep
publishing their other pages."""

import pytest
from django.urls import reverse
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import GroupPagePermission, Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import Translation, TranslationSource

from pages.models import InitiativePage
from snippets.models import Gesture
from tests.factories.pages import NewsIndexPageFactory, NewsPageFactory
from workflows import services


@pytest.fixture
def index(laval_page):
    return services.initiatives_index_of(laval_page, create=True)


@pytest.fixture
def draft(index, laval_editor):
    page = index.add_child(
        instance=InitiativePage(
            title="Le café des voisins", summary="Un café chaque samedi.", live=False
        )
    )
    page.save_revision(user=laval_editor)
    return InitiativePage.objects.get(pk=page.pk)


def initiative_form(**extra):
    return nested_form_data(
        {
            "title": "Le café des voisins",
            "slug": "le-cafe-des-voisins",
            "summary": "Un café chaque samedi.",
            "kind": "",
            "body": streamfield([]),
            "photos": inline_formset([]),
            "tips": "",
            **extra,
        }
    )


def test_the_permission_tester(draft, laval_page, laval_editor, mayenne_editor, moderator):
    assert not draft.permissions_for_user(laval_editor).can_publish()
    assert not draft.permissions_for_user(mayenne_editor).can_publish()
    assert draft.permissions_for_user(laval_editor).can_edit()
    assert draft.permissions_for_user(moderator).can_publish()
    index = draft.get_parent().specific
    assert not index.permissions_for_user(laval_editor).can_publish_subpage()
    assert index.permissions_for_user(laval_editor).can_publish()  # the index itself
    # Their other pages: published without review.
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=laval_page))
    assert news.permissions_for_user(laval_editor).can_publish()


def test_creating_with_publish_in_the_admin_leaves_a_draft(client, index, laval_editor):
    client.force_login(laval_editor)
    url = reverse("wagtailadmin_pages:add", args=("pages", "initiativepage", index.pk))
    response = client.post(url, initiative_form(**{"action-publish": "action-publish"}))
    assert response.status_code in (200, 302)
    page = InitiativePage.objects.filter(slug="le-cafe-des-voisins").first()
    assert page is None or not page.live


def test_creating_and_submitting_in_the_admin_starts_the_workflow(
    client, index, laval_editor, django_capture_on_commit_callbacks
):
    client.force_login(laval_editor)
    url = reverse("wagtailadmin_pages:add", args=("pages", "initiativepage", index.pk))
    assert "Soumettre" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, initiative_form(**{"action-submit": "action-submit"}))
    page = InitiativePage.objects.get(slug="le-cafe-des-voisins")
    assert not page.live
    assert page.current_workflow_state.requested_by == laval_editor
    assert not index.permissions_for_user(laval_editor).can_submit_for_moderation()


def test_editing_with_publish_in_the_admin_leaves_a_draft(client, draft, laval_editor):
    client.force_login(laval_editor)
    url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    client.post(url, initiative_form(**{"action-publish": "action-publish"}))
    assert not InitiativePage.objects.get(pk=draft.pk).live


def test_submitting_in_the_admin_starts_the_workflow(
    client, draft, laval_editor, mayenne_referent, django_capture_on_commit_callbacks
):
    client.force_login(laval_editor)
    url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, initiative_form(**{"action-submit": "action-submit"}))
    page = InitiativePage.objects.get(pk=draft.pk)
    assert not page.live
    assert page.current_workflow_state.requested_by == laval_editor
    assert page.current_workflow_task.get_actions(page, mayenne_referent)


def test_bulk_publish_leaves_a_draft(client, draft, laval_editor):
    client.force_login(laval_editor)
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}"
    )
    client.post(url, {"include_descendants": ""})
    assert not InitiativePage.objects.get(pk=draft.pk).live


def test_publishing_a_revision_as_an_editor_is_refused(draft, laval_editor, moderator):
    with pytest.raises(PublishPagePermissionError):
        draft.get_latest_revision().publish(user=laval_editor)
    draft.get_latest_revision().publish(user=moderator)
    assert InitiativePage.objects.get(pk=draft.pk).live


def test_the_translation_editor_does_not_publish(
    client, laval_page, draft, laval_editor, moderator, django_capture_on_commit_callbacks
):
    draft.get_latest_revision().publish(user=moderator)
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(
        InitiativePage.objects.get(pk=draft.pk)
    )
    # wagtail-localize publishes a translation once the transaction commits (the "translate"
    # and "update translations" actions): written by an editor, it stays a draft.
    translation = Translation.objects.create(source=source, target_locale=english)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=laval_editor, publish=True)
    translated = InitiativePage.objects.get(locale=english, translation_key=draft.translation_key)
    assert not translated.live
    # Onboarding grants a commune's editors its page's translations: the English Laval too.
    english_laval = translated.get_parent().get_parent()
    for permission in GroupPagePermission.objects.filter(page=laval_page, group__user=laval_editor):
        GroupPagePermission.objects.get_or_create(
            page=english_laval, group=permission.group, permission=permission.permission
        )
    assert translated.permissions_for_user(laval_editor).can_edit()
    client.force_login(laval_editor)
    # The translation editor's "publish" is refused (the admin answers a refusal with a redirect).
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(translated.pk,)), {"action": "publish"}
    )
    assert response.status_code == 302
    assert not InitiativePage.objects.get(pk=translated.pk).live


def test_the_public_api_is_read_only_and_hides_drafts(client, draft):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    listing = client.get("/api/v2/pages/?type=pages.InitiativePage").json()
    assert listing["meta"]["total_count"] == 0


def test_editors_cannot_publish_gestures(client, laval_editor, mayenne_editor):
    for editor in (laval_editor, mayenne_editor):
        assert not editor.has_perm("snippets.publish_gesture")
        client.force_login(editor)
        response = client.get(reverse("wagtailsnippets_snippets_gesture:add"))
        assert response.status_code in (302, 403)
    assert Gesture.objects.count() == 0
