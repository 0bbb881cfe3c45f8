"""The "Editors" group: exactly what the organizing secretariat needs to keep the texts.

Editors add and change meetings (a published meeting is withdrawn by setting
it back to draft, never deleted), and add, change and delete conclusions and
themes. Every change is kept in the history, where it can be reverted.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
EDITOR_PERMISSIONS = {
    "meeting": ["view", "add", "change"],
    "conclusion": ["view", "add", "change", "delete"],
    "theme": ["view", "add", "change", "delete"],
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create
    # them now so the group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS)
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(content_type__app_label="conclusions", codename__in=codenames)
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
