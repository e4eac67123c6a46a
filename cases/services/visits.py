"""Visits and meetings booked ahead on a case: booking one, and recording on the day (or
after) whether it was held. A booking is the case's next date while it waits
(``policy.due.booked_visit_item``)."""

from datetime import date, time

from django.db import transaction

from ehe.models import User
from policy.contacts import VISIT_HELD_OUTCOMES, VISIT_KINDS, VISIT_NOT_HELD_REASONS
from policy.vocab import CONTACT_OUTCOMES

from ..models import BookedVisit, Episode
from .audit import audit_change
from .case_guards import require_open
from .contacts import contact_record
from .due import episode_refresh_due
from .episodes import _event
from .errors import ServiceError, TransitionRefused

NOTES_MAX = 2000


def _check_booking(kind: str, booked_on: date | None, today: date) -> dict[str, str]:
    errors = {}
    if kind not in VISIT_KINDS:
        errors["kind"] = "Choose what is being booked"
    if booked_on is None:
        errors["booked_on"] = "Enter the date of the visit or meeting"
    elif booked_on < today:
        errors["booked_on"] = "The date must be today or in the future"
    return errors


@transaction.atomic
def visit_book(
    *,
    by: User,
    episode: Episode,
    kind: str,
    booked_on: date,
    booked_time: time | None = None,
    notes: str = "",
    today: date,
    channel: str,
) -> BookedVisit:
    """Book a visit or meeting on an open case, for today or a later day."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    require_open(episode)
    errors = _check_booking(kind, booked_on, today)
    if len(notes) > NOTES_MAX:
        errors["notes"] = f"Notes must be {NOTES_MAX} characters or fewer"
    if errors:
        raise ServiceError(errors)
    visit = BookedVisit.objects.create(
        episode=episode,
        kind=kind,
        booked_on=booked_on,
        booked_time=booked_time,
        notes=notes.strip(),
        booked_by=by,
    )
    _event(
        episode,
        by=by,
        action="visit_booked",
        on=today,
        data={"visit_id": visit.pk, "kind": kind, "booked_on": booked_on.isoformat()},
    )
    audit_change(by=by, action="create", obj=visit, child_id=episode.child_id, channel=channel)
    episode_refresh_due(episode, today=today)
    return visit


def _lock_waiting(visit: BookedVisit, today: date) -> BookedVisit:
    locked = BookedVisit.objects.select_for_update().select_related("episode").get(pk=visit.pk)
    require_open(locked.episode)
    if not locked.is_waiting:
        raise TransitionRefused("What happened at this visit or meeting is already recorded.")
    if locked.booked_on > today:
        raise TransitionRefused(
            "This visit or meeting is booked for a later day. Record what happened on the day "
            "or after it."
        )
    return locked


def _finish(locked: BookedVisit, *, by, state: str, today: date, channel: str, **fields) -> None:
    locked.state = state
    locked.outcome_recorded_on = today
    locked.outcome_recorded_by = by
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    _event(
        locked.episode,
        by=by,
        action=f"visit_{state}",
        on=locked.booked_on,
        reason=locked.outcome_notes,
        data={"visit_id": locked.pk, "kind": locked.kind}
        | ({"reason": locked.not_held_reason} if locked.not_held_reason else {}),
    )
    audit_change(
        by=by,
        action="update",
        obj=locked,
        child_id=locked.episode.child_id,
        channel=channel,
        detail=f"visit {state.replace('_', ' ')}",
    )


@transaction.atomic
def visit_record_held(
    *,
    by: User,
    visit: BookedVisit,
    outcome: str,
    present: str = "",
    child_seen: bool = False,
    child_views: str = "",
    parent_consented_to_views: bool = False,
    notes: str = "",
    today: date,
    channel: str,
) -> BookedVisit:
    """The visit or meeting took place: record it as a contact on its day, through the one
    contact service, so every rule about contacts (and the CME enquiry it may be) applies."""
    locked = _lock_waiting(visit, today)
    if outcome not in VISIT_HELD_OUTCOMES:
        allowed = " or ".join(f"'{CONTACT_OUTCOMES.label(o)}'" for o in sorted(VISIT_HELD_OUTCOMES))
        raise ServiceError({"outcome": f"Choose the outcome of the visit: {allowed}"})
    contact = contact_record(
        by=by,
        episode=locked.episode,
        contact_type=locked.kind,
        occurred_on=locked.booked_on,
        outcome=outcome,
        present=present,
        child_seen=child_seen,
        child_views=child_views,
        parent_consented_to_views=parent_consented_to_views,
        notes=notes,
        today=today,
        channel=channel,
    )
    _finish(locked, by=by, state="held", today=today, channel=channel, contact=contact)
    episode_refresh_due(locked.episode, today=today)
    return locked


@transaction.atomic
def visit_record_not_held(
    *,
    by: User,
    visit: BookedVisit,
    reason: str,
    notes: str,
    rebook_on: date | None = None,
    rebook_time: time | None = None,
    today: date,
    channel: str,
) -> BookedVisit:
    """The visit or meeting did not take place. A family that declines a home visit has made
    a valid choice (DOMAIN §5.2): it is recorded as a contact with the outcome "home visit
    declined; other options offered", exactly as a declined visit recorded any other way,
    and is never on its own a sign of non-engagement. A rearranged booking may be booked
    again for its new day in the same step."""
    locked = _lock_waiting(visit, today)
    errors = {}
    if reason not in VISIT_NOT_HELD_REASONS:
        errors["reason"] = "Choose why the visit or meeting did not take place"
    if not notes.strip():
        errors["notes"] = "Say what happened"
    if rebook_on is not None and reason != "rearranged":
        errors["rebook_on"] = "Only a rearranged visit or meeting can be booked again here"
    elif rebook_on is not None and rebook_on < today:
        errors["rebook_on"] = "The new date must be today or in the future"
    if rebook_time is not None and rebook_on is None:
        errors["rebook_on"] = "Enter the new date"
    if errors:
        raise ServiceError(errors)
    contact = None
    if reason == "declined" and locked.kind == "home_visit":
        contact = contact_record(
            by=by,
            episode=locked.episode,
            contact_type="home_visit",
            occurred_on=locked.booked_on,
            outcome="visit_declined",
            notes=notes,
            today=today,
            channel=channel,
        )
    replacement = None
    if rebook_on is not None:
        replacement = visit_book(
            by=by,
            episode=locked.episode,
            kind=locked.kind,
            booked_on=rebook_on,
            booked_time=rebook_time,
            notes=locked.notes,
            today=today,
            channel=channel,
        )
    _finish(
        locked,
        by=by,
        state="not_held",
        today=today,
        channel=channel,
        not_held_reason=reason,
        outcome_notes=notes.strip(),
        contact=contact,
        rearranged_to=replacement,
    )
    episode_refresh_due(locked.episode, today=today)
    return locked
