"""The two default workflows, so that every fresh database has them:

- "Modération des initiatives": automated check, department referents, national moderators;
  assigned to the InitiativePage type (its `get_workflow` reads it), so that the news, actions
  and pages of the same tree keep being published by their editors without review;
- "Modération des gestes": the same steps, assigned to snippets.Gesture (Wagtail's own
  assignment of a workflow to a snippet type). The referents' step is skipped for an item
  that belongs to no department (a national initiative, a gesture).

The moderators' group is given the permissions to open and publish gestures.
"""

from django.db import migrations

MODERATORS_GROUP_NAME = "Voisins Solidaires — modération"
INITIATIVES = "Modération des initiatives"
GESTURES = "Modération des gestes"
STEPS = [
    ("automatedchecktask", "Vérification automatique", True),
    ("departmentreferenttask", "Référents du département", False),
    ("nationalmoderationtask", "Modération Voisins Solidaires", True),
]
TARGETS = [(INITIATIVES, "pages", "initiativepage"), (GESTURES, "snippets", "gesture")]
# The moderators review suggested gestures: the editor of gestures opens and publishes for them.
MODERATOR_GESTURE_PERMISSIONS = ["change_gesture", "publish_gesture"]


def moderators_group(apps):
    Group = apps.get_model("auth", "Group")
    TerritoryGroup = apps.get_model("onboarding", "TerritoryGroup")
    link = TerritoryGroup.objects.filter(role="moderators").select_related("group").first()
    if link is not None:
        return link.group
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
    TerritoryGroup.objects.get_or_create(group=group, defaults={"role": "moderators"})
    return group


def permission(apps, app_label, model, codename):
    # On a fresh database the permissions are only made after all migrations: make them now,
    # as Django's own post_migrate step would (it skips existing ones).
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verb, _, noun = codename.partition("_")
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {verb} {noun}"}
    )
    return found


def create_workflows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    group = moderators_group(apps)
    for codename in MODERATOR_GESTURE_PERMISSIONS:
        group.permissions.add(permission(apps, "snippets", "gesture", codename))
    tasks = []
    for model_name, name, with_groups in STEPS:
        model = apps.get_model("workflows", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="workflows", model=model_name)
        task = model.objects.filter(name=name).first()
        if task is None:
            task = model.objects.create(name=name, content_type=content_type, active=True)
            if with_groups:
                task.groups.add(group)
        tasks.append(task)

    for workflow_name, app_label, model_name in TARGETS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        if WorkflowContentType.objects.filter(content_type=content_type).exists():
            continue
        workflow, _ = Workflow.objects.get_or_create(name=workflow_name, defaults={"active": True})
        for position, task in enumerate(tasks):
            WorkflowTask.objects.get_or_create(
                workflow=workflow, task_id=task.pk, defaults={"sort_order": position}
            )
        WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_task_types"),
        ("pages", "0005_initiatives"),
        ("snippets", "0001_idea_box"),
        ("onboarding", "0003_retire_wagtail_default_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflows, migrations.RunPython.noop)]
