"""The demo team: the per-role accounts from ``ehe.demo`` plus a few more invented officers
and a second manager, so that caseloads are spread the way a real team's are."""

from ehe.demo import DEMO_PASSWORD, DemoAccount, demo_users_ensure
from ehe.models import User
from ehe.roles import Role
from ehe.services import user_create, user_set_roles

EXTRA_ACCOUNTS = (
    DemoAccount("officer2", "Hollie", "Brennan", Role.OFFICER),
    DemoAccount("officer3", "Samir", "Qureshi", Role.OFFICER),
    DemoAccount("officer4", "Gareth", "Lowe", Role.OFFICER),
    # Works mostly on children missing education.
    DemoAccount("officer5", "Agnieszka", "Mazur", Role.OFFICER),
    DemoAccount("manager2", "Beverley", "Osei", Role.MANAGER),
)


def demo_team_ensure() -> list[tuple[DemoAccount, User]]:
    """Create (or repair) every demo account, the per-role ones first."""
    result = demo_users_ensure()
    for account in EXTRA_ACCOUNTS:
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
