"""The daily casework run, one item at a time: a school return or a case that fails is
logged by its id and left as it was, so the next run tries it again, while everything else
is still done. Each item runs in its own savepoint, so a failure leaves nothing half-written.

The per-item work is the ordinary services' (``deletion_return_process``,
``episode_close_ceased_csa`` and the due-date rules); only the loop around them is here.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction

from policy.workflow import EpisodeKind

from ..models import DeletionReturn, Episode
from .due import episodes_past_compulsory_school_age, refresh_due_dates_report
from .episodes import episode_close_ceased_csa
from .frontdoor import deletion_return_process
from .frontdoor.sweep import returns_due_for_routing

logger = logging.getLogger(__name__)


@dataclass
class DailyResult:
    returns_routed: int = 0
    closed: int = 0
    refreshed: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "returns_routed": self.returns_routed,
            "closed": self.closed,
            "refreshed": self.refreshed,
            "failed": self.failed,
        }


def _failed(what: str, pk, error: Exception) -> None:
    # Ids and the kind of error only: an error's message can quote a child's details.
    logger.error(
        "Daily casework: %s %s failed (%s); it will be tried again on the next run",
        what,
        pk,
        type(error).__name__,
    )


def _each(what: str, ids: list[int], work: Callable[[int], None], result: DailyResult) -> int:
    done = 0
    for pk in ids:
        try:
            with transaction.atomic():
                work(pk)
        except SoftTimeLimitExceeded:
            raise  # the job as a whole is out of time: stop, not skip
        except Exception as error:  # one bad item must not stop the run
            _failed(what, pk, error)
            result.failed += 1
        else:
            done += 1
    return done


def _route_return(pk: int, today: date) -> None:
    deletion_return_process(
        deletion_return=DeletionReturn.objects.get(pk=pk), today=today, by=None, channel="system"
    )


def _close_ceased_csa(pk: int, today: date) -> None:
    episode = Episode.objects.select_related("child").get(pk=pk)
    if episode.is_open:
        episode_close_ceased_csa(episode=episode, today=today)


def daily_casework_run(*, today: date) -> DailyResult:
    """Route any school return whose job was lost, close cases of children past compulsory
    school age, then refresh every due date, isolating each return and each case."""
    result = DailyResult()
    waiting = list(returns_due_for_routing(today=today).values_list("pk", flat=True))
    result.returns_routed = _each(
        "school return", waiting, lambda pk: _route_return(pk, today), result
    )
    ceased = list(
        episodes_past_compulsory_school_age(today=today)
        .filter(kind__in=[EpisodeKind.EHE, EpisodeKind.CME])
        .order_by("id")
        .values_list("pk", flat=True)
    )
    result.closed = _each("case", ceased, lambda pk: _close_ceased_csa(pk, today), result)
    refresh = refresh_due_dates_report(today=today)
    for pk, error in refresh.failed:
        _failed("case", pk, error)
    result.refreshed = refresh.changed
    result.failed += len(refresh.failed)
    return result
