"""The child page's history: everything recorded about a child, latest first, filtered by
kind and paged in the database.

Eight kinds of record make up the history, each in its own table. One UNION query puts their
dates in order and cuts out the page (25 by default); one further query per kind on that page
fetches the records themselves. So a page costs at most nine queries whether the child has
ten entries or ten thousand.

Entries on the same day are ordered by when each was written. A formal step carries no time
of writing, so it sorts after everything else on its day; an information request takes the
time of the event that recorded it (or the start of its day, for one brought in by an
import).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.urls import reverse

from policy.vocab import (
    CME_ENQUIRY_ITEMS,
    CME_REASONS,
    CONTACT_TYPES,
    DELETION_GROUNDS,
    DOCUMENT_TYPES,
    EHE_REASONS,
    SCHOOL_NOTICE_KINDS,
    SUITABILITY_OUTCOMES,
)
from policy.workflow import status_label

from ..models import (
    Contact,
    DeletionReturn,
    Document,
    EpisodeEvent,
    FormalStep,
    InformationRequest,
    Judgement,
    SafeguardingConcern,
)
from .frontdoor import child_returns

PER_PAGE = 25

# The filter's choices, in the order the filter lists them: (code, label).
TIMELINE_KINDS = (
    ("contact", "Contacts"),
    ("judgement", "Judgements"),
    ("event", "Status and case changes"),
    ("document", "Documents"),
    ("formal", "Letters and formal steps"),
    ("safeguarding", "Safeguarding"),
    ("information_request", "Information requests"),
    ("school_return", "School returns"),
)
KIND_CODES = frozenset(code for code, _label in TIMELINE_KINDS)

EVENT_TITLES = {
    "opened": "Case opened",
    "status_changed": "Status changed",
    "allocated": "Case allocated",
    "post16_advice_referred": "Referred for post-16 advice",
    "information_received": "Information received",
    "cme_enquiry": "Enquiry made",
    "reason_changed": "DfE reason changed",
    # Contacts, judgements, requests, concerns and formal steps write events too; they are
    # shown as themselves, not as their events.
}


@dataclass(frozen=True)
class TimelineItem:
    on: date
    kind: str  # one of KIND_CODES
    title: str
    by: str
    detail: str = ""
    obj: object = None
    href: str = ""


@dataclass
class TimelinePage:
    items: list[TimelineItem]
    kinds: frozenset[str]  # what the filter shows; empty means everything
    number: int
    has_newer: bool
    has_older: bool
    per_page: int = PER_PAGE
    kind_choices: tuple = field(default=TIMELINE_KINDS)


def _name(user) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.username


def _reason_label(code: str | None) -> str:
    for vocabulary in (EHE_REASONS, CME_REASONS):
        if code in vocabulary:
            return vocabulary.label(code)
    return code or "none"


def _columns(queryset, kind: str, *, on, written, rank: int = 0):
    """One branch of the UNION: the same five columns from every table."""
    return (
        queryset.order_by()
        .annotate(
            t_kind=Value(kind),
            t_on=on,
            t_rank=Value(rank, output_field=IntegerField()),
            t_written=written,
        )
        .values_list("t_kind", "id", "t_on", "t_rank", "t_written")
    )


def _request_written():
    """When a request was recorded: its "information_requested" event's time."""
    events = (
        EpisodeEvent.objects.filter(
            episode_id=OuterRef("episode_id"), action="information_requested"
        )
        .annotate(request_id=Cast(KeyTextTransform("request_id", "data"), IntegerField()))
        .filter(request_id=OuterRef("pk"))
        .order_by("at")
        .values("at")[:1]
    )
    return Coalesce(
        Subquery(events, output_field=DateTimeField()),
        Cast(F("requested_on"), DateTimeField()),
    )


def _branches(child_id: int) -> dict[str, object]:
    no_time = Cast(Value(None), DateTimeField())
    return {
        "event": _columns(
            EpisodeEvent.objects.filter(episode__child_id=child_id, action__in=EVENT_TITLES),
            "event",
            on=F("occurred_on"),
            written=F("at"),
        ),
        "contact": _columns(
            Contact.objects.filter(episode__child_id=child_id),
            "contact",
            on=F("occurred_on"),
            written=F("created_at"),
        ),
        "judgement": _columns(
            Judgement.objects.filter(episode__child_id=child_id),
            "judgement",
            on=F("decided_on"),
            written=F("created_at"),
        ),
        "information_request": _columns(
            InformationRequest.objects.filter(episode__child_id=child_id),
            "information_request",
            on=F("requested_on"),
            written=_request_written(),
        ),
        "document": _columns(
            Document.objects.filter(child_id=child_id),
            "document",
            on=TruncDate("uploaded_at"),
            written=F("uploaded_at"),
        ),
        "safeguarding": _columns(
            SafeguardingConcern.objects.filter(child_id=child_id),
            "safeguarding",
            on=F("raised_on"),
            written=F("created_at"),
        ),
        "formal": _columns(
            FormalStep.objects.filter(episode__child_id=child_id),
            "formal",
            on=F("occurred_on"),
            written=no_time,
            rank=1,
        ),
        "school_return": _columns(
            child_returns(child_id),
            "school_return",
            on=TruncDate("submitted_at"),
            written=F("submitted_at"),
        ),
    }


def _event_item(event, kind_of) -> TimelineItem:
    detail = event.reason
    if event.action == "status_changed":
        detail = f"{status_label(event.from_status)} to {status_label(event.to_status)}"
        if event.reason:
            detail += f". {event.reason}"
    elif event.action == "opened":
        detail = kind_of.get(event.episode_id, "")
    elif event.action == "reason_changed":
        detail = f"{_reason_label(event.data.get('from'))} to {_reason_label(event.data.get('to'))}"
    elif event.action == "cme_enquiry" and event.data.get("item") in CME_ENQUIRY_ITEMS:
        detail = CME_ENQUIRY_ITEMS.label(event.data["item"])
    return TimelineItem(
        event.occurred_on, "event", EVENT_TITLES[event.action], _name(event.by), detail, event
    )


def _return_item(r: DeletionReturn) -> TimelineItem:
    what = SCHOOL_NOTICE_KINDS.label(r.kind)
    detail = f"Return {r.reference}"
    if r.ground in DELETION_GROUNDS:
        detail += f", ground {DELETION_GROUNDS.label(r.ground)}"
    return TimelineItem(
        r.submitted_at.date(),
        "school_return",
        f"School return: {what}",
        r.school.name,
        detail,
        r,
        reverse("triage-return", args=[r.uid]),
    )


# For each kind: how to fetch a page's records of it (one query) and make each an item.
_FETCH = {
    "event": lambda pks: EpisodeEvent.objects.filter(pk__in=pks).select_related("by"),
    "contact": lambda pks: Contact.objects.filter(pk__in=pks).select_related("officer"),
    "judgement": lambda pks: Judgement.objects.filter(pk__in=pks).select_related("decided_by"),
    "information_request": lambda pks: InformationRequest.objects.filter(pk__in=pks).select_related(
        "requested_by"
    ),
    "document": lambda pks: Document.objects.filter(pk__in=pks).select_related("uploaded_by"),
    "safeguarding": lambda pks: SafeguardingConcern.objects.filter(pk__in=pks).select_related(
        "raised_by"
    ),
    "formal": lambda pks: FormalStep.objects.filter(pk__in=pks).select_related("recorded_by"),
    "school_return": lambda pks: DeletionReturn.objects.filter(pk__in=pks).select_related("school"),
}

_ITEM = {
    "contact": lambda c: TimelineItem(
        c.occurred_on,
        "contact",
        CONTACT_TYPES.label(c.contact_type),
        _name(c.officer),
        c.get_outcome_display(),
        c,
    ),
    "judgement": lambda j: TimelineItem(
        j.decided_on,
        "judgement",
        "Judgement: " + SUITABILITY_OUTCOMES.label(j.outcome),
        _name(j.decided_by),
        j.reasons,
        j,
    ),
    "information_request": lambda r: TimelineItem(
        r.requested_on,
        "information_request",
        "Information requested",
        _name(r.requested_by),
        f"Reply by {r.reply_by:%-d %B %Y}",
        r,
    ),
    "document": lambda d: TimelineItem(
        d.uploaded_at.date(),
        "document",
        "Document: " + DOCUMENT_TYPES.label(d.document_type),
        _name(d.uploaded_by),
        d.description,
        d,
    ),
    "safeguarding": lambda s: TimelineItem(
        s.raised_on,
        "safeguarding",
        "Safeguarding concern raised",
        _name(s.raised_by),
        s.referral_reference,
        s,
    ),
    "formal": lambda f: TimelineItem(
        f.occurred_on, "formal", f.get_kind_display(), _name(f.recorded_by), f.notes, f
    ),
    "school_return": _return_item,
}


def timeline_page(
    child_id: int,
    *,
    kinds: frozenset[str] | set[str] = frozenset(),
    page: int = 1,
    per_page: int = PER_PAGE,
    episode_labels: dict[int, str] | None = None,
) -> TimelinePage:
    """One page of the child's history, latest first: only ``kinds`` when given (codes of
    TIMELINE_KINDS; anything else is ignored), ``per_page`` entries from page ``page``."""
    kinds = frozenset(kinds) & KIND_CODES
    page = max(page, 1)
    branches = _branches(child_id)
    chosen = [branches[code] for code, _label in TIMELINE_KINDS if not kinds or code in kinds]
    first, *rest = chosen
    start = (page - 1) * per_page
    # One more than a page, to know whether there are older entries.
    combined = first.union(*rest, all=True) if rest else first
    rows = list(
        combined.order_by("-t_on", "-t_rank", "-t_written", "-id")[start : start + per_page + 1]
    )
    has_older = len(rows) > per_page
    rows = rows[:per_page]
    wanted: dict[str, list[int]] = {}
    for kind, pk, *_ in rows:
        wanted.setdefault(kind, []).append(pk)
    records = {
        (kind, record.pk): record for kind, pks in wanted.items() for record in _FETCH[kind](pks)
    }
    kind_of = episode_labels or {}
    items = []
    for kind, pk, *_ in rows:
        record = records[(kind, pk)]
        items.append(_event_item(record, kind_of) if kind == "event" else _ITEM[kind](record))
    return TimelinePage(
        items=items, kinds=kinds, number=page, has_newer=page > 1, has_older=has_older
    )
