"""The plain snapshot of one case that the pure guards in ``policy.guards`` judge.

Read inside the service's transaction (after its row lock), so what was written a moment ago
in the same action — the judgement that moves the case, the notice that justifies the move —
is part of what the guards see. A fixed number of queries per case.
"""

from django.db.models import Q

from policy.guards import (
    CaseSnapshot,
    ContactFact,
    EvidenceFact,
    FormalFact,
    JudgementFact,
    RequestFact,
)
from policy.workflow import CLOSED

from ..models import (
    ChildSENStatus,
    CMEEnquiry,
    Contact,
    Document,
    Episode,
    EpisodeEvent,
    FormalStep,
    InformationRequest,
    Judgement,
)

EVIDENCE_DOCUMENT_TYPES = ("medical_evidence", "sen_evidence")


def status_since(episode: Episode):
    """The day the case entered its current status: its last move into it, or its start."""
    moved = (
        EpisodeEvent.objects.filter(
            episode=episode, action="status_changed", to_status=episode.status
        )
        .order_by("-occurred_on", "-id")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return max(moved, episode.start_date) if moved else episode.start_date


def case_snapshot(episode: Episode) -> CaseSnapshot:
    judgements = tuple(
        JudgementFact(
            decided_on=j.decided_on,
            outcome=j.outcome,
            reasons=j.reasons,
            evidence_considered=j.medical_sen_evidence_considered,
            recorded_at=j.created_at,
        )
        for j in Judgement.objects.filter(episode=episode).order_by("decided_on", "id")
    )
    requests = tuple(
        RequestFact(r.requested_on, r.reply_by, r.reply_received_on)
        for r in InformationRequest.objects.filter(episode=episode).order_by("requested_on", "id")
    )
    contacts = tuple(
        ContactFact(*row)
        for row in Contact.objects.filter(episode=episode)
        .order_by("occurred_on", "id")
        .values_list("occurred_on", "contact_type", "outcome")
    )
    formal = tuple(
        FormalFact(kind, on)
        for kind, on in FormalStep.objects.filter(episode=episode)
        .order_by("occurred_on", "id")
        .values_list("kind", "occurred_on")
    )
    sen = [
        EvidenceFact(on)
        for on in ChildSENStatus.objects.filter(child_id=episode.child_id)
        .exclude(status="none")
        .values_list("valid_from", flat=True)
    ]
    documents = [
        EvidenceFact(uploaded.date(), uploaded)
        for uploaded in Document.objects.filter(
            child_id=episode.child_id, document_type__in=EVIDENCE_DOCUMENT_TYPES
        ).values_list("uploaded_at", flat=True)
    ]
    enquiries = frozenset(CMEEnquiry.objects.filter(episode=episode).values_list("item", flat=True))
    others = frozenset(
        Episode.objects.filter(child_id=episode.child_id)
        .exclude(Q(pk=episode.pk) | Q(status=CLOSED))
        .values_list("kind", flat=True)
    )
    return CaseSnapshot(
        kind=episode.kind,
        status=episode.status,
        start=episode.start_date,
        date_of_birth=episode.child.date_of_birth,
        status_since=status_since(episode),
        judgements=judgements,
        requests=requests,
        contacts=contacts,
        formal_steps=formal,
        evidence=tuple(sen + documents),
        cme_enquiry_items=enquiries,
        other_open_kinds=others,
    )
