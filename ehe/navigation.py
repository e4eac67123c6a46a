"""The service navigation for each role. Later features add their entries here."""

from dataclasses import dataclass

from django.urls import reverse

from .roles import Role


@dataclass(frozen=True)
class NavEntry:
    text: str
    url_name: str
    roles: frozenset[Role]


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("Home", "home", frozenset(Role)),
    NavEntry("Configuration", "admin:index", frozenset({Role.ADMINISTRATOR})),
)


def nav_items_for(user, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for entry in NAVIGATION:
        if not user.has_role(*entry.roles):
            continue
        href = reverse(entry.url_name)
        if entry.url_name == "home":
            active = current_path == href or current_path == role_home_path(user)
        else:
            active = current_path.startswith(href)
        items.append({"text": entry.text, "href": href, "active": active, "count": None})
    return items


ROLE_HOME_URL_NAMES = {
    Role.OFFICER: "officer-home",
    Role.MANAGER: "manager-home",
    Role.ANALYST: "analyst-home",
    Role.ADMINISTRATOR: "administrator-home",
    Role.SCHOOL: "school-home",
}


def role_home_path(user) -> str | None:
    role = user.primary_role
    return reverse(ROLE_HOME_URL_NAMES[role]) if role else None
