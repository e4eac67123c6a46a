"""Scheduled casework jobs. Thin wrappers: they take today's date and call services."""

from celery import shared_task
from django.utils import timezone

from .models import DeletionReturn
from .services import deletion_return_process, deletion_returns_sweep
from .services.daily import daily_casework_run


@shared_task(name="cases.daily_casework", soft_time_limit=1800, time_limit=2000)
def daily_casework() -> dict[str, int]:
    """Route any school return whose job was lost, close cases of children past compulsory
    school age, then refresh every due date. One failing return or case is logged by its id
    and tried again the next day; everything else is still done. Idempotent: running it twice
    on one day changes nothing the second time."""
    return daily_casework_run(today=timezone.localdate()).as_dict()


@shared_task(
    name="cases.process_deletion_return",
    bind=True,
    max_retries=5,
    default_retry_delay=60,
    soft_time_limit=120,
    time_limit=180,
)
def process_deletion_return(self, deletion_return_id: int) -> str:
    """Route a school's return once it is safely saved. Idempotent: a routed return is left
    alone, so a retry or a duplicate message does nothing."""
    deletion_return = DeletionReturn.objects.get(pk=deletion_return_id)
    return deletion_return_process(
        deletion_return=deletion_return, today=timezone.localdate(), by=None, channel="system"
    ).outcome


def route_deletion_return(deletion_return_id: int) -> None:
    """Queue a saved return's routing. Every caller of ``deletion_return_submit`` passes this
    as ``enqueue_routing``: the services cannot import this module (it imports them)."""
    process_deletion_return.delay(deletion_return_id)


@shared_task(name="cases.route_waiting_returns", soft_time_limit=300, time_limit=360)
def route_waiting_returns() -> int:
    """Every quarter of an hour: route any school return whose own job was lost, and any held
    until a deletion date that has now come, so nothing a school sends waits unseen for
    long."""
    return deletion_returns_sweep(today=timezone.localdate(), by=None, channel="system")
