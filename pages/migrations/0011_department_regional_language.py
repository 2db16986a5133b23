"""A department may publish in a regional language (Breton) besides French and English; the
Breton locale exists so that its pages can be translated into it."""

from django.db import migrations, models


def create_breton_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="br")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0010_occurrences"),
    ]

    operations = [
        migrations.AddField(
            model_name="departmentpage",
            name="regional_language",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Language code of a regional language the department also publishes in, "
                    "e.g. br for Breton. Its pages and its communes' pages may then be "
                    "translated into it."
                ),
                max_length=8,
                verbose_name="regional language",
            ),
        ),
        migrations.RunPython(create_breton_locale, migrations.RunPython.noop),
    ]
