"""The "Editors" group: exactly what the organizing secretariat needs to keep the texts.

Editors add and change meetings (a published meeting is withdrawn by setting
it back to draft, never deleted), and add, change and delete conclusions and
themes. Every change is kept in the history, where it can be reverted.
"""

from django.db import migrations

from conclusions.group_permissions import grant_permissions

EDITORS = "Editors"
EDITOR_PERMISSIONS = {
    "meeting": ["view", "add", "change"],
    "conclusion": ["view", "add", "change", "delete"],
    "theme": ["view", "add", "change", "delete"],
}


def create_editors_group(apps, schema_editor):
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    grant_permissions(apps, EDITORS, codenames)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
