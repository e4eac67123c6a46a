"""Figures for the officer's home page."""

from datetime import date, timedelta

from django.db.models import Count, Q

from policy.workflow import CLOSED, INITIAL_STATUS

from ..models import Episode
from .caseload import CaseloadFilters, caseload

DUE_SOON_DAYS = 7
# How many of the officer's cases the home page lists by next date.
NEXT_DUE_SHOWN = 10


def officer_summary(user, *, today: date) -> dict[str, int]:
    """What needs the officer's attention, in one query. Each figure counts exactly the rows
    the caseload shows for the matching filter, so a card and the list it links to agree."""
    mine = Q(allocated_officer=user)
    counts = Episode.objects.exclude(status=CLOSED).aggregate(
        due_soon=Count(
            "id",
            filter=mine
            & Q(next_due_on__gte=today, next_due_on__lte=today + timedelta(days=DUE_SOON_DAYS)),
        ),
        overdue=Count("id", filter=mine & Q(next_due_on__lt=today)),
        new=Count("id", filter=mine & Q(status__in=set(INITIAL_STATUS.values()))),
        unallocated=Count("id", filter=Q(allocated_officer__isnull=True)),
    )
    return {key: value or 0 for key, value in counts.items()}


def officer_next_due(user, *, today: date, limit: int = NEXT_DUE_SHOWN) -> list[Episode]:
    """The officer's open cases whose next date comes first (overdue ones at the top), with
    the child joined in: one query."""
    filters = CaseloadFilters(officer_id=user.pk, sort="due")
    return list(caseload(filters, today=today).filter(next_due_on__isnull=False)[:limit])
