"""Create the service's roles as groups, and give administrators the configuration screens.

Administrators manage users, roles and schedules in the Django admin. They receive no
permission on casework models: they configure, they do not browse children's records.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("officer", "manager", "analyst", "administrator", "school")
ADMIN_MODELS = {
    "ehe": ["user"],
    "auth": ["group"],
    "django_celery_beat": [
        "periodictask",
        "crontabschedule",
        "intervalschedule",
        "solarschedule",
        "clockedschedule",
    ],
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after all migrations; make sure they exist now.
    for label in ADMIN_MODELS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    administrator = Group.objects.get(name="administrator")
    for app_label, models in ADMIN_MODELS.items():
        administrator.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ehe", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
