"""Casework's entries in the service navigation, registered from ``CasesConfig.ready()``.

``ehe`` owns the navigation but must not import ``cases``; this module plugs in instead.
"""

from django.utils import timezone

from ehe.navigation import NavEntry, register_counts, register_nav_entry
from ehe.roles import CASEWORK_ROLES, Role

from . import navigation_school
from .selectors import nav_counts
from .selectors.frontdoor import triage_count

CASELOAD_COUNT = "cases.mine"
UNALLOCATED_COUNT = "cases.unallocated"
TRIAGE_COUNT = "cases.triage"


def casework_counts(user) -> dict[str, int]:
    """The navigation's figures, from one aggregate query; nothing for other roles."""
    if not user.has_role(*CASEWORK_ROLES):
        return {}
    counts = nav_counts(user, today=timezone.localdate())
    return {
        CASELOAD_COUNT: counts["mine"],
        "cases.mine_overdue": counts["mine_overdue"],
        UNALLOCATED_COUNT: counts["unallocated"],
    }


def triage_counts(user) -> dict[str, int]:
    """Items waiting in triage, in one query (a count over the queue's UNION)."""
    if not user.has_role(*CASEWORK_ROLES):
        return {}
    return {TRIAGE_COUNT: triage_count()}


def register() -> None:
    navigation_school.register()
    register_counts(casework_counts)
    register_counts(triage_counts)
    register_nav_entry(
        NavEntry(
            "Caseload",
            "caseload",
            CASEWORK_ROLES,
            count_key=CASELOAD_COUNT,
            count_label="open cases allocated to you",
            order=10,
        )
    )
    register_nav_entry(
        NavEntry(
            "Triage",
            "triage",
            CASEWORK_ROLES,
            count_key=TRIAGE_COUNT,
            count_label="items waiting in triage",
            order=15,
        )
    )
    register_nav_entry(NavEntry("Find a child", "child-search", CASEWORK_ROLES, order=20))
    register_nav_entry(
        NavEntry(
            "Team",
            "team",
            frozenset({Role.MANAGER}),
            count_key=UNALLOCATED_COUNT,
            count_label="cases waiting to be allocated",
            order=30,
        )
    )
