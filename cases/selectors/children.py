from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.db.models import Prefetch, Q, QuerySet

from ehe.roles import CASEWORK_ROLES
from policy.names import query_words
from policy.upn import normalise_upn, upn_error
from policy.vocab import (
    CME_ENQUIRY_ITEMS,
    CME_REASONS,
    CONTACT_TYPES,
    DOCUMENT_TYPES,
    EHE_REASONS,
    SUITABILITY_OUTCOMES,
)
from policy.workflow import CLOSED, EpisodeKind, status_label

from ..models import (
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    Contact,
    Document,
    Episode,
    EpisodeEvent,
    FormalStep,
    InformationRequest,
    Judgement,
    Relationship,
    SafeguardingConcern,
    UnsuitablePeriod,
)

EVENT_TITLES = {
    "opened": "Case opened",
    "status_changed": "Status changed",
    "allocated": "Case allocated",
    "post16_advice_referred": "Referred for post-16 advice",
    "information_received": "Information received",
    "cme_enquiry": "Enquiry made",
    "reason_changed": "DfE reason changed",
    "formal_step_recorded": None,  # shown from the formal step itself
}


def children_visible_to(user) -> QuerySet[Child]:
    """Officers and managers see casework; every other role sees no child record."""
    if user.is_authenticated and user.has_role(*CASEWORK_ROLES):
        return Child.objects.all()
    return Child.objects.none()


def child_search(
    user, *, name: str = "", date_of_birth: date | None = None, upn: str = "", limit: int = 50
) -> QuerySet[Child]:
    """Find children by any of name, date of birth or UPN (all given must match).

    Each word of ``name`` must appear within the search keys of the child's legal or
    preferred names (policy.names), so spelling of apostrophes, hyphens, spaces, accents and
    capitals does not matter. Two queries whatever the result: the children, then their open
    cases."""
    queryset = children_visible_to(user)
    words = query_words(name)
    upn = normalise_upn(upn)
    if not (words or date_of_birth or upn):
        return queryset.none()
    for word in words:
        # Keys are already casefolded: a case-sensitive LIKE needs no UPPER() on the column.
        queryset = queryset.filter(name_search__contains=word)
    if date_of_birth:
        queryset = queryset.filter(date_of_birth=date_of_birth)
    if upn:
        queryset = queryset.filter(upn=upn)
    return queryset.prefetch_related(
        Prefetch(
            "episodes",
            queryset=Episode.objects.exclude(status=CLOSED).order_by("kind"),
            to_attr="open_episodes",
        )
    ).order_by("legal_last_name", "legal_first_name", "id")[:limit]


@dataclass(frozen=True)
class TimelineItem:
    on: date
    kind: str  # event | contact | judgement | document | safeguarding | information_request
    title: str
    by: str
    detail: str = ""
    obj: object = None
    sort_key: tuple = field(default=(), compare=False)


@dataclass
class ChildPage:
    child: Child
    address: ChildAddress | None
    sen_status: str
    csc_status: str
    episodes: list[Episode]
    relationships: list[Relationship]
    timeline: list[TimelineItem]
    tags: list[str]
    declined_visits: int

    @property
    def open_episodes(self) -> list[Episode]:
        return [e for e in self.episodes if e.is_open]


def _reason_label(code: str | None) -> str:
    for vocabulary in (EHE_REASONS, CME_REASONS):
        if code in vocabulary:
            return vocabulary.label(code)
    return code or "none"


def _name(user) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.username


def child_page(child_id: int, *, today: date) -> ChildPage:
    """Everything the child page shows, in a fixed number of queries whatever the history.

    Timeline items on the same day are ordered by when each was written."""
    child = Child.objects.get(pk=child_id)
    address = ChildAddress.objects.filter(child=child).as_at(today).first()
    sen = ChildSENStatus.objects.filter(child=child).as_at(today).first()
    csc = ChildCSCStatus.objects.filter(child=child).as_at(today).first()
    episodes = list(
        Episode.objects.filter(child=child)
        .select_related("allocated_officer", "previous_school")
        .order_by("-start_date", "-id")
    )
    relationships = list(
        Relationship.objects.filter(child=child).select_related("person").order_by("id")
    )
    events = list(EpisodeEvent.objects.filter(episode__child=child).select_related("by"))
    kind_of = {e.pk: e.get_kind_display() for e in episodes}
    # A request has no creation time of its own; its event does (when there is one).
    request_written = {
        e.data.get("request_id"): e.at for e in events if e.action == "information_requested"
    }
    items: list[TimelineItem] = []
    for event in events:
        if not EVENT_TITLES.get(event.action):
            continue  # contacts, judgements etc. appear as their own items below
        detail = event.reason
        if event.action == "status_changed":
            detail = f"{status_label(event.from_status)} to {status_label(event.to_status)}"
            if event.reason:
                detail += f". {event.reason}"
        elif event.action == "opened":
            detail = kind_of.get(event.episode_id, "")
        elif event.action == "reason_changed":
            detail = (
                f"{_reason_label(event.data.get('from'))} to {_reason_label(event.data.get('to'))}"
            )
        elif event.action == "cme_enquiry" and event.data.get("item") in CME_ENQUIRY_ITEMS:
            detail = CME_ENQUIRY_ITEMS.label(event.data["item"])
        items.append(
            TimelineItem(
                event.occurred_on,
                "event",
                EVENT_TITLES[event.action],
                _name(event.by),
                detail,
                event,
                (event.at, event.pk),
            )
        )
    for contact in Contact.objects.filter(episode__child=child).select_related("officer"):
        items.append(
            TimelineItem(
                contact.occurred_on,
                "contact",
                CONTACT_TYPES.label(contact.contact_type),
                _name(contact.officer),
                contact.get_outcome_display(),
                contact,
                (contact.created_at, contact.pk),
            )
        )
    for judgement in Judgement.objects.filter(episode__child=child).select_related("decided_by"):
        items.append(
            TimelineItem(
                judgement.decided_on,
                "judgement",
                "Judgement: " + SUITABILITY_OUTCOMES.label(judgement.outcome),
                _name(judgement.decided_by),
                judgement.reasons,
                judgement,
                (judgement.created_at, judgement.pk),
            )
        )
    for request in InformationRequest.objects.filter(episode__child=child).select_related(
        "requested_by"
    ):
        written = request_written.get(request.pk) or datetime.combine(
            request.requested_on, time.min, tzinfo=UTC
        )
        items.append(
            TimelineItem(
                request.requested_on,
                "information_request",
                "Information requested",
                _name(request.requested_by),
                f"Reply by {request.reply_by:%-d %B %Y}",
                request,
                (written, request.pk),
            )
        )
    for document in Document.objects.filter(child=child).select_related("uploaded_by"):
        items.append(
            TimelineItem(
                document.uploaded_at.date(),
                "document",
                "Document: " + DOCUMENT_TYPES.label(document.document_type),
                _name(document.uploaded_by),
                document.description,
                document,
                (document.uploaded_at, document.pk),
            )
        )
    for concern in SafeguardingConcern.objects.filter(child=child).select_related("raised_by"):
        items.append(
            TimelineItem(
                concern.raised_on,
                "safeguarding",
                "Safeguarding concern raised",
                _name(concern.raised_by),
                concern.referral_reference,
                concern,
                (concern.created_at, concern.pk),
            )
        )
    for step in FormalStep.objects.filter(episode__child=child).select_related("recorded_by"):
        items.append(
            TimelineItem(
                step.occurred_on,
                "formal",
                step.get_kind_display(),
                _name(step.recorded_by),
                step.notes,
                step,
                # Formal steps carry no time of writing; order them at the end of their day.
                (datetime.combine(step.occurred_on, time.max, tzinfo=UTC), step.pk),
            )
        )
    items.sort(key=lambda item: (item.on, item.sort_key), reverse=True)
    declined = sum(
        1 for item in items if item.kind == "contact" and item.obj.outcome == "visit_declined"
    )
    tags = []
    if sen and sen.status == "ehcp":
        tags.append("EHCP")
    if csc and csc.status in {"cin", "cpp", "cla"}:
        tags.append(csc.status.upper())
    if declined:
        tags.append("Declined visits")
    return ChildPage(
        child=child,
        address=address,
        sen_status=sen.status if sen else "none",
        csc_status=csc.status if csc else "none",
        episodes=episodes,
        relationships=relationships,
        timeline=items,
        tags=tags,
        declined_visits=declined,
    )


def status_on(child_id: int, on: date) -> dict[str, bool | str | None]:
    """What this child was on date ``on``: ``{"ehe": bool, "cme": CME reason code or None}``.

    An episode counts on D when it started on or before D and had not ended by D (DOMAIN §8).
    An EHE child judged unsuitable counts as CME, reason "Unsuitable elective home education",
    from that judgement's date, and stops counting as EHE.
    """
    in_force = (
        Episode.objects.filter(child_id=child_id, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .prefetch_related(
            Prefetch(
                "unsuitable_periods",
                queryset=UnsuitablePeriod.objects.as_at(on),
                to_attr="unsuitable_on",
            )
        )
    )
    ehe, unsuitable, cme_reason = False, False, None
    for episode in in_force:
        if episode.kind == EpisodeKind.EHE:
            if episode.unsuitable_on:
                unsuitable = True
            else:
                ehe = True
        elif episode.kind == EpisodeKind.CME:
            cme_reason = episode.primary_reason or "not_recorded"
    # A CME case of its own says more about the child than the unsuitable-EHE judgement, so
    # its reason wins when both are in force.
    return {"ehe": ehe, "cme": cme_reason or ("unsuitable_ehe" if unsuitable else None)}


def upn_problem(upn: str) -> str | None:
    return upn_error(upn) if upn else None
