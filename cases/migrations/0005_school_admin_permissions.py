"""Administrators link school users to their schools and make or revoke schools' API keys.
These are configuration, not children's records (DOMAIN §10). Keys are revoked, never deleted
(returns sent with a key point at it); a link can be removed."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "schoolmembership": ("view", "add", "change", "delete"),
    "schoolapitoken": ("view", "add", "change"),
}


def _codenames():
    return [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator, _ = Group.objects.get_or_create(name="administrator")
    administrator.permissions.add(
        *Permission.objects.filter(content_type__app_label="cases", codename__in=_codenames())
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name="administrator").first()
    if administrator:
        administrator.permissions.remove(
            *Permission.objects.filter(content_type__app_label="cases", codename__in=_codenames())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_front_door"),
        ("ehe", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
