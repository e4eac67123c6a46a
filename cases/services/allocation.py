"""Allocation from a list screen, where the manager may be looking at an out-of-date row."""

from datetime import date

from django.db import transaction

from ehe.models import User

from ..models import Episode
from .episodes import episode_allocate
from .errors import StaleEdit


@transaction.atomic
def episode_allocate_checked(
    *, by: User, episode: Episode, officer, expected_version: int, today: date, channel: str
) -> Episode:
    """``episode_allocate``, refused with ``StaleEdit`` when the case changed after the
    manager loaded it (for example a colleague allocated it first). The row stays locked
    from the check to the write, so two managers cannot both succeed."""
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if locked.version != expected_version:
        raise StaleEdit("case")
    return episode_allocate(by=by, episode=locked, officer=officer, today=today, channel=channel)
