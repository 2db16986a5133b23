"""Each occurrence row's length (end - start), indexed: the readers of what overlaps a moment
start from that moment minus the longest (pages/agenda/queries.py `occurrence_rows`). The rows
already written get theirs here."""

import datetime

from django.db import migrations, models
from django.db.models import F


def fill(apps, schema_editor):
    Occurrence = apps.get_model("pages", "Occurrence")
    Occurrence.objects.update(length=F("end") - F("start"))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0014_page_tree_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="length",
            field=models.DurationField(default=datetime.timedelta(0), editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="occurrence",
            index=models.Index(fields=["length"], name="pages_occurrence_length"),
        ),
    ]
