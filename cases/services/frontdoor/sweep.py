"""The safety net under routing: returns whose queued job was lost, and returns held until
their deletion date, are routed by a job that runs every quarter of an hour."""

import logging
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from ehe.models import User
from policy.frontdoor import NOT_ROUTED, RECEIVED, WAITING_FOR_DELETION_DATE

from ...models import DeletionReturn
from .routing import deletion_return_process

logger = logging.getLogger(__name__)


def returns_due_for_routing(*, today: date, older_than_minutes: int = 10):
    """Returns still waiting for their first routing (their job was lost, say while the
    broker was down) and returns whose deletion date has now come, oldest first.
    ``older_than_minutes`` leaves a fresh return to its own job."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    return (
        DeletionReturn.objects.filter(status=RECEIVED)
        .filter(
            Q(outcome=NOT_ROUTED, submitted_at__lt=cutoff)
            | Q(outcome=WAITING_FOR_DELETION_DATE, deletion_date__lte=today)
        )
        .order_by("submitted_at", "id")
    )


def deletion_returns_sweep(
    *, today: date, by: User | None, channel: str, older_than_minutes: int = 10
) -> int:
    """Route every return still waiting for its first routing (its job was lost, say while
    the broker was down) and every return whose deletion date has now come. Returns how many
    were routed. ``older_than_minutes`` leaves a fresh return to its own job."""
    due = returns_due_for_routing(today=today, older_than_minutes=older_than_minutes)
    routed = 0
    for pk in list(due.values_list("pk", flat=True)):
        try:
            deletion_return_process(
                deletion_return=DeletionReturn(pk=pk), today=today, by=by, channel=channel
            )
        except Exception:
            # One return that cannot be routed must not hold up the others; it stays
            # waiting (each routing is its own transaction) and is tried again next time.
            logger.exception("school return %s could not be routed", pk)
            continue
        routed += 1
    return routed
