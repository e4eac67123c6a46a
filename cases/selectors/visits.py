"""Reads of booked visits and meetings."""

from collections import defaultdict

from ..models import BookedVisit


def waiting_visits(episode_ids: list[int]) -> dict[int, list[BookedVisit]]:
    """The visits and meetings still waiting to be recorded on each of ``episode_ids``, soonest
    first. One query however many there are (none when there are no cases)."""
    found: dict[int, list[BookedVisit]] = defaultdict(list)
    if not episode_ids:
        return found
    for visit in BookedVisit.objects.filter(episode_id__in=episode_ids, state="booked"):
        found[visit.episode_id].append(visit)
    return found
