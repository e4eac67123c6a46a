from functools import cached_property

from django.contrib.auth.models import AbstractUser

from .roles import ROLE_PRECEDENCE, Role


class User(AbstractUser):
    """A member of staff or a school user. Roles are group memberships (see ehe.roles)."""

    class Meta:
        db_table = "ehe_user"

    @cached_property
    def roles(self) -> frozenset[Role]:
        if not self.is_active:
            return frozenset()
        names = {group.name for group in self.groups.all()}
        return frozenset(role for role in Role if role.value in names)

    @property
    def primary_role(self) -> Role | None:
        return next((role for role in ROLE_PRECEDENCE if role in self.roles), None)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))
