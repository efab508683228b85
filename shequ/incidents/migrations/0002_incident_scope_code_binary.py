"""On PostgreSQL the incidents' and patrols' scope codes compare byte by byte ("C"), like the
persons', applications' and ratings': under the database's own collation `LIKE '652327100%'` never
uses the queue indexes, and every scoped queue of the dispatch board read the whole table
(bench/incidents.py: a village worker's board took over a second with 200,000 incidents). And the
running cases get an index in due order, which the overdue and due-soon queues of a county read
from its start instead of sorting every running case."""

from django.db import migrations, models


def binary_collation_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in ("incidents_incident", "incidents_patrol"):
            schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN scope_code TYPE varchar(15) COLLATE "C"')


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_incidents")]

    operations = [
        migrations.RunPython(binary_collation_on_postgresql, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                condition=models.Q(("status__in", ["reported", "registered", "dispatched", "handling"])),
                fields=["due_at", "id"],
                name="incident_running_due_idx",
            ),
        ),
    ]
