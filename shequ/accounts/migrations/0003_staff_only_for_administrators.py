"""The admin is for superusers and the county's system administrators: workers, grid workers,
township and county department staff (the demo accounts among them) lose the `is_staff` flag
they were given before, and work in the workbench."""

from django.db import migrations


def staff_only_for_administrators(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_staff=True, is_superuser=False).exclude(role="county_admin").update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_alter_user_department"),
    ]

    # Not reversed: which accounts had the flag before is not known, and none should have it.
    operations = [migrations.RunPython(staff_only_for_administrators, migrations.RunPython.noop)]
