"""The service's roles. Each is a Django group of the same name, created by a migration.

Least privilege: a role grants access to screens and API endpoints by name (see
``user_has_role``); Django model permissions are used only for the admin screens.
"""

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    MANAGER = "manager"
    ANALYST = "analyst"
    ADMINISTRATOR = "administrator"
    SCHOOL = "school"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.OFFICER: "EHE officer",
    Role.MANAGER: "Manager",
    Role.ANALYST: "Analyst",
    Role.ADMINISTRATOR: "Administrator",
    Role.SCHOOL: "School staff",
}

# When someone holds several roles, they land on the home page of the first one listed here.
ROLE_PRECEDENCE = (Role.ADMINISTRATOR, Role.MANAGER, Role.OFFICER, Role.ANALYST, Role.SCHOOL)

CASEWORK_ROLES = frozenset({Role.OFFICER, Role.MANAGER})
