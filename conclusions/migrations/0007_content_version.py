"""The content version that keys the public page cache: one row, raised by every change to content."""

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("conclusions", "ContentVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0006_translators"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveBigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "content version",
                "verbose_name_plural": "content versions",
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
