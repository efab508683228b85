"""On PostgreSQL the facilities' scope code compares byte by byte ("C"), like the applications',
persons' and ratings': under the database's own collation `LIKE '652327100003%'` never uses the
scope index, and a village worker's list read the whole registry (tests/web/test_query_plans_registries.py)."""

from django.db import migrations


def binary_collation_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE facilities_facility ALTER COLUMN scope_code TYPE varchar(15) COLLATE "C"')


class Migration(migrations.Migration):
    dependencies = [("facilities", "0002_catalogue")]

    operations = [migrations.RunPython(binary_collation_on_postgresql, migrations.RunPython.noop)]
