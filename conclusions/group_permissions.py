"""Give a group permissions from a data migration, on a fresh database as on an old one."""

from django.contrib.auth.management import create_permissions


def grant_permissions(apps, group_name: str, codenames: list[str]) -> None:
    """Add the app's permissions `codenames` to the group, creating both if needed."""
    # Permissions are normally created after all migrations have run; a data
    # migration that hands them out must create them itself.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    group.permissions.add(*permissions(apps, codenames))


def revoke_permissions(apps, group_name: str, codenames: list[str]) -> None:
    for group in apps.get_model("auth", "Group").objects.filter(name=group_name):
        group.permissions.remove(*permissions(apps, codenames))


def permissions(apps, codenames: list[str]):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="conclusions", codename__in=codenames)
