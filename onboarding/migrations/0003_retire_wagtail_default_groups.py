"""Retire what Wagtail creates for a generic site: the "Editors" and "Moderators" groups, which
may edit (and, for Moderators, publish) the whole page tree, and the "Moderators approval"
workflow assigned at the root, which sends every page to those moderators.

Here each territory has its own groups (onboarding.services) and Voisins Solidaires its national
moderators group; the moderation of initiatives and gestures has workflows of its own. A default
group that somebody already uses keeps its members but loses its rights over the whole tree.
"""

from django.db import migrations

DEFAULT_GROUPS = ["Editors", "Moderators"]
DEFAULT_WORKFLOW = "Moderators approval"


def retire_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        if WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.active = False
            workflow.save(update_fields=["active"])
        else:
            for task in workflow.workflow_tasks.all():
                task.task.delete()
            workflow.delete()

    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        if not group.user_set.exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0002_moderators_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(retire_default_groups, migrations.RunPython.noop)]
