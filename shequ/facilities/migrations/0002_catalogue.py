"""The facility types and organisation models shipped as data (shequ/facilities/catalogue.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from shequ.facilities.catalogue import catalogue_load

    catalogue_load(apps)


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
