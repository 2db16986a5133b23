"""Who sees a volunteer (volunteers/access.py): every role of the demo (README's table of logins)
against every action on volunteers, asserted as one whole table."""

import pytest

from tests.spreadsheets import csv_text
from volunteers import access
from volunteers.models import ReferentNote

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db

ROLES = [
    "laval_editor",  # laval.editeur
    "laval_referent",  # laval.referent
    "mayenne_editor",  # mayenne.editeur
    "mayenne_referent",  # mayenne.referent
    "moderator",  # moderation
    "administrator",  # admin
]
ACTIONS = ("list", "export", "annotate", "counts")
REFERENT = {"list": True, "export": True, "annotate": True, "counts": True}
COUNTS_ONLY = {"list": False, "export": False, "annotate": False, "counts": True}
EXPECTED = {
    "laval_editor": COUNTS_ONLY,
    "laval_referent": REFERENT,
    "mayenne_editor": COUNTS_ONLY,
    "mayenne_referent": REFERENT,
    "moderator": COUNTS_ONLY,
    "administrator": COUNTS_ONLY,
}


@pytest.fixture
def people(laval_page, laval, ernee):
    return {
        "joined": make_volunteer(laval, 1, first_name="Lucie", last_name="Lavalloise"),
        "unconfirmed": make_volunteer(laval, 2, last_name="Pasconfirmé", confirmed=False),
        "waiting": make_volunteer(ernee, 3, last_name="Erneenne", handed_over=False),
    }


def observe(client, user, people) -> dict[str, bool]:
    client.force_login(user)
    joined = people["joined"]
    listing = client.get("/admin/volontaires/")
    detail = client.get(f"/admin/volontaires/{joined.pk}/")
    export = client.get("/admin/volontaires/export.csv")
    note = client.post(f"/admin/volontaires/{joined.pk}/notes/", {"text": "Appelée le 3."})
    counts = client.get("/admin/volontaires/chiffres/")
    return {
        "list": listing.status_code == 200
        and "Lavalloise" in listing.content.decode()
        and detail.status_code == 200,
        "export": export.status_code == 200 and "Lavalloise" in csv_text(export),
        "annotate": note.status_code == 302
        and ReferentNote.objects.filter(author=user, volunteer=joined).exists(),
        "counts": counts.status_code == 200 and "Laval (53130)" in counts.content.decode(),
    }


def test_the_whole_table_of_roles_and_actions(client, people, request):
    observed = {role: observe(client, request.getfixturevalue(role), people) for role in ROLES}
    assert observed == EXPECTED
    # The rules module says the same as the views.
    said = {
        role: {action: access.may(request.getfixturevalue(role), action) for action in ACTIONS}
        for role in ROLES
    }
    assert said == EXPECTED


def refused(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to its dashboard (and a
    message), or a 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def test_refused_actions_answer_403_or_lead_to_the_counts(client, people, laval_editor):
    client.force_login(laval_editor)
    joined = people["joined"]
    assert client.get("/admin/volontaires/").url == "/admin/volontaires/chiffres/"
    assert refused(client.get("/admin/volontaires/export.csv"))
    assert refused(client.get(f"/admin/volontaires/{joined.pk}/"))
    assert refused(client.post(f"/admin/volontaires/{joined.pk}/notes/", {"text": "x"}))
    assert not ReferentNote.objects.exists()


@pytest.mark.parametrize("role", ["laval_referent", "mayenne_referent"])
def test_referents_never_list_nor_export_unconfirmed_or_waiting_sign_ups(
    client, people, role, request
):
    client.force_login(request.getfixturevalue(role))
    for url in ("/admin/volontaires/", "/admin/volontaires/export.csv"):
        response = client.get(url)
        content = csv_text(response) if response.streaming else response.content.decode()
        assert "Lavalloise" in content
        assert "Pasconfirmé" not in content and "Erneenne" not in content
    for other in ("unconfirmed", "waiting"):
        assert client.get(f"/admin/volontaires/{people[other].pk}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_counts_name_no_one(client, people, role, request, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(role))
    with django_assert_max_num_queries(25):
        response = client.get("/admin/volontaires/chiffres/")
    content = response.content.decode()
    for volunteer in people.values():
        assert volunteer.last_name not in content and volunteer.email not in content


def test_national_staff_count_the_waiting_volunteers(people, moderator, laval_editor):
    national = {c.code: (c.listed, c.waiting) for c in access.counted_communes(moderator)}
    assert national == {"53130": (1, 0), "53096": (0, 1)}
    # A commune's editor counts their commune only; nobody counts an unconfirmed sign-up.
    assert {c.code: (c.listed, c.waiting) for c in access.counted_communes(laval_editor)} == {
        "53130": (1, 0)
    }


def test_the_admin_menu_shows_the_volunteers_to_every_role_that_counts(
    rf, laval_editor, django_user_model
):
    from volunteers.wagtail_hooks import register_menu_item

    item = register_menu_item()
    request = rf.get("/admin/")
    request.user = laval_editor
    assert item.is_shown(request)
    request.user = django_user_model.objects.create_user("personne", password="motdepasse-123")
    assert not item.is_shown(request)
