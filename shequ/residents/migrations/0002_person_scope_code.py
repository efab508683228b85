from django.db import migrations, models
from django.db.models.functions import Coalesce

# Columns a search reads by prefix and sorts on.
SEARCH_COLUMNS = {"name": 50, "name_pinyin": 200, "name_initials": 50, "id_tail_reversed": 6, "scope_code": 15}


def fill_scope_code(apps, schema_editor):
    Person = apps.get_model("residents", "Person")
    Region = apps.get_model("regions", "Region")
    Person.objects.update(
        scope_code=Coalesce(
            models.Subquery(Region.objects.filter(pk=models.OuterRef("grid_id")).values("code")[:1]),
            models.Subquery(Region.objects.filter(pk=models.OuterRef("region_id")).values("code")[:1]),
        )
    )


def binary_collation_on_postgresql(apps, schema_editor):
    """On PostgreSQL compare the search columns byte by byte ("C"), as SQLite does: then one plain
    B-tree index answers both `LIKE 'x%'` and ORDER BY, so a page of results is read in order and
    stops after 20 rows. (Chinese names have no dictionary order a locale would improve on.)"""
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, length in SEARCH_COLUMNS.items():
        schema_editor.execute(
            f'ALTER TABLE residents_person ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "C"'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("residents", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_name_idx"),
        migrations.RemoveIndex(model_name="person", name="person_initials_idx"),
        migrations.RemoveIndex(model_name="person", name="person_pinyin_idx"),
        migrations.RemoveIndex(model_name="person", name="person_id_tail_idx"),
        migrations.RemoveIndex(model_name="person", name="person_region_name_idx"),
        migrations.AddField(
            model_name="person",
            name="scope_code",
            field=models.CharField(default="", editable=False, max_length=15, verbose_name="区划代码"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_scope_code, migrations.RunPython.noop),
        migrations.RunPython(binary_collation_on_postgresql, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="person", index=models.Index(fields=["name", "scope_code"], name="person_name_scope_idx")
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_initials", "scope_code"], name="person_initials_scope_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_pinyin", "scope_code"], name="person_pinyin_scope_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["id_tail_reversed", "scope_code"], name="person_id_tail_scope_idx"),
        ),
        migrations.AddIndex(
            model_name="person", index=models.Index(fields=["scope_code", "name"], name="person_scope_name_idx")
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(condition=~models.Q(scope_code=""), name="person_scope_code_set"),
        ),
    ]
