"""Spreadsheet import and export permissions, given to the Editors group with the import log."""

from django.db import migrations

from conclusions.group_permissions import grant_permissions, revoke_permissions

EDITOR_PERMISSIONS = ["import_conclusion", "export_conclusion", "view_conclusionimport"]


def give_editors_spreadsheet_permissions(apps, schema_editor):
    grant_permissions(apps, "Editors", EDITOR_PERMISSIONS)


def take_spreadsheet_permissions_back(apps, schema_editor):
    revoke_permissions(apps, "Editors", EDITOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0003_conclusion_import"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="conclusion",
            options={
                "ordering": ["meeting", "number"],
                "permissions": [
                    ("import_conclusion", "Can import conclusions from spreadsheets"),
                    ("export_conclusion", "Can export conclusions to spreadsheets"),
                ],
                "verbose_name": "conclusion",
                "verbose_name_plural": "conclusions",
            },
        ),
        migrations.RunPython(give_editors_spreadsheet_permissions, take_spreadsheet_permissions_back),
    ]
