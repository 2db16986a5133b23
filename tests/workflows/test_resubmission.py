"""The anonymous submitter, through the link of their e-mails: sees the comment of the reviewer
who requested changes, edits the proposal (the form prefilled) and sends it again, which starts
the moderation again and tells the reviewers; a double click sends it once; a bad, expired or
dead link gets a clear French message."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from wagtail.models import TaskState, WorkflowState

from pages.models import InitiativePage
from tests.concurrency import at_once, failures
from workflows import services

COMMENT = "Pouvez-vous préciser qui organise les cafés ?"


@pytest.fixture
def sent_back(submit, act, laval_page, mayenne_referent):
    page = submit(laval_page)
    return act(page, mayenne_referent, action="reject", comment=COMMENT)


def status_url(page):
    return f"/proposer-une-initiative/suivi/{services.status_token(page)}/"


def changes_url(page):
    return status_url(page) + "modifier/"


def changed(**fields):
    data = {
        "title": "Le café des voisins du samedi",
        "summary": "Chaque samedi, l'association accueille les voisins à la médiathèque.",
        "description": "L'association Voisins de Laval organise les cafés.\n\nTout le monde vient.",
        "tips": "Commencer petit.",
        "people_helped": "130",
        "hours_given": "",
        "volunteers": "12",
        "name": "Camille Martin",
        "organisation": "Association Voisins de Laval",
        "website": "",
    }
    data.update(fields)
    return data


def test_the_status_page_shows_the_comment_and_the_way_to_edit(client, sent_back):
    html = client.get(status_url(sent_back)).content.decode()
    assert "Des modifications ont été demandées." in html
    assert "Commentaire des modérateurs" in html
    assert COMMENT.replace("'", "&#x27;") in html
    # The link's token is signed at the second the page is drawn: compared by what it opens.
    edit = re.search(r'href="(/proposer-une-initiative/suivi/[^"/]+/modifier/)"', html)[1]
    assert services.page_of_token(edit.split("/")[-3]) == sent_back
    assert "Modifier et renvoyer" in html


def test_a_page_under_review_offers_no_edit(client, submit, laval_page):
    page = submit(laval_page)
    html = client.get(status_url(page)).content.decode()
    assert "modifier/" not in html
    response = client.get(changes_url(page))
    assert response.status_code == 302 and response.url == status_url(page)


def test_the_form_is_prefilled_without_the_email(client, sent_back):
    response = client.get(changes_url(sent_back))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Le café des voisins"
    assert form.initial["description"] == (
        "Une dizaine de bénévoles accueillent les habitants.\n\nTout le monde est invité."
    )
    assert form.initial["people_helped"] == 120
    assert "email" not in form.fields
    html = response.content.decode()
    assert COMMENT.replace("'", "&#x27;") in html
    assert "camille@example.org" not in html


def test_resubmitting_restarts_the_moderation_and_tells_the_reviewers(
    client, sent_back, mayenne_referent, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    status = status_url(sent_back)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status + "modifier/", changed(), follow=True)
    assert response.redirect_chain[-1][0] == status
    html = response.content.decode()
    assert "Merci ! Votre initiative a été renvoyée aux modérateurs." in html
    page = InitiativePage.objects.get(pk=sent_back.pk)
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Le café des voisins du samedi"
    assert draft.people_helped == 130
    assert draft.submitted_by_email == "camille@example.org"
    assert [block.block_type for block in draft.body] == ["paragraph", "paragraph"]
    # The text comes back as typed when the form is opened again (escaped in between).
    assert services.proposal_of(page)["description"] == changed()["description"]
    states = WorkflowState.objects.for_instance(page).order_by("created_at")
    assert [state.status for state in states] == ["cancelled", "in_progress"]
    # The automated check passed the new text: Mayenne's referents review it again.
    assert page.current_workflow_task.name == "Référents du département"
    assert page.current_workflow_task_state.revision_id == page.latest_revision_id
    subjects = {(tuple(m.to), m.subject) for m in mail.outbox}
    assert ((mayenne_referent.email,), "À relire : Le café des voisins du samedi") in subjects
    assert "initiative-status--review" in html and "modifier/" not in html
    assert not page.live


def test_a_double_click_resubmits_once(client, sent_back, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changes_url(sent_back), changed())
        second = client.post(changes_url(sent_back), changed(title="Encore"), follow=True)
    assert "n’attend plus de modifications" in second.content.decode()
    page = InitiativePage.objects.get(pk=sent_back.pk)
    assert WorkflowState.objects.for_instance(page).filter(status="in_progress").count() == 1
    assert page.get_latest_revision_as_object().title == "Le café des voisins du samedi"
    assert TaskState.objects.filter(workflow_state__object_id=str(page.pk)).count() == 4


# serialized_rollback: see tests/workflows/test_concurrent_approval.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_resubmissions_at_once_resubmit_once(sent_back):
    """Two clicks that reach the server together, each on its own connection: one resubmits,
    the other finds no changes awaited; neither fails. On SQLite the IMMEDIATE transactions
    (cms/settings/base.py) make the second wait for the first, where `select_for_update` does
    nothing; on PostgreSQL the row lock does."""
    revisions = sent_back.revisions.count()
    url = changes_url(sent_back)
    titles = ["Le café des voisins du samedi", "Le café des voisins du dimanche"]

    def resubmit(n):
        response = Client().post(url, changed(title=titles[n]))
        return response.status_code, response.get("Location", "")

    results = at_once(2, resubmit)

    assert failures(results) == []
    # Both land on the status page (its token signed at the second each was answered).
    assert [status for status, _ in results] == [302, 302]
    for _, location in results:
        assert location.startswith("/proposer-une-initiative/suivi/")
        assert services.page_of_token(location.split("/")[-2]) == sent_back
    page = InitiativePage.objects.get(pk=sent_back.pk)
    assert page.revisions.count() == revisions + 1
    assert page.get_latest_revision_as_object().title in titles
    states = WorkflowState.objects.for_instance(page)
    assert sorted(state.status for state in states) == ["cancelled", "in_progress"]


def test_bad_input_changes_nothing(client, sent_back):
    response = client.post(changes_url(sent_back), changed(title=""))
    assert response.status_code == 400
    assert "Merci de corriger le formulaire" in response.content.decode()
    page = InitiativePage.objects.get(pk=sent_back.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("forged:token", "Ce lien n’est pas valide"),
        (
            signing.dumps({"page": 999999}, salt=services.STATUS_SALT),
            "Cette initiative n’existe plus.",
        ),
    ],
    # Named, not shown: the signed token carries the time it was made, which differs between
    # pytest-xdist's processes, and they must collect the same tests.
    ids=["forged", "gone"],
)
@pytest.mark.parametrize("suffix", ["", "modifier/"])
def test_bad_links_get_a_french_message(client, db, token, message, suffix):
    response = client.get(f"/proposer-une-initiative/suivi/{token}/{suffix}")
    assert response.status_code == 404
    assert message in response.content.decode()
    assert client.post(f"/proposer-une-initiative/suivi/{token}/{suffix}").status_code == 404


def test_an_expired_link_says_so(client, sent_back):
    token = services.status_token(sent_back)
    assert services.read_token(token).page == sent_back
    # The same link read past its age.
    assert services.read_token(token, max_age=-1).problem == "expired"
    # A link signed over a year ago (its timestamp set back, then signed with the real key).
    signer = signing.TimestampSigner(salt=services.STATUS_SALT)
    value, stamp, _ = signer.sign_object({"page": sent_back.pk}).rsplit(":", 2)
    ancient = signing.b62_encode(signing.b62_decode(stamp) - services.STATUS_MAX_AGE - 86400)
    expired = signing.Signer(salt=services.STATUS_SALT).sign(f"{value}:{ancient}")
    assert services.read_token(expired).problem == "expired"
    response = client.get(f"/proposer-une-initiative/suivi/{expired}/modifier/")
    assert response.status_code == 404
    assert "Ce lien a expiré." in response.content.decode()


def test_a_photo_added_on_resubmission_joins_the_earlier_ones(
    client, submit, act, laval_page, mayenne_referent, django_capture_on_commit_callbacks
):
    from tests.workflows.test_public_form import photo

    page = submit(laval_page, photos=[(photo(), "Mairie de Laval")])
    page = act(page, mayenne_referent, action="reject", comment=COMMENT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changes_url(page), changed(photo_1=photo(name="deux.jpg"), credit_1="Camille"))
    page = InitiativePage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    assert [photo.credit for photo in draft.photos.all()] == ["Mairie de Laval", "Camille"]
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    # A photo without a credit is refused, as on the first submission; nothing changes.
    page = act(page, mayenne_referent, action="reject", comment=COMMENT)
    response = client.post(changes_url(page), changed(photo_1=photo(name="trois.jpg")))
    assert response.status_code == 400
    assert "Indiquez qui a pris la photo." in response.content.decode()
    assert len(page.get_latest_revision_as_object().photos.all()) == 2
