"""Ratings keep the grid (else the unit) they were given in, so that scope follows where the service
was given, not where the resident lives now. Existing ratings take their resident's current grid
when it lies in the rating's unit, else the unit itself."""

from django.db import migrations, models


def fill_scope_codes(apps, schema_editor):
    Rating = apps.get_model("feedback", "Rating")
    batch = []
    for rating in Rating.objects.select_related("region", "resident").iterator(chunk_size=1000):
        unit, resident = rating.region.code, rating.resident.scope_code
        rating.scope_code = resident if resident.startswith(unit) else unit
        batch.append(rating)
        if len(batch) == 1000:
            Rating.objects.bulk_update(batch, ["scope_code"])
            batch = []
    Rating.objects.bulk_update(batch, ["scope_code"])


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial"), ("residents", "0002_person_scope_code")]

    operations = [
        migrations.AddField(
            model_name="rating",
            name="scope_code",
            field=models.CharField(default="", max_length=15, verbose_name="区划代码"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_scope_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rating",
            name="scope_code",
            field=models.CharField(db_index=True, max_length=15, verbose_name="区划代码"),
        ),
    ]
