"""On PostgreSQL the ratings' scope code compares byte by byte ("C"), like the persons' and the
applications': under the database's own collation `LIKE '652327100%'` never uses its index, and
every scoped list of ratings read the whole table."""

from django.db import migrations


def binary_collation_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE feedback_rating ALTER COLUMN scope_code TYPE varchar(15) COLLATE "C"')


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_rating_scope_code")]

    operations = [migrations.RunPython(binary_collation_on_postgresql, migrations.RunPython.noop)]
