"""Checks every service that records something on a case makes first."""

from datetime import date

from ..models import Episode
from .errors import ServiceError, TransitionRefused


def require_open(episode: Episode) -> None:
    if not episode.is_open:
        raise TransitionRefused("This case is closed; nothing more can be recorded on it.")


def case_date_errors(name: str, value: date, *, episode: Episode, today: date) -> dict[str, str]:
    """Why ``value`` cannot be the date of something recorded on ``episode``, if it cannot:
    to be reported with a service's other errors, all at once."""
    if value > today:
        return {name: "The date must be today or in the past"}
    if value < episode.start_date:
        return {name: "The date must be on or after the date the case started"}
    return {}


def check_case_date(name: str, value: date, *, episode: Episode, today: date) -> None:
    if errors := case_date_errors(name, value, episode=episode, today=today):
        raise ServiceError(errors)
