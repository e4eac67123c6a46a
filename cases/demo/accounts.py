"""The demo team: the per-role accounts from ``ehe.demo`` plus a few more invented officers
and a second manager, so that caseloads are spread the way a real team's are."""

from ehe.demo import DEMO_ACCOUNTS, DemoAccount, demo_users_ensure
from ehe.models import User
from ehe.roles import Role

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
    return demo_users_ensure(DEMO_ACCOUNTS + EXTRA_ACCOUNTS)
