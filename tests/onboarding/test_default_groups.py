"""Wagtail's generic "Editors" and "Moderators" groups and its root workflow are retired."""

from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Locale, Page, Workflow, WorkflowPage

from onboarding.services import national_groups


def test_no_group_may_edit_the_whole_tree_but_the_national_moderators(db):
    # The translators edit the translated trees only (pages/translations.py), not the French.
    root_permissions = GroupPagePermission.objects.filter(
        page__depth__lte=2, page__locale=Locale.get_default()
    )

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert {permission.group for permission in root_permissions} == {national_groups()}


def test_no_workflow_sends_every_page_to_the_default_moderators(db):
    root = Page.get_first_root_node()

    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    assert not WorkflowPage.objects.filter(page=root).exists()
