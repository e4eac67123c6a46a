"""Matching a return to a child the council already holds, and the school's details the
officer chooses to keep: each accepted difference is written through the child and person
services as dated history (a new address from the deletion date); each kept one is
recorded on the return, so nobody wonders later. All or nothing."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ehe.models import User
from policy.frontdoor import AWAITING_MATCH, RECEIVED

from ...models import Child, ChildAddress, DeletionReturn, Person
from ...selectors.frontdoor_details import (
    ADDRESS,
    NAME,
    PARENT_ADDRESS,
    PARENT_NAME,
    PARENT_NEW,
    PARENT_PHONE,
    Difference,
    details_differences,
)
from ..audit import audit_change
from ..children import child_address_set, child_update, person_add_to_child, person_update
from ..errors import ServiceError, TransitionRefused
from .records import parent_fields, relationship_code
from .routing import route

ACCEPT, KEEP = "accept", "keep"
STALE = (
    "The child's record or the return changed while you were looking at it. "
    "Check the differences again."
)
CHOOSE = {
    NAME: "Choose whether to use the school's spelling of the name or keep the record's",
    ADDRESS: "Choose whether to use the school's address or keep the record's",
    PARENT_NEW: "Choose whether to add this person to the child's record",
    PARENT_NAME: "Choose whether to use the school's spelling of this person's name",
    PARENT_ADDRESS: "Choose whether to use the school's address for this person",
    PARENT_PHONE: "Choose whether to use the school's telephone number for this person",
}


@transaction.atomic
def deletion_return_match(
    *,
    by: User,
    deletion_return: DeletionReturn,
    child: Child | None,
    decisions: dict[str, str] | None = None,
    today: date,
    channel: str,
) -> DeletionReturn:
    """A person resolves an ambiguous match: ``child`` is the match, or None to create a new
    child from the return. ``decisions`` (difference key → "accept" or "keep") answers every
    difference between the return and the child's record; None leaves them to be reviewed
    from the return's page. Then routing continues."""
    r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
    if r.outcome != AWAITING_MATCH:
        raise ServiceError("This return is not waiting to be matched")
    if r.status != RECEIVED:
        raise TransitionRefused(
            "The school has been asked a question about this return. Wait for its answer."
        )
    if child is not None:
        r.matched_child = child
        r.save(update_fields=["matched_child"])
        audit_change(
            by=by,
            action="update",
            obj=r,
            child_id=child.pk,
            channel=channel,
            detail="return matched",
        )
        if decisions is not None:
            _apply(r, child, decisions=decisions, by=by, channel=channel, today=today)
    return route(r, today=today, by=by, channel=channel)


@transaction.atomic
def deletion_return_details_review(
    *,
    by: User,
    deletion_return: DeletionReturn,
    decisions: dict[str, str],
    today: date,
    channel: str,
) -> DeletionReturn:
    """Review the differences of a return that was matched without a person (same UPN, or
    the same name and date of birth)."""
    r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
    if not r.matched_child_id:
        raise ServiceError("This return is not matched to a child yet")
    if r.details_reviewed_at is not None:
        raise ServiceError("The school's details on this return have already been reviewed")
    _apply(r, r.matched_child, decisions=decisions, by=by, channel=channel, today=today)
    return r


def _apply(
    r: DeletionReturn, child: Child, *, decisions: dict, by: User, channel: str, today: date
) -> None:
    differences = details_differences(r, child)
    if set(decisions) - {d.key for d in differences}:
        raise ServiceError({"": STALE})
    errors = {
        d.key: CHOOSE[d.what] for d in differences if decisions.get(d.key) not in {ACCEPT, KEEP}
    }
    if errors:
        raise ServiceError(errors)
    person_changes: dict[int, tuple[Person, dict]] = {}
    review = []
    for difference in differences:
        accepted = decisions[difference.key] == ACCEPT
        review.append(
            {
                "what": difference.what,
                "label": difference.label,
                "school": difference.school,
                "record": difference.record,
                "decision": "accepted" if accepted else "kept",
            }
        )
        if accepted:
            _accept(r, child, difference, person_changes, by=by, channel=channel, today=today)
    for person, fields in person_changes.values():
        person_update(
            by=by, person=person, expected_version=person.version, channel=channel, **fields
        )
    r.details_review = review
    r.details_reviewed_at = timezone.now()
    r.details_reviewed_by = by
    r.save(update_fields=["details_review", "details_reviewed_at", "details_reviewed_by"])
    audit_change(
        by=by,
        action="update",
        obj=r,
        child_id=child.pk,
        channel=channel,
        detail=f"school details: {sum(1 for x in review if x['decision'] == 'accepted')} "
        f"accepted, {sum(1 for x in review if x['decision'] == 'kept')} kept",
    )


def _accept(r, child, difference: Difference, person_changes, *, by, channel, today) -> None:
    parent = (
        (r.parents or [])[difference.parent_index] if difference.parent_index is not None else {}
    )
    if difference.what == NAME:
        fresh = Child.objects.get(pk=child.pk)
        names = {
            "legal_first_name": r.pupil_first_name.strip(),
            "legal_last_name": r.pupil_last_name.strip(),
        }
        if r.pupil_middle_names.strip():
            names["legal_middle_names"] = r.pupil_middle_names.strip()
        child_update(by=by, child=fresh, expected_version=fresh.version, channel=channel, **names)
    elif difference.what == ADDRESS:
        _new_address(r, child, difference, by=by, channel=channel, today=today)
    elif difference.what == PARENT_NEW:
        person_add_to_child(
            by=by,
            child=child,
            relationship=relationship_code(parent.get("relationship", "")),
            channel=channel,
            **parent_fields(parent),
        )
    else:
        person = difference.person
        _, fields = person_changes.setdefault(person.pk, (person, {}))
        given = parent_fields(parent)
        if difference.what == PARENT_NAME:
            fields |= {"first_name": given["first_name"], "last_name": given["last_name"]}
        elif difference.what == PARENT_ADDRESS:
            fields |= {
                "address_line_1": given["address_line_1"],
                "address_line_2": "",
                "town": "",
                "postcode": given["postcode"],
            }
        elif difference.what == PARENT_PHONE:
            fields["phone"] = given["phone"]


def _new_address(r, child, difference: Difference, *, by, channel, today) -> None:
    # The family lived at the school's address when the pupil left: a new dated address from
    # the deletion date (from today for a family still considering home education).
    current = ChildAddress.objects.filter(child=child, valid_to__isnull=True).first()
    try:
        child_address_set(
            by=by,
            child=child,
            valid_from=r.deletion_date or today,
            line_1=r.address_line_1,
            line_2=r.address_line_2,
            town=r.town,
            postcode=r.postcode,
            in_area=current.in_area if current else True,
            channel=channel,
        )
    except ServiceError as error:
        if "valid_from" not in error.errors:
            raise
        raise ServiceError(
            {
                difference.key: "The record's address starts after the deletion date, so the "
                "school's address cannot be added from that date. Keep the record's address, "
                "or change it on the child's page."
            }
        ) from None
