"""Kept so that older imports keep working: the front door's services now live in
``cases.services.frontdoor``, one module per responsibility."""

from ..selectors.frontdoor import match_children, returns_visible_to_school
from .frontdoor import (
    DELETION_FIELDS,
    EHE_FIELDS,
    PUPIL_FIELDS,
    SUBMITTED_FIELDS,
    Receipt,
    consent_decide,
    deletion_return_match,
    deletion_return_process,
    deletion_return_submit,
    deletion_returns_sweep,
)

__all__ = [
    "DELETION_FIELDS",
    "EHE_FIELDS",
    "PUPIL_FIELDS",
    "Receipt",
    "SUBMITTED_FIELDS",
    "consent_decide",
    "deletion_return_match",
    "deletion_return_process",
    "deletion_return_submit",
    "deletion_returns_sweep",
    "match_children",
    "returns_visible_to_school",
]
