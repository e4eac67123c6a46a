"""Suitability judgements and information requests (DOMAIN §5.2)."""

from datetime import date

from django.db import transaction

from ehe.models import User
from policy.due import information_reply_due, next_contact_due
from policy.suitability import CONSIDERATIONS_BY_CODE
from policy.text import LONG_TEXT
from policy.text import too_long as too_long_message
from policy.vocab import SUITABILITY_OUTCOMES
from policy.workflow import EHEStatus, EpisodeKind, check_transition, judgement_target

from ..models import (
    CaseworkSettings,
    ChildSENStatus,
    Document,
    Episode,
    InformationRequest,
    Judgement,
)
from .audit import audit_change
from .case_guards import case_date_errors, check_case_date, require_open
from .due import episode_refresh_due
from .episodes import _event, episode_transition
from .errors import ServiceError, TransitionRefused
from .limits import too_long


def _medical_or_sen_evidence_on_file(episode: Episode, on: date) -> bool:
    has_sen = (
        ChildSENStatus.objects.as_at(on)
        .filter(child_id=episode.child_id, status__in=["sen_support", "ehcp"])
        .exists()
    )
    has_documents = Document.objects.filter(
        child_id=episode.child_id, document_type__in=["medical_evidence", "sen_evidence"]
    ).exists()
    return has_sen or has_documents


@transaction.atomic
def judgement_record(
    *,
    by: User,
    episode: Episode,
    decided_on: date,
    outcome: str,
    reasons: str = "",
    consideration_notes: dict[str, str] | None = None,
    evidence_considered: str = "",
    medical_sen_evidence_considered: bool = False,
    not_based_on_declined_visit: bool = False,
    next_contact_due_on: date | None = None,
    what_would_help: str = "",
    reply_by: date | None = None,
    today: date,
    channel: str,
) -> Judgement:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    require_open(episode)
    if episode.kind != EpisodeKind.EHE:
        raise TransitionRefused("Suitability judgements are recorded on home education cases.")
    notes = {code: text.strip() for code, text in (consideration_notes or {}).items() if text}
    errors = {}
    if outcome not in SUITABILITY_OUTCOMES:
        errors["outcome"] = "Choose whether the education appears suitable"
    adverse = outcome in {"not_yet_satisfied", "does_not_appear_suitable"}
    # DOMAIN §5.2: every judgement records its reasons, "appears suitable" included.
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for this judgement"
    unknown = sorted(set(notes) - set(CONSIDERATIONS_BY_CODE))
    if unknown:
        errors["consideration_notes"] = f"Unknown considerations: {', '.join(unknown)}"
    if _medical_or_sen_evidence_on_file(episode, decided_on) and not (
        medical_sen_evidence_considered
    ):
        errors["medical_sen_evidence_considered"] = (
            "Confirm that the medical and SEN evidence on file was considered"
        )
    declined = episode.contacts.filter(outcome="visit_declined").exists()
    if adverse and declined and not not_based_on_declined_visit:
        errors["not_based_on_declined_visit"] = (
            "Confirm this judgement does not rest on the family declining a home visit"
        )
    if outcome == "not_yet_satisfied" and not what_would_help.strip():
        errors["what_would_help"] = "Say what further information would help"
    if next_contact_due_on is not None and next_contact_due_on <= decided_on:
        errors["next_contact_due_on"] = "The next contact must be after the judgement date"
    errors |= too_long(Judgement, reasons=reasons, evidence_considered=evidence_considered)
    errors |= too_long(InformationRequest, what_would_help=what_would_help)
    if any(len(note) > LONG_TEXT for note in notes.values()):
        errors["consideration_notes"] = too_long_message("each note", LONG_TEXT)
    errors |= case_date_errors("decided_on", decided_on, episode=episode, today=today)
    if errors:
        raise ServiceError(errors)

    target = judgement_target(episode.status, outcome)
    if target is not None:
        # The table first, so a judgement the workflow cannot take is refused before anything
        # is written; the move's other preconditions are checked when it is made, below.
        check_transition(episode.kind, episode.status, target)
    values = CaseworkSettings.current().due_values()
    if outcome == "appears_suitable" and next_contact_due_on is None:
        next_contact_due_on = next_contact_due(decided_on, values)
    judgement = Judgement.objects.create(
        episode=episode,
        decided_on=decided_on,
        outcome=outcome,
        reasons=reasons,
        consideration_notes=notes,
        evidence_considered=evidence_considered,
        medical_sen_evidence_considered=medical_sen_evidence_considered,
        not_based_on_declined_visit=not_based_on_declined_visit,
        decided_by=by,
        next_contact_due=next_contact_due_on,
    )
    _event(
        episode,
        by=by,
        action="judgement_recorded",
        on=decided_on,
        reason=reasons,
        data={"judgement_id": judgement.pk, "outcome": outcome},
    )
    audit_change(by=by, action="create", obj=judgement, child_id=episode.child_id, channel=channel)
    if outcome == "not_yet_satisfied":
        request = InformationRequest.objects.create(
            episode=episode,
            requested_on=decided_on,
            what_would_help=what_would_help,
            reply_by=reply_by or information_reply_due(decided_on, values),
            requested_by=by,
        )
        _event(
            episode,
            by=by,
            action="information_requested",
            on=decided_on,
            data={"request_id": request.pk, "reply_by": request.reply_by.isoformat()},
        )
    if target is not None:
        episode_transition(
            by=by,
            episode=episode,
            to=target,
            on=decided_on,
            reason=f"Judgement: {SUITABILITY_OUTCOMES.label(outcome)}",
            today=today,
            channel=channel,
            date_field="decided_on",
        )
    else:
        episode_refresh_due(episode, today=today)
    return judgement


@transaction.atomic
def information_request_create(
    *,
    by: User,
    episode: Episode,
    requested_on: date,
    what_would_help: str,
    reply_by: date | None = None,
    today: date,
    channel: str,
) -> InformationRequest:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    require_open(episode)
    if not what_would_help.strip():
        raise ServiceError({"what_would_help": "Say what information would help"})
    if errors := too_long(InformationRequest, what_would_help=what_would_help):
        raise ServiceError(errors)
    check_case_date("requested_on", requested_on, episode=episode, today=today)
    values = CaseworkSettings.current().due_values()
    reply_by = reply_by or information_reply_due(requested_on, values)
    if reply_by <= requested_on:
        raise ServiceError({"reply_by": "The reply date must be after the request date"})
    if episode.status != EHEStatus.INFORMATION_REQUESTED:
        check_transition(episode.kind, episode.status, EHEStatus.INFORMATION_REQUESTED)
    request = InformationRequest.objects.create(
        episode=episode,
        requested_on=requested_on,
        what_would_help=what_would_help,
        reply_by=reply_by,
        requested_by=by,
    )
    _event(
        episode,
        by=by,
        action="information_requested",
        on=requested_on,
        data={"request_id": request.pk, "reply_by": reply_by.isoformat()},
    )
    audit_change(by=by, action="create", obj=request, child_id=episode.child_id, channel=channel)
    if episode.status != EHEStatus.INFORMATION_REQUESTED:
        episode_transition(
            by=by,
            episode=episode,
            to=EHEStatus.INFORMATION_REQUESTED,
            on=requested_on,
            reason="Further information requested",
            today=today,
            channel=channel,
            date_field="requested_on",
        )
    else:
        episode_refresh_due(episode, today=today)
    return request


@transaction.atomic
def information_reply_record(
    *, by: User | None, request: InformationRequest, received_on: date, today: date, channel: str
) -> InformationRequest:
    if request.reply_received_on is not None:
        raise ServiceError({"received_on": "A reply has already been recorded"})
    if received_on > today or received_on < request.requested_on:
        raise ServiceError({"received_on": "The date must be between the request and today"})
    request.reply_received_on = received_on
    request.save(update_fields=["reply_received_on"])
    _event(
        request.episode,
        by=by,
        action="information_received",
        on=received_on,
        data={"request_id": request.pk},
    )
    audit_change(
        by=by, action="update", obj=request, child_id=request.episode.child_id, channel=channel
    )
    episode_refresh_due(request.episode, today=today)
    return request
