"""Invented demo accounts, one per role. Never for production: the password is published."""

from dataclasses import dataclass

from .models import User
from .roles import Role
from .services import user_create, user_set_roles

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published on purpose, demo only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: Role


DEMO_ACCOUNTS = (
    DemoAccount("officer", "Tamsin", "Greaves", Role.OFFICER),
    DemoAccount("manager", "Idris", "Okonjo", Role.MANAGER),
    DemoAccount("analyst", "Lena", "Marsh", Role.ANALYST),
    DemoAccount("admin", "Conor", "Pell", Role.ADMINISTRATOR),
    DemoAccount("school", "Ruth", "Abara", Role.SCHOOL),
)


def demo_users_ensure(
    accounts: tuple[DemoAccount, ...] = DEMO_ACCOUNTS,
) -> list[tuple[DemoAccount, User]]:
    """Create the demo accounts, or reset their password and role if they exist."""
    result = []
    for account in accounts:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                password=DEMO_PASSWORD,
                roles=[account.role],
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@example.invalid",
            )
        else:
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
            user_set_roles(user=user, roles=[account.role])
        result.append((account, user))
    return result
