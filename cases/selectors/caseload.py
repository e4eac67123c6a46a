from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from ehe.models import User
from ehe.roles import Role
from policy.workflow import CLOSED

from ..models import Alert, Episode

SORTS = {
    "due": ("next_due_on", "id"),
    "-due": ("-next_due_on", "-id"),
    "name": ("child__legal_last_name", "child__legal_first_name", "id"),
    "-name": ("-child__legal_last_name", "-child__legal_first_name", "-id"),
    "start": ("start_date", "id"),
    "-start": ("-start_date", "-id"),
    "status": ("status", "next_due_on", "id"),
    "-status": ("-status", "next_due_on", "id"),
}


@dataclass(frozen=True)
class CaseloadFilters:
    """What the caseload screen and the episodes API can filter on."""

    officer_id: int | None = None  # None with mine=False means the whole team
    kind: str | None = None
    status: str | None = None
    due_within_days: int | None = None
    overdue: bool = False
    new: bool = False
    unallocated: bool = False
    include_closed: bool = False
    sort: str = "due"


def caseload(filters: CaseloadFilters, *, today: date) -> QuerySet[Episode]:
    """Episodes with their child and officer joined in: one query however many rows."""
    queryset = Episode.objects.select_related("child", "allocated_officer")
    if not filters.include_closed:
        queryset = queryset.exclude(status=CLOSED)
    if filters.officer_id is not None:
        queryset = queryset.filter(allocated_officer_id=filters.officer_id)
    if filters.unallocated:
        queryset = queryset.filter(allocated_officer__isnull=True)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.new:
        queryset = queryset.filter(status__in=["new", "referred", "open"])
    if filters.overdue:
        queryset = queryset.filter(next_due_on__lt=today)
    if filters.due_within_days is not None:
        queryset = queryset.filter(
            next_due_on__gte=today, next_due_on__lte=today + timedelta(days=filters.due_within_days)
        )
    return queryset.order_by(*SORTS.get(filters.sort, SORTS["due"]))


def nav_counts(user, *, today: date) -> dict[str, int]:
    """Counts for the service navigation, in one query."""
    mine = Q(allocated_officer=user)
    counts = Episode.objects.exclude(status=CLOSED).aggregate(
        mine=Count("id", filter=mine),
        mine_overdue=Count("id", filter=mine & Q(next_due_on__lt=today)),
        unallocated=Count("id", filter=Q(allocated_officer__isnull=True)),
    )
    return {key: value or 0 for key, value in counts.items()}


def team_workload(*, today: date) -> list[dict]:
    """Open cases, overdue and new per officer, in two queries."""
    officers = list(
        User.objects.filter(
            is_active=True, groups__name__in=[Role.OFFICER.value, Role.MANAGER.value]
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    open_episodes = Episode.objects.exclude(status=CLOSED)
    rows = {
        row["allocated_officer"]: row
        for row in open_episodes.values("allocated_officer").annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(next_due_on__lt=today)),
            new=Count("id", filter=Q(status__in=["new", "referred", "open"])),
        )
    }
    empty = {"open": 0, "overdue": 0, "new": 0}
    result = [
        {"officer": officer, **{k: rows.get(officer.pk, empty)[k] for k in empty}}
        for officer in officers
    ]
    result.append({"officer": None, **{k: rows.get(None, empty)[k] for k in empty}})
    return result


def open_alerts():
    """Unacknowledged alerts for managers, oldest first, with the child joined in."""
    return (
        Alert.objects.filter(acknowledged_at__isnull=True)
        .select_related("child", "episode")
        .order_by("created_at", "id")
    )
