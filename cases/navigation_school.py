"""School users' entries in the service navigation."""

from ehe.navigation import NavEntry, register_nav_entry
from ehe.roles import Role


def register() -> None:
    """Registered from cases.navigation.register()."""
    register_nav_entry(
        NavEntry("Returns sent", "school-returns", frozenset({Role.SCHOOL}), order=10)
    )
