"""Scheduled casework jobs. Thin wrappers: they take today's date and call services."""

from celery import shared_task
from django.utils import timezone

from .services import episodes_close_ceased_csa, refresh_due_dates


@shared_task(name="cases.daily_casework", soft_time_limit=1800, time_limit=2000)
def daily_casework() -> dict[str, int]:
    """Close cases of children past compulsory school age, then refresh every due date.
    Idempotent: running it twice on one day changes nothing the second time."""
    today = timezone.localdate()
    closed = episodes_close_ceased_csa(today=today)
    refreshed = refresh_due_dates(today=today)
    return {"closed": closed, "refreshed": refreshed}
