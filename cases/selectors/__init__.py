"""Every non-trivial read of casework. Lists run a fixed number of queries however long."""

from .caseload import CaseloadFilters, caseload, nav_counts, open_alerts, team_workload
from .children import (
    ChildPage,
    child_page,
    child_search,
    children_visible_to,
    status_on,
)
from .timeline import TIMELINE_KINDS, TimelineItem, TimelinePage, timeline_page

__all__ = [
    "CaseloadFilters",
    "ChildPage",
    "TIMELINE_KINDS",
    "TimelineItem",
    "TimelinePage",
    "caseload",
    "child_page",
    "child_search",
    "children_visible_to",
    "nav_counts",
    "open_alerts",
    "status_on",
    "team_workload",
    "timeline_page",
]
