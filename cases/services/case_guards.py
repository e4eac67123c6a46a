"""Checks every service that records something on a case makes first."""

from datetime import date

from ..models import Episode
from .errors import ServiceError, TransitionRefused


def require_open(episode: Episode) -> None:
    if not episode.is_open:
        raise TransitionRefused("This case is closed; nothing more can be recorded on it.")


def check_case_date(name: str, value: date, *, episode: Episode, today: date) -> None:
    if value > today:
        raise ServiceError({name: "The date must be today or in the past"})
    if value < episode.start_date:
        raise ServiceError({name: "The date must be on or after the date the case started"})
