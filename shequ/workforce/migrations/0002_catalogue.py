"""The grade sequence, salary table, staffing standards and lists shipped as data (catalogue.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from shequ.workforce.catalogue import catalogue_load

    catalogue_load(apps)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
