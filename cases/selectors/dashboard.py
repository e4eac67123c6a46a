"""Figures for the officer's home page."""

from datetime import date, timedelta

from django.db.models import Count, Q

from policy.workflow import CLOSED, INITIAL_STATUS

from ..models import Episode

DUE_SOON_DAYS = 7


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
