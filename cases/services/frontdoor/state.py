"""The one function that writes a return's status and outcome. The moves it allows are
declared in ``policy.frontdoor``; a move the table does not allow raises ``TransitionRefused``
and changes nothing."""

from django.utils import timezone

from ehe.models import User
from policy.frontdoor import STATUS_FOR_OUTCOME, check_return_move

from ...models import DeletionReturn, Episode, ReturnMessage
from ..audit import audit_change


def return_move(
    r: DeletionReturn,
    *,
    by: User | None,
    channel: str,
    outcome: str | None = None,
    status: str | None = None,
    episode: Episode | None = None,
    message: str = "",
    message_kind: str = "",
) -> DeletionReturn:
    """Move ``r`` to ``outcome`` (unchanged when None) and ``status`` (when None, what the
    school sees for that outcome), with an optional message to the school. ``r`` must be
    locked by the caller's transaction."""
    to_outcome = r.outcome if outcome is None else outcome
    to_status = status or STATUS_FOR_OUTCOME[to_outcome]
    check_return_move(
        status=r.status, outcome=r.outcome, to_status=to_status, to_outcome=to_outcome
    )
    changed_outcome = to_outcome != r.outcome
    r.outcome, r.status = to_outcome, to_status
    if episode is not None:
        r.episode = episode
    if message:
        r.query_message = message
        ReturnMessage.objects.create(
            deletion_return=r,
            kind=message_kind,
            text=message,
            sent_by=by if getattr(by, "is_authenticated", False) else None,
            channel=channel,
        )
    if changed_outcome and to_status != "received":
        r.processed_at = timezone.now()
        r.processed_by = by if getattr(by, "is_authenticated", False) else None
    r.save()
    if r.matched_child_id:
        audit_change(
            by=by,
            action="update",
            obj=r,
            child_id=r.matched_child_id,
            channel=channel,
            detail=f"school return {to_outcome or 'received'}, {to_status}",
        )
    return r
