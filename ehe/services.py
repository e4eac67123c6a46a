"""Writes to accounts and roles. Every write goes through one function here."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role]) -> User:
    """Replace the user's roles. Administrators get the Django admin (is_staff); nobody else."""
    wanted = {Role(role) for role in roles}
    role_groups = Group.objects.filter(name__in=[role.value for role in Role])
    user.groups.remove(*role_groups)
    # Roles are defined in code; their groups come from a migration, but a group removed by
    # mistake (or by a test database flush) is recreated rather than silently not granted.
    user.groups.add(*(Group.objects.get_or_create(name=role.value)[0] for role in wanted))
    user.is_staff = Role.ADMINISTRATOR in wanted or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("roles", None)
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: Iterable[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user_set_roles(user=user, roles=roles)
