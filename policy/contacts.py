"""Which contacts mean what on which kind of case, and the visits and meetings an officer can
book. Pure: no database."""

from .vocab import CONTACT_TYPES, Vocabulary

# Contact types that belong to home education only: they describe the council's relationship
# with a home-educating family (the first and annual contacts of DOMAIN §5.2, a parent's
# written report on the education, an EHCP annual review standing as the annual contact). On a
# case of a child missing education they would say something untrue, so they are not offered
# there and the contact service refuses them.
EHE_ONLY_CONTACT_TYPES = frozenset(
    {"initial_contact", "annual_contact", "written_report", "ehcp_annual_review"}
)

# A contact on a CME case that is itself one of the reasonable enquiries (DOMAIN §5.3) ticks
# that enquiry off. A letter on a CME case goes to the last address the council knows.
CONTACT_TYPE_CME_ENQUIRY = {
    "home_visit": "home_visit",
    "letter": "letter_last_known_address",
}


def contact_types_for(kind: str) -> list[tuple[str, str]]:
    """The contact types an officer may record on a case of ``kind``."""
    if kind == "cme":
        return [c for c in CONTACT_TYPES.choices if c[0] not in EHE_ONLY_CONTACT_TYPES]
    return list(CONTACT_TYPES.choices)


# Visits and meetings an officer can book ahead. Each is also a contact type, recorded as a
# contact when it is held. A home visit is one choice among these: a family may decline it
# (DOMAIN §5.2), and may take any of the others instead.
VISIT_KINDS = Vocabulary(
    "VISIT_KINDS",
    (
        ("home_visit", "Home visit"),
        ("virtual_visit", "Virtual visit"),
        ("meeting_elsewhere", "Meeting elsewhere"),
        ("school_meeting", "School meeting"),
    ),
)

# A booking is held (and recorded as a contact) or not held, for one of these reasons.
VISIT_NOT_HELD_REASONS = Vocabulary(
    "VISIT_NOT_HELD_REASONS",
    (
        ("declined", "The family declined it"),
        ("did_not_happen", "It did not happen"),
        ("rearranged", "It was rearranged"),
    ),
)

# A visit that was held shared something: its outcome is one of these.
VISIT_HELD_OUTCOMES = frozenset({"completed", "information_received"})
