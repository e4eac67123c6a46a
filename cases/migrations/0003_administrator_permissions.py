"""Administrators may change the casework settings and the schools list; nothing else in
casework (DOMAIN §10)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "caseworksettings": ("view", "change"),
    "school": ("view", "add", "change"),
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator, _ = Group.objects.get_or_create(name="administrator")
    for model, actions in GRANTS.items():
        administrator.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="cases",
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    administrator = Group.objects.filter(name="administrator").first()
    if administrator:
        administrator.permissions.remove(
            *Permission.objects.filter(content_type__app_label="cases")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_defaults"),
        ("ehe", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
