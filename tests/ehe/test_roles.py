import pytest
from django.contrib.auth.models import Group, Permission

from ehe.roles import ROLE_PRECEDENCE, Role
from ehe.services import user_set_roles

pytestmark = pytest.mark.django_db


def test_migration_creates_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_administrators_configure_users_and_schedules_but_get_no_casework_permissions():
    perms = set(
        Permission.objects.filter(group__name=Role.ADMINISTRATOR).values_list(
            "content_type__app_label", "codename"
        )
    )
    assert ("ehe", "change_user") in perms
    assert ("auth", "change_group") in perms
    assert ("django_celery_beat", "add_periodictask") in perms
    casework = {codename for app, codename in perms if app == "cases"}
    # Settings and the schools list only: no permission on any child's record.
    assert casework == {
        "view_caseworksettings",
        "change_caseworksettings",
        "view_school",
        "add_school",
        "change_school",
        # Linking school staff to their school and issuing the school's API keys.
        "view_schoolmembership",
        "add_schoolmembership",
        "change_schoolmembership",
        "delete_schoolmembership",
        "view_schoolapitoken",
        "add_schoolapitoken",
        "change_schoolapitoken",
    }
    assert not {app for app, _ in perms} & {"letters"}


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_other_roles_have_no_model_permissions(role):
    assert not Permission.objects.filter(group__name=role).exists()


def test_only_administrators_reach_the_django_admin(make_user):
    admin = make_user(Role.ADMINISTRATOR)
    officer = make_user(Role.OFFICER)
    assert admin.is_staff
    assert not officer.is_staff


def test_changing_roles_replaces_them_and_withdraws_admin_access(make_user):
    user = make_user(Role.ADMINISTRATOR, Role.OFFICER)
    assert user.roles == {Role.ADMINISTRATOR, Role.OFFICER}
    user_set_roles(user=user, roles=[Role.ANALYST])
    user.refresh_from_db()
    assert user.roles == {Role.ANALYST}
    assert not user.is_staff


def test_primary_role_follows_precedence(make_user):
    user = make_user(Role.OFFICER, Role.MANAGER)
    assert user.primary_role == Role.MANAGER
    assert ROLE_PRECEDENCE.index(Role.MANAGER) < ROLE_PRECEDENCE.index(Role.OFFICER)


def test_inactive_users_hold_no_roles(make_user):
    user = make_user(Role.MANAGER)
    user.is_active = False
    user.save()
    user.refresh_from_db()
    assert user.roles == frozenset()
    assert not user.has_role(Role.MANAGER)
