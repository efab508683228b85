"""The policy library's full-text index, in the engine of the database it runs on (search.py):
an FTS5 table on SQLite, a weighted tsvector column under a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE participation_policy_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')"
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS participation_policy_fts"]
POSTGRES = [
    "ALTER TABLE participation_policy ADD COLUMN search_vector tsvector",
    "CREATE INDEX participation_policy_search_gin ON participation_policy USING gin (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS participation_policy_search_gin",
    "ALTER TABLE participation_policy DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_notices_policies_questions")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
