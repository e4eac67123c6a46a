"""Questions between the council and a school about a return. An officer asks; the school
sees the question on its return and answers it (on the web or through the API); the answer
is kept on the return and waits in triage until an officer has read it. While a question is
open the return waits for the school; once answered it waits for the council again."""

from django.db import transaction
from django.utils import timezone

from ehe.models import User
from ehe.roles import Role
from policy.frontdoor import QUERY_RAISED, RECEIVED, STATUS_FOR_OUTCOME, may_raise_query

from ...models import DeletionReturn, ReturnMessage, School
from ..audit import audit_change
from ..errors import ServiceError, TransitionRefused
from .state import return_move

MAX_LENGTH = 5000


def _text(value: str, *, field: str, missing: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError({field: missing})
    if len(text) > MAX_LENGTH:
        raise ServiceError({field: f"This must be {MAX_LENGTH} characters or fewer"})
    return text


@transaction.atomic
def deletion_return_query_raise(
    *, by: User, deletion_return: DeletionReturn, question: str, channel: str
) -> ReturnMessage:
    """Ask the school a question about its return. The school sees it as a question from the
    council it can answer."""
    if not by.has_role(Role.OFFICER, Role.MANAGER):
        raise ServiceError("Only an officer or a manager can ask a school a question")
    r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
    question = _text(question, field="question", missing="Enter your question for the school")
    if not may_raise_query(r.status):
        raise TransitionRefused(
            "The school is already answering a question about this return."
            if r.status == QUERY_RAISED
            else "The school has been told the outcome of this return; ask it another way."
        )
    return_move(
        r, status=QUERY_RAISED, by=by, channel=channel, message=question, message_kind="query"
    )
    return r.messages.order_by("-sent_at", "-id").first()


@transaction.atomic
def deletion_return_query_answer(
    *,
    by: User | None,
    school: School,
    deletion_return: DeletionReturn,
    answer: str,
    channel: str,
) -> ReturnMessage:
    """The school answers the council's open question on one of its own returns. ``by`` is
    the school user, or None for a school's API key."""
    r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
    if r.school_id != school.pk:
        # Never confirm that another school's return exists.
        raise ServiceError("No return of yours has this reference")
    answer = _text(answer, field="answer", missing="Enter your answer to the council's question")
    if r.status != QUERY_RAISED:
        raise TransitionRefused("There is no question from the council waiting for an answer")
    message = ReturnMessage.objects.create(
        deletion_return=r,
        kind="answer",
        text=answer,
        sent_by=by if getattr(by, "is_authenticated", False) else None,
        channel=channel,
    )
    return_move(r, status=RECEIVED, by=by, channel=channel)
    return message


@transaction.atomic
def deletion_return_answer_note(
    *, by: User, deletion_return: DeletionReturn, channel: str
) -> DeletionReturn:
    """An officer has read the school's answer: it leaves triage, and the school sees its
    return as the outcome stands (still waiting for the council if nothing is decided)."""
    if not by.has_role(Role.OFFICER, Role.MANAGER):
        raise ServiceError("Only an officer or a manager can mark an answer as read")
    r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
    unread = r.messages.filter(kind="answer", noted_at__isnull=True)
    if not unread.exists():
        raise TransitionRefused("There is no answer from the school waiting to be read")
    unread.update(noted_at=timezone.now(), noted_by=by)
    if r.status == RECEIVED and STATUS_FOR_OUTCOME[r.outcome] != RECEIVED:
        return_move(r, status=STATUS_FOR_OUTCOME[r.outcome], by=by, channel=channel)
    elif r.matched_child_id:
        audit_change(
            by=by,
            action="update",
            obj=r,
            child_id=r.matched_child_id,
            channel=channel,
            detail="school's answer read",
        )
    return r
