"""Spreadsheet import and export permissions, given to the Editors group with the import log."""

from django.db import migrations

from conclusions.group_permissions import grant_permissions, revoke_permissions

EDITOR_PERMISSIONS = [
    *(f"{action}_{model}" for model in ("conclusion", "meeting", "theme") for action in ("import", "export")),
    "view_spreadsheetimport",
]


def give_editors_spreadsheet_permissions(apps, schema_editor):
    grant_permissions(apps, "Editors", EDITOR_PERMISSIONS)


def take_spreadsheet_permissions_back(apps, schema_editor):
    revoke_permissions(apps, "Editors", EDITOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0003_spreadsheet_import"),
    ]

    operations = [
        migrations.RunPython(give_editors_spreadsheet_permissions, take_spreadsheet_permissions_back),
    ]
