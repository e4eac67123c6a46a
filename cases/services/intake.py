"""Registering a child the council learned of outside a school's deletion return (a parent or
a partner agency told us): the child, a parent or carer and the EHE episode, all or nothing.

This only orchestrates the existing services; each keeps its own checks. One transaction wraps
them so that a refusal from any of them leaves no half-registered child behind.
"""

from datetime import date

from django.db import transaction

from ehe.models import User
from policy.workflow import EpisodeKind

from ..models import Episode
from .children import child_create, person_add_to_child
from .episodes import episode_open
from .errors import ServiceError

# person_add_to_child names its errors after the person's own fields; on the combined form the
# parent's fields carry a prefix so they cannot be confused with the child's.
PARENT_FIELD_PREFIX = "parent_"


def _check_address(address: dict) -> None:
    errors = {}
    if not str(address.get("line_1", "")).strip():
        errors["line_1"] = "Enter the first line of the child's address"
    if not str(address.get("postcode", "")).strip():
        errors["postcode"] = "Enter the postcode"
    if errors:
        raise ServiceError(errors)


@transaction.atomic
def child_register_with_episode(
    *,
    by: User | None,
    legal_first_name: str,
    legal_last_name: str,
    date_of_birth: date,
    address: dict,
    source: str,
    start_date: date,
    relationship: str,
    parent: dict,
    sex: str = "U",
    legal_middle_names: str = "",
    preferred_name: str = "",
    upn: str = "",
    sen_status: str = "none",
    csc_status: str = "none",
    previous_school_type: str = "",
    primary_reason: str = "",
    parent_lives_with_child: bool = True,
    today: date,
    channel: str,
) -> Episode:
    """Create the child (with address and SEN/CSC status known from ``start_date``), link a
    new parent or carer, and open the EHE episode. Returns the episode.

    ``address`` holds line_1, line_2, town, postcode, in_area; ``parent`` holds Person fields
    (first_name, last_name, phone, email, preferred_contact_method …). Raises ServiceError
    (parent's fields prefixed ``parent_``) and nothing is saved.
    """
    _check_address(address)
    child = child_create(
        by=by,
        legal_first_name=legal_first_name,
        legal_middle_names=legal_middle_names.strip(),
        legal_last_name=legal_last_name,
        preferred_name=preferred_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        upn=upn.strip().upper(),
        known_from=start_date,
        address={
            "line_1": address["line_1"].strip(),
            "line_2": address.get("line_2", "").strip(),
            "town": address.get("town", "").strip(),
            "postcode": address["postcode"].strip().upper(),
            "in_area": address.get("in_area", True),
        },
        sen_status=sen_status,
        csc_status=csc_status,
        channel=channel,
    )
    person_fields = dict(parent)
    if parent_lives_with_child:
        # The family told us one address; letters to the parent go there too.
        person_fields.update(
            address_line_1=address["line_1"].strip(),
            address_line_2=address.get("line_2", "").strip(),
            town=address.get("town", "").strip(),
            postcode=address["postcode"].strip().upper(),
        )
    try:
        person_add_to_child(
            by=by,
            child=child,
            relationship=relationship,
            lives_with=parent_lives_with_child,
            **person_fields,
            channel=channel,
        )
    except ServiceError as error:
        raise ServiceError(
            {
                (key if key in {"", "relationship"} else PARENT_FIELD_PREFIX + key): message
                for key, message in error.errors.items()
            }
        ) from error
    # Opening the episode also raises the manager's alert for a child known to social care
    # (DOMAIN §5.2), inside this same transaction.
    episode = episode_open(
        by=by,
        child=child,
        kind=EpisodeKind.EHE,
        start_date=start_date,
        source=source,
        previous_school_type=previous_school_type,
        primary_reason=primary_reason,
        today=today,
        channel=channel,
    )
    episode.refresh_from_db()  # the due date was written by a separate update
    return episode
