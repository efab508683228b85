"""Applications keep the applicant's grid (else unit) code and the item's department from when they
applied, so that every queue filters and sorts the applications table alone; existing rows take
them from their own grid, unit and item. The old (status, region) index gives way to indexes
matching the queues' filters and orders."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def fill_scope_and_department(apps, schema_editor):
    Application = apps.get_model("services", "Application")
    Region = apps.get_model("regions", "Region")
    ServiceItem = apps.get_model("services", "ServiceItem")

    def code_of(column):
        return models.Subquery(Region.objects.filter(pk=models.OuterRef(column)).values("code")[:1])

    Application.objects.update(
        scope_code=Coalesce(code_of("grid_id"), code_of("region_id")),
        department=models.Subquery(ServiceItem.objects.filter(pk=models.OuterRef("service_id")).values("department")),
    )


def binary_collation_on_postgresql(apps, schema_editor):
    """On PostgreSQL compare the scope code byte by byte ("C"), as SQLite does: a plain B-tree index
    then answers `LIKE '652327100%'` (under another collation LIKE never uses it)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE services_application ALTER COLUMN scope_code TYPE varchar(15) COLLATE "C"')


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial"), ("services", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="application", name="application_queue_idx"),
        migrations.AddField(
            model_name="application",
            name="scope_code",
            field=models.CharField(default="", editable=False, max_length=15, verbose_name="区划代码"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="application",
            name="department",
            field=models.CharField(
                choices=[
                    ("mzj", "县民政局"),
                    ("zzb", "县委组织部"),
                    ("zjj", "县住建局"),
                    ("wjw", "县卫健委"),
                    ("rsj", "县人社局"),
                    ("gaj", "县公安局"),
                    ("sfj", "县司法局"),
                    ("yjj", "县应急管理局"),
                    ("wlj", "县文旅局"),
                    ("jyj", "县教育局"),
                    ("czj", "县财政局"),
                    ("fgw", "县发展改革委"),
                    ("nyj", "县农业农村局"),
                    ("zrj", "县自然资源局"),
                    ("tyjr", "县退役军人事务局"),
                    ("zzj", "县政资局"),
                    ("tw", "县团委"),
                    ("fl", "县妇联"),
                    ("cl", "县残联"),
                    ("ybj", "县医疗保障局"),
                    ("swj", "县商务局"),
                ],
                default="",
                editable=False,
                max_length=8,
                verbose_name="责任部门",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_scope_and_department, migrations.RunPython.noop),
        migrations.RunPython(binary_collation_on_postgresql, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status", "scope_code", "due_date"], name="application_queue_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status", "submitted_at"], name="application_status_time_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status", "due_date"], name="application_status_due_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["scope_code", "submitted_at"], name="application_scope_time_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["submitted_at", "id"], name="application_time_idx"),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(condition=~models.Q(scope_code=""), name="application_scope_code_set"),
        ),
    ]
