"""Every link of the moderation report and of the admin home's panel leads somewhere its reader
may go, for each role; after an approval or a request for changes (through Wagtail's own
endpoints: the workflow action and the page editor), the reviewer lands on a page they may see,
with a green message and no "no permission" banner."""

import re

import pytest
from django.contrib.messages import constants
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.models import InitiativePage
from workflows import services

from .conftest import CLEAN

REPORT = "/admin/moderation/"
FLAGGED = services.Submission(
    **{
        **CLEAN.__dict__,
        "title": "Le numéro des voisins",
        "summary": "Appelez le 06 12 34 56 78 pour nous joindre.",
    }
)


def proposal(title):
    return services.Submission(**{**CLEAN.__dict__, "title": title})


@pytest.fixture
def items(submit, act, laval_page, quimper_page, mayenne_referent, finistere_referent, moderator):
    """Items at every step: Mayenne's referents' step, the national step, flagged by the
    automated check (Mayenne), and Finistère's referents' step."""
    at_referents = submit(laval_page, proposal("Le café des voisins"))
    at_national = act(submit(laval_page, proposal("Les courses du mercredi")), mayenne_referent)
    flagged = submit(laval_page, FLAGGED)
    elsewhere = submit(quimper_page, proposal("Les jardins de Quimper"))
    assert at_national.current_workflow_task.name == "Modération Voisins Solidaires"
    assert flagged.current_workflow_task_state.specific.reasons
    return at_referents, at_national, flagged, elsewhere


def links_of(html: str, start: str, end: str) -> list[str]:
    part = html[html.index(start) :]
    part = part[: part.index(end)] if end in part else part
    return [link.replace("&amp;", "&") for link in re.findall(r'href="(/admin/[^"]*)"', part)]


def report_links(client) -> list[str]:
    html = client.get(REPORT).content.decode()
    return [
        link
        for link in links_of(html, 'class="nice-padding moderation-report"', "</main>")
        if "export=csv" not in link
    ]


def panel_links(client) -> list[str]:
    html = client.get("/admin/").content.decode()
    if 'id="moderation-dashboard' not in html:
        return []
    return links_of(html, 'id="moderation-dashboard', "</section>")


def errors(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level >= constants.ERROR]


def assert_all_lead_somewhere(client, links):
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code == 200, link
        assert response.redirect_chain == [], (link, response.redirect_chain)
        assert not errors(response), (link, errors(response))


@pytest.mark.parametrize(
    ("role", "report", "expected"),
    [
        (
            "moderator",
            True,
            {
                "Le café des voisins",
                "Les courses du mercredi",
                "Le numéro des voisins",
                "Les jardins de Quimper",
            },
        ),
        ("mayenne_referent", True, {"Le café des voisins"}),
        ("laval_referent", False, set()),  # a commune's referent: no dashboard
        ("laval_editor", False, set()),  # a communication officer: no dashboard
    ],
)
def test_every_link_of_the_report_and_panel_leads_somewhere(
    request, client, items, role, report, expected
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(REPORT)
    if not report:
        assert response.status_code == 302
        assert panel_links(client) == []
        return
    html = response.content.decode()
    links = report_links(client)
    assert_all_lead_somewhere(client, links)
    panel = panel_links(client)
    assert_all_lead_somewhere(client, panel)
    linked = {page.title for page in items if f"/admin/pages/{page.pk}/edit/" in links}
    assert linked == expected
    assert {page.title for page in items if f"/admin/pages/{page.pk}/edit/" in panel} == expected
    # The items they may not open are listed, without a link.
    if role == "mayenne_referent":
        assert "Les courses du mercredi" in html and "Le numéro des voisins" in html
        assert html.count("examiné par d’autres à cette étape") == 2
        assert "/admin/moderation/" in panel


def test_the_report_linking_stays_within_bounded_queries(
    client, submit, laval_page, mayenne_referent, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mayenne_referent)
    submit(laval_page, proposal("Une"))
    with CaptureQueriesContext(connection) as captured:
        client.get(REPORT)
    for number in range(6):
        submit(laval_page, proposal(f"Initiative {number}"))
    with django_assert_max_num_queries(len(captured)):
        assert client.get(REPORT).content.decode().count('href="/admin/pages/') == 7


def action_url(page, action):
    page = InitiativePage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/"


def test_approving_from_the_dashboard_lands_on_the_report_in_green(client, items, mayenne_referent):
    at_referents = items[0]
    client.force_login(mayenne_referent)
    response = client.post(
        action_url(at_referents, "approve"), {"comment": "Très bien."}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == REPORT
    assert not errors(response)
    [message] = [str(m) for m in response.context["messages"]]
    assert message == "Vous avez approuvé « Le café des voisins » : l’étape suivante commence."
    page = InitiativePage.objects.get(pk=at_referents.pk)
    assert page.current_workflow_task.name == "Modération Voisins Solidaires"


def test_the_modal_approval_tells_the_browser_where_to_go(client, items, moderator):
    at_national = items[1]
    client.force_login(moderator)
    response = client.post(
        action_url(at_national, "approve"),
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    target = response.json()["redirect"]
    final = client.get(target, follow=True)
    assert final.redirect_chain[-1][0] == REPORT
    assert [str(m) for m in final.context["messages"]] == [
        "Vous avez approuvé « Les courses du mercredi », désormais en ligne."
    ]
    assert InitiativePage.objects.get(pk=at_national.pk).live


def editor_form(page, **changes) -> dict:
    fields = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "kind": page.kind or "",
        "body": streamfield([("paragraph", rich_text("<p>Une dizaine de bénévoles.</p>"))]),
        "photos": inline_formset([]),
        "people_helped": "",
        "hours_given": "",
        "volunteers": "",
        "tips": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "contact_website": "",
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_acting_in_the_page_editor_lands_on_the_report(client, items, mayenne_referent, action):
    at_referents = InitiativePage.objects.get(pk=items[0].pk)
    client.force_login(mayenne_referent)
    data = editor_form(at_referents)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = action
    data["workflow-action-extra-data"] = '{"comment": "Une photo, s’il vous plaît."}'
    response = client.post(f"/admin/pages/{at_referents.pk}/edit/", data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == REPORT
    assert not errors(response)
    messages = [str(m) for m in response.context["messages"]]
    state = TaskState.objects.get(
        finished_by=mayenne_referent, workflow_state__object_id=str(at_referents.pk)
    )
    if action == "reject":
        assert state.status == TaskState.STATUS_REJECTED
        assert state.comment == "Une photo, s’il vous plaît."
        assert (
            "Vous avez demandé des modifications sur « Le café des voisins » : "
            "son auteur est prévenu." in messages
        )
    else:
        assert state.status == TaskState.STATUS_APPROVED
        assert "Vous avez approuvé « Le café des voisins » : l’étape suivante commence." in messages


def test_the_landing_page_says_nothing_of_another_persons_action(
    client, items, mayenne_referent, moderator
):
    at_national = InitiativePage.objects.get(pk=items[1].pk)
    theirs = TaskState.objects.get(
        finished_by=mayenne_referent, workflow_state__object_id=str(at_national.pk)
    )
    client.force_login(moderator)
    response = client.get(f"/admin/moderation/acted/{theirs.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == REPORT
    assert [str(m) for m in response.context["messages"]] == []


def test_every_link_of_the_reviewers_e_mails_leads_somewhere(
    client, submit, act, laval_page, mayenne_referent, moderator
):
    """An e-mail outlives its step: its link opens the editor while its reader may, and later
    says where the item stands, on the report; never "you do not have permission"."""
    from django.core import mail

    def follow_links(user, lands_on):
        client.force_login(user)
        messages = [m for m in mail.outbox if m.to == [user.email]]
        assert messages
        for message in messages:
            for link in re.findall(r"http://testserver(/admin/\S+)", message.body):
                response = client.get(link, follow=True)
                assert response.status_code == 200
                assert response.redirect_chain[-1][0] == lands_on(link)
                assert not errors(response), errors(response)

    mail.outbox.clear()
    page = submit(laval_page)  # "to review" to Mayenne's referent
    edit = f"/admin/pages/{page.pk}/edit/"
    follow_links(mayenne_referent, lambda link: edit)
    page = act(page, mayenne_referent)  # "to review" to the moderator
    follow_links(moderator, lambda link: edit)
    # The referent's e-mail, now that the item is at the national step: the report says so.
    follow_links(mayenne_referent, lambda link: REPORT)
    client.force_login(mayenne_referent)
    first = [m for m in mail.outbox if m.to == [mayenne_referent.email]][-1]
    response = client.get(re.search(r"http://testserver(/admin/\S+)", first.body)[1], follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Plus rien à faire pour vous sur « Le café des voisins » : "
        "étape en cours « Modération Voisins Solidaires »."
    ]
    mail.outbox.clear()
    act(page, moderator, action="reject", comment="Une photo.")  # told: the earlier approver
    follow_links(mayenne_referent, lambda link: REPORT)
    client.force_login(mayenne_referent)
    last = [m for m in mail.outbox if m.to == [mayenne_referent.email]][-1]
    link = re.search(r"http://testserver(/admin/\S+)", last.body)[1]
    response = client.get(link, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "« Le café des voisins » attend les modifications de son auteur."
    ]


def test_the_e_mail_link_of_a_gesture_opens_its_editor(
    client, db, moderator, django_capture_on_commit_callbacks
):
    from django.core import mail
    from wagtail.models import Locale

    from snippets import services as idea_box
    from snippets.models import GestureCategory

    category = GestureCategory.objects.create(
        name="Voisinage", slug="voisinage", locale=Locale.get_default()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gesture = idea_box.suggest_gesture(
            title="Porter les courses",
            summary="Aider un voisin à porter ses courses.",
            how_to="Proposer son aide.",
            category=category,
            kind="neighbourly",
            name="Lou Bernard",
            email="lou@example.org",
            address="192.0.2.20",
        )
    [message] = [m for m in mail.outbox if m.to == [moderator.email]]
    link = re.search(r"http://testserver(/admin/\S+)", message.body)[1]
    client.force_login(moderator)
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/snippets/snippets/gesture/edit/{gesture.pk}/"
    assert response.status_code == 200 and not errors(response)


def test_the_e_mail_link_of_a_deleted_item_says_so(client, submit, laval_page, mayenne_referent):
    page = submit(laval_page)
    link = f"/admin/moderation/open/{page.get_base_content_type().pk}/{page.pk}/"
    page.delete()
    client.force_login(mayenne_referent)
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == REPORT
    assert [str(m) for m in response.context["messages"]] == ["Cet élément n’existe plus."]
