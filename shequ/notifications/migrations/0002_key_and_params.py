"""Notifications become a message key plus parameters, rendered when read in the reader's language.

Rows written before keep the text they were rendered with (then, in the recipient's language of
that day) as `stored_title`/`stored_body`, shown as they are: their parameters were never kept, so
they cannot be rendered again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RenameField("notification", "title", "stored_title"),
        migrations.RenameField("notification", "body", "stored_body"),
        migrations.AlterField(
            "notification", "stored_title", models.CharField(blank=True, max_length=200, verbose_name="标题")
        ),
        migrations.AddField(
            "notification",
            "key",
            models.CharField(blank=True, db_index=True, max_length=64, verbose_name="消息类型"),
        ),
        migrations.AddField(
            "notification", "params", models.JSONField(blank=True, default=dict, verbose_name="消息参数")
        ),
    ]
