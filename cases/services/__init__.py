"""Every write to casework goes through a function here: keyword-only, atomic, attributed
(``by=``), audited, and refusing bad input with ``ServiceError`` before anything is saved."""

from .audit import audit_change, audit_read, audit_read_many
from .children import (
    child_address_set,
    child_create,
    child_csc_status_set,
    child_sen_status_set,
    child_update,
    person_add_to_child,
    person_update,
    relationship_update,
)
from .cme import cme_duration_days, cme_enquiry_record
from .contacts import contact_record, safeguarding_concern_raise
from .documents import document_upload
from .due import refresh_due_dates
from .episodes import (
    alert_acknowledge,
    episode_allocate,
    episode_close,
    episode_open,
    episode_transition,
    episodes_close_ceased_csa,
    involvement_conclude,
    post16_advice_record,
)
from .errors import ServiceError, StaleEdit, TransitionRefused
from .formal import formal_step_record
from .frontdoor import (
    consent_decide,
    deletion_return_answer_note,
    deletion_return_details_review,
    deletion_return_match,
    deletion_return_process,
    deletion_return_query_answer,
    deletion_return_query_raise,
    deletion_return_submit,
    deletion_returns_sweep,
)
from .judgements import information_reply_record, information_request_create, judgement_record
from .visits import visit_book, visit_record_held, visit_record_not_held

__all__ = [
    "ServiceError",
    "StaleEdit",
    "TransitionRefused",
    "alert_acknowledge",
    "audit_change",
    "audit_read",
    "audit_read_many",
    "child_address_set",
    "child_create",
    "child_csc_status_set",
    "child_sen_status_set",
    "child_update",
    "cme_duration_days",
    "cme_enquiry_record",
    "consent_decide",
    "deletion_return_answer_note",
    "deletion_return_details_review",
    "deletion_return_match",
    "deletion_return_process",
    "deletion_return_query_answer",
    "deletion_return_query_raise",
    "deletion_return_submit",
    "deletion_returns_sweep",
    "contact_record",
    "document_upload",
    "episode_allocate",
    "episode_close",
    "episode_open",
    "episode_transition",
    "episodes_close_ceased_csa",
    "formal_step_record",
    "post16_advice_record",
    "information_reply_record",
    "information_request_create",
    "involvement_conclude",
    "judgement_record",
    "person_add_to_child",
    "person_update",
    "refresh_due_dates",
    "relationship_update",
    "safeguarding_concern_raise",
    "visit_book",
    "visit_record_held",
    "visit_record_not_held",
]
