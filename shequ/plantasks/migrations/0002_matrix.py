"""The plan's task–department matrix (catalogue.py)."""

from django.db import migrations

from shequ.plantasks.catalogue import matrix_load


def load(apps, schema_editor):
    matrix_load(apps)


class Migration(migrations.Migration):
    dependencies = [("plantasks", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
