"""Create the national moderators group ("Voisins Solidaires — modération") and its permissions,
so that every fresh database has it. `onboarding.services.national_groups()` is the same step at
run time (it repairs what was removed)."""

from django.db import migrations

MODERATORS_GROUP_NAME = "Voisins Solidaires — modération"
PAGE_PERMISSIONS = ["change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]


def permission(apps, app_label, model, codename):
    # On a fresh database the permissions are only created after all migrations: make them now,
    # as Django's own post_migrate step would (it skips existing ones).
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verb, _, noun = codename.partition("_")
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {verb} {noun}"},
    )
    return found


def create_moderators_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    TerritoryGroup = apps.get_model("onboarding", "TerritoryGroup")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    link = TerritoryGroup.objects.filter(role="moderators").first()
    if link is None:
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
        TerritoryGroup.objects.create(group=group, role="moderators")
    else:
        group = link.group

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=permission(apps, "wagtailcore", "page", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, model, codename),
                )
    group.permissions.add(permission(apps, "wagtailadmin", "admin", "access_admin"))


def remove_moderators_group(apps, schema_editor):
    TerritoryGroup = apps.get_model("onboarding", "TerritoryGroup")
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(
        pk__in=TerritoryGroup.objects.filter(role="moderators").values("group_id")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_moderators_group, remove_moderators_group)]
