"""A manager's decision on a removal that needs the council's consent first: a pupil at a
special school where a council arranged the place (regulation 9(1)(f) proviso) and, once
commenced, a child subject to s47 enquiries or a child protection plan (Education Act 1996
s434A). The consent belongs to the council that arranged the place, which may be another
council (DOMAIN §5.4)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ehe.models import User
from ehe.roles import Role
from policy.frontdoor import CONSENT_ARRANGED_BY, CONSENT_REFUSED, RECEIVED, REFERRED

from ...models import ConsentRequest, DeletionReturn
from ..audit import audit_change
from ..errors import ServiceError, TransitionRefused
from .routing import route
from .state import return_move


def refusal_message(reasons: str) -> str:
    return (
        "The council has decided not to give its consent to removing this pupil from your "
        "register, so please keep them on roll.\n\n"
        f"The council's reasons: {reasons}\n\n"
        "If the parent disagrees, they can refer the decision to the Secretary of State for "
        "Education."
    )


def referral_message(council: str) -> str:
    return (
        f"The pupil's place at your school was arranged by {council}, so it is {council}'s "
        "consent you need before removing the pupil from your register, not ours. We have "
        f"passed your return to {council}. Please keep the pupil on roll until {council} "
        "tells you its decision."
    )


@transaction.atomic
def consent_decide(
    *,
    by: User,
    consent: ConsentRequest,
    decision: str,
    reasons: str,
    arranged_by: str = "",
    arranged_by_council: str = "",
    today: date,
    channel: str,
) -> ConsentRequest:
    """A manager records whose consent it is and, when it is ours, gives or refuses it with
    reasons. A grant lets the removal go ahead (the home education case opens, on the
    deletion date); a refusal goes back to the school as a decision with its reasons; a place
    arranged by another council is referred to it and the school is told so."""
    if not by.has_role(Role.MANAGER):
        raise ServiceError("Only a manager can decide on consent")
    consent = ConsentRequest.objects.select_for_update().get(pk=consent.pk)
    r = DeletionReturn.objects.select_for_update().get(pk=consent.deletion_return_id)
    reasons = reasons.strip()
    arranged_by_council = arranged_by_council.strip()
    errors = {}
    if consent.decision != "pending":
        errors[""] = "This consent request has already been decided"
    if consent.kind == "special_school":
        if arranged_by not in CONSENT_ARRANGED_BY:
            errors["arranged_by"] = "Say which council arranged the pupil's place"
        elif arranged_by == "other_council" and not arranged_by_council:
            errors["arranged_by_council"] = "Enter the name of the council that arranged the place"
    referred = consent.kind == "special_school" and arranged_by == "other_council"
    if referred:
        decision = "referred"
    elif decision not in {"granted", "refused"}:
        errors["decision"] = "Choose whether to give or refuse consent"
    if not reasons and not referred:
        errors["reasons"] = "Give the reasons for the decision"
    if errors:
        raise ServiceError(errors)
    if r.status != RECEIVED:
        raise TransitionRefused(
            "The school has been asked a question about this return. Wait for its answer."
        )
    consent.decision = decision
    consent.reasons = reasons
    consent.arranged_by = arranged_by if consent.kind == "special_school" else ""
    consent.arranged_by_council = arranged_by_council if referred else ""
    consent.decided_by = by
    consent.decided_at = timezone.now()
    consent.save()
    if decision == "refused":
        return_move(
            r,
            outcome=CONSENT_REFUSED,
            by=by,
            channel=channel,
            message=refusal_message(reasons),
            message_kind="decision",
        )
    elif referred:
        return_move(
            r,
            outcome=REFERRED,
            by=by,
            channel=channel,
            message=referral_message(arranged_by_council),
            message_kind="notice",
        )
    else:
        route(r, today=today, by=by, channel=channel)
    child_id = consent.child_id or r.matched_child_id
    if child_id:
        audit_change(
            by=by,
            action="update",
            obj=consent,
            child_id=child_id,
            channel=channel,
            detail=f"consent {decision}",
        )
    return consent
