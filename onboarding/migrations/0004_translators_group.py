"""Create the "Traducteurs" group: translators translate the pages, gestures and categories
through wagtail-localize and save them as drafts or submit them to moderation; they publish
nothing (no publish permission on pages nor gestures; the initiatives' and gestures' own rules
ask `onboarding.roles.may_publish_directly` besides). `pages/translations.py` gives them the
translated trees (the home page of each language but French), never the French tree."""

from importlib import import_module

from django.db import migrations

# The moderators' migration makes a permission on a fresh database as Django's post_migrate would.
permission = import_module("onboarding.migrations.0002_moderators_group").permission

TRANSLATORS_GROUP_NAME = "Traducteurs"


def create_translators_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")

    group, _ = Group.objects.get_or_create(name=TRANSLATORS_GROUP_NAME)
    group.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin"),
        permission(apps, "wagtail_localize", "translation", "submit_translation"),
        permission(apps, "snippets", "gesture", "change_gesture"),
        permission(apps, "snippets", "gesturecategory", "change_gesturecategory"),
    )


def remove_translators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=TRANSLATORS_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0003_retire_wagtail_default_groups"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("snippets", "0001_idea_box"),
    ]

    operations = [migrations.RunPython(create_translators_group, remove_translators_group)]
