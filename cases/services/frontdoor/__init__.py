"""The front door: a school's deletion return (or "considering home education" notice) from
submission to routing, matching, consent, questions and the sweep. DOMAIN §5.4; ADR 0007.

- ``submission``: save the return exactly as sent; routing is queued after the commit.
- ``routing``: apply the ground's rule once nothing stops it.
- ``details``: a person matches the return, and chooses which of the school's details to keep.
- ``consent``: a manager's consent decision.
- ``queries``: the council's questions and the school's answers.
- ``sweep``: routes returns whose job was lost, and those held until their deletion date.
- ``state``: the one writer of a return's status and outcome (policy.frontdoor's table).
"""

from .consent import consent_decide
from .details import deletion_return_details_review, deletion_return_match
from .queries import (
    deletion_return_answer_note,
    deletion_return_query_answer,
    deletion_return_query_raise,
)
from .routing import deletion_return_process
from .submission import Receipt, deletion_return_submit
from .sweep import deletion_returns_sweep
from .validation import DELETION_FIELDS, EHE_FIELDS, PUPIL_FIELDS, SUBMITTED_FIELDS

__all__ = [
    "DELETION_FIELDS",
    "EHE_FIELDS",
    "PUPIL_FIELDS",
    "Receipt",
    "SUBMITTED_FIELDS",
    "consent_decide",
    "deletion_return_answer_note",
    "deletion_return_details_review",
    "deletion_return_match",
    "deletion_return_process",
    "deletion_return_query_answer",
    "deletion_return_query_raise",
    "deletion_return_submit",
    "deletion_returns_sweep",
]
