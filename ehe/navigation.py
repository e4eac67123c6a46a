"""The service navigation for each role.

``ehe`` is the project shell and must not import the apps built on it, so apps contribute
their own entries (and the figures shown beside them) from their ``AppConfig.ready()`` through
``register_nav_entry`` and ``register_counts``. The home entry is always first.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.urls import reverse

from .roles import Role

# An app's counts: called at most once per page, only when a visible entry shows a count.
CountsProvider = Callable[[object], Mapping[str, int]]


@dataclass(frozen=True)
class NavEntry:
    text: str
    url_name: str
    roles: frozenset[Role]
    # Key in the merged counts whose value is shown beside the entry (hidden when zero).
    count_key: str | None = None
    # What the figure means, for assistive technology ("3 open cases allocated to you").
    count_label: str = ""
    # Entries sort by order, then by when they were registered; home is 0, configuration last.
    order: int = 100


HOME = NavEntry("Home", "home", frozenset(Role), order=0)
CONFIGURATION = NavEntry(
    "Configuration", "admin:index", frozenset({Role.ADMINISTRATOR}), order=1000
)

_entries: dict[str, NavEntry] = {}
_count_providers: list[CountsProvider] = []


def register_nav_entry(entry: NavEntry) -> None:
    """Add an app's entry. Registering the same URL name again replaces the entry, so a
    second ``ready()`` (as in some test runners) does not duplicate it."""
    if entry.url_name in {HOME.url_name, CONFIGURATION.url_name}:
        raise ValueError(f"{entry.url_name} is owned by the project navigation")
    _entries[entry.url_name] = entry


def register_counts(provider: CountsProvider) -> None:
    """Add a function ``provider(user) -> {key: number}`` whose keys entries can show.
    Keys must be unique across apps; prefix them with the app's name."""
    if provider not in _count_providers:
        _count_providers.append(provider)


def navigation() -> list[NavEntry]:
    registered = sorted(enumerate(_entries.values()), key=lambda pair: (pair[1].order, pair[0]))
    return [HOME, *(entry for _, entry in registered), CONFIGURATION]


def _counts_for(user) -> dict[str, int]:
    counts: dict[str, int] = {}
    for provider in _count_providers:
        counts.update(provider(user))
    return counts


def nav_items_for(user, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    entries = [entry for entry in navigation() if user.has_role(*entry.roles)]
    counts = _counts_for(user) if any(entry.count_key for entry in entries) else {}
    items = []
    for entry in entries:
        href = reverse(entry.url_name)
        if entry.url_name == HOME.url_name:
            active = current_path == href or current_path == role_home_path(user)
        else:
            active = current_path.startswith(href)
        # A zero is left out: a badge should draw the eye only when there is something there.
        count = counts.get(entry.count_key) if entry.count_key else None
        items.append(
            {
                "text": entry.text,
                "href": href,
                "active": active,
                "count": count or None,
                "count_label": entry.count_label if count else "",
            }
        )
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
