"""Replace Wagtail's welcome page with the national HomePage, make it the site's root, and
create the English locale beside the default French one."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("pages.HomePage")

    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")

    # Wagtail's own migration creates a welcome page at depth 2: replace it.
    Page.objects.filter(
        depth=2, content_type__model="page", content_type__app_label="wagtailcore"
    ).delete()
    if HomePage.objects.exists():
        return
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="pages")
    root = Page.objects.get(depth=1)
    # The treebeard path of the root's first child; numchild keeps the tree consistent.
    home = HomePage.objects.create(
        title="L'Heure Civique",
        draft_title="L'Heure Civique",
        slug="accueil",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=french,
        intro=(
            "Une heure par mois pour une action civique ou solidaire près de chez soi : "
            "votre département et votre commune vous y invitent."
        ),
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name="L'Heure Civique"
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("pages.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
