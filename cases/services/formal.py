"""Formal steps under the Education Act 1996: s437(1) notices, s438 notices of intention, school
attendance orders served and revoked (DOMAIN §6).

``formal_step_record`` is the one writer of a ``FormalStep``. It records the step and, where the
step is what carries the case to its next formal stage (the notice served moves a case from the
panel to "s437 notice served"; a notice of intention or an order moves it on to "School
attendance order"), makes that move in the same transaction, so a case is never at a formal
stage without the step that put it there, and no step is recorded without its move. The letters
that serve notices call it; so does the demo; a manager can record a step served outside the
service.
"""

from datetime import date

from django.db import transaction

from ehe.models import User
from ehe.roles import Role
from policy.guards import FORMAL_STEP_LABELS, formal_step_move, formal_step_refusal

from ..models import Episode, FormalStep
from ..selectors.guards import case_snapshot
from .audit import audit_change
from .due import episode_refresh_due
from .episodes import _event, _lock, episode_transition, raise_refusal
from .errors import ServiceError


@transaction.atomic
def formal_step_record(
    *,
    by: User | None,
    episode: Episode,
    kind: str,
    on: date,
    notes: str = "",
    today: date,
    channel: str,
) -> FormalStep:
    """Record that the formal step ``kind`` was served (or, for a revocation, made) on ``on``."""
    # DOMAIN §1, §6: managers take the formal ladder; the system (an import) acts for them.
    if by is not None and not by.has_role(Role.MANAGER):
        raise ServiceError("Only a manager can record a notice or order served")
    locked = _lock(episode, None)
    if on > today:
        raise ServiceError({"on": "The date must be today or in the past"})
    refusal = formal_step_refusal(case_snapshot(locked), kind, on=on)
    if refusal is not None:
        raise_refusal(refusal)
    if FormalStep.objects.filter(episode=locked, kind=kind, occurred_on=on).exists():
        raise ServiceError({"on": "This step is already recorded on that date"})
    step = FormalStep.objects.create(
        episode=locked, kind=kind, occurred_on=on, recorded_by=by, notes=notes
    )
    _event(
        locked,
        by=by,
        action="formal_step_recorded",
        on=on,
        data={"kind": kind, "formal_step_id": step.pk},
    )
    audit_change(
        by=by, action="create", obj=step, child_id=locked.child_id, channel=channel, detail=kind
    )
    target = formal_step_move(kind, locked.status)
    if target is not None:
        episode_transition(
            by=by,
            episode=locked,
            to=target,
            on=on,
            reason=FORMAL_STEP_LABELS[kind],
            today=today,
            channel=channel,
        )
    else:
        episode_refresh_due(locked, today=today)
    return step
