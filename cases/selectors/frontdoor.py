"""The front door's reads: the triage queue (everything waiting for the team, oldest first, in
one list), its counts, the figures a consent decision needs, the children a return may be
about, and a child's returns.

The queue mixes three tables. Rather than loading every waiting item and sorting in Python, the
database orders and pages one UNION of (type, id, received) rows; only the page's rows are then
loaded, one query per table. The page therefore costs the same number of queries whether the
queue holds five items or five thousand.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import CharField, DateField, Exists, F, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import TruncDate

from policy.due import acknowledgement_due, initial_contact_due
from policy.workflow import CLOSED, CMEStatus, EHEStatus, EpisodeKind, InvolvementStatus

from ..models import (
    CaseworkSettings,
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    ConsentRequest,
    Contact,
    DeletionReturn,
    Episode,
    Relationship,
    ReturnMessage,
    School,
)

# The queue's item types, in the order the filter offers them.
EHE_NEW = "ehe"
CME_REFERRED = "cme"
CONSIDERING = "involvement"
AWAITING_MATCH = "match"
CONSENT = "consent"
ANSWERED = "answer"
WAITING_FOR_DATE = "waiting"

TRIAGE_TYPES: dict[str, str] = {
    EHE_NEW: "New home education",
    CME_REFERRED: "Missing education referral",
    CONSIDERING: "Considering home education",
    AWAITING_MATCH: "Return to match",
    CONSENT: "Consent decision",
    ANSWERED: "School answered",
    WAITING_FOR_DATE: "Waiting for the deletion date",
}
# Everything that needs someone to act. Returns held until their deletion date need nobody
# yet: they have a tab of their own and are not counted as waiting for the team.
ACTION_TYPES = frozenset(TRIAGE_TYPES) - {WAITING_FOR_DATE}

TRIAGE_PAGE_SIZE = 50


def _episode_rows(kind_code: str, queryset: QuerySet) -> QuerySet:
    # A case waits from its start date: the initial-contact timer runs from it (DOMAIN §5.2).
    return queryset.annotate(
        t_type=Value(kind_code, output_field=CharField()),
        t_id=F("pk"),
        t_on=F("start_date"),
        t_at=F("created_at"),
    ).values_list("t_type", "t_id", "t_on", "t_at")


def _sources(types: frozenset[str]) -> list[QuerySet]:
    sources = {
        EHE_NEW: lambda: _episode_rows(
            EHE_NEW, Episode.objects.filter(kind=EpisodeKind.EHE, status=EHEStatus.NEW)
        ),
        CME_REFERRED: lambda: _episode_rows(
            CME_REFERRED,
            Episode.objects.filter(kind=EpisodeKind.CME, status=CMEStatus.REFERRED),
        ),
        # Involvements stay open while the team talks with the family; once someone has
        # picked one up it is on their caseload, not waiting at the door.
        CONSIDERING: lambda: _episode_rows(
            CONSIDERING,
            Episode.objects.filter(
                kind=EpisodeKind.INVOLVEMENT,
                status=InvolvementStatus.OPEN,
                allocated_officer__isnull=True,
            ),
        ),
        AWAITING_MATCH: lambda: (
            DeletionReturn.objects.filter(outcome="awaiting_match")
            .annotate(
                t_type=Value(AWAITING_MATCH, output_field=CharField()),
                t_id=F("pk"),
                t_on=TruncDate("submitted_at", output_field=DateField()),
                t_at=F("submitted_at"),
            )
            .values_list("t_type", "t_id", "t_on", "t_at")
        ),
        # A consent request waits from when the school sent the return that raised it.
        CONSENT: lambda: (
            ConsentRequest.objects.filter(decision="pending")
            .annotate(
                t_type=Value(CONSENT, output_field=CharField()),
                t_id=F("pk"),
                t_on=TruncDate("deletion_return__submitted_at", output_field=DateField()),
                t_at=F("deletion_return__submitted_at"),
            )
            .values_list("t_type", "t_id", "t_on", "t_at")
        ),
        # A school's answer to the council's question waits until an officer has read it.
        ANSWERED: lambda: (
            ReturnMessage.objects.filter(kind="answer", noted_at__isnull=True)
            .annotate(
                t_type=Value(ANSWERED, output_field=CharField()),
                t_id=F("pk"),
                t_on=TruncDate("sent_at", output_field=DateField()),
                t_at=F("sent_at"),
            )
            .values_list("t_type", "t_id", "t_on", "t_at")
        ),
        WAITING_FOR_DATE: lambda: (
            DeletionReturn.objects.filter(outcome="waiting_for_deletion_date")
            .annotate(
                t_type=Value(WAITING_FOR_DATE, output_field=CharField()),
                t_id=F("pk"),
                t_on=TruncDate("submitted_at", output_field=DateField()),
                t_at=F("submitted_at"),
            )
            .values_list("t_type", "t_id", "t_on", "t_at")
        ),
    }
    # Each part drops its model's default ordering: a UNION is ordered once, as a whole.
    return [build().order_by() for code, build in sources.items() if code in types]


def triage_queue(types: frozenset[str] | None = None) -> QuerySet:
    """(type, id, received on, received at) for every waiting item, oldest first. Without
    ``types``, everything that needs someone to act."""
    chosen = _sources(types or ACTION_TYPES)
    first, *rest = chosen
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("t_on", "t_at", "t_type", "t_id")


def triage_count() -> int:
    """How many items wait for someone to act in triage, in one query."""
    return triage_queue().count()


def pending_consent_count() -> int:
    return ConsentRequest.objects.filter(decision="pending").count()


@dataclass(frozen=True)
class TriageItem:
    """One waiting item with the record it is about (an Episode, a DeletionReturn, a
    ConsentRequest or a school's answer), ready for a view to present."""

    type: str
    type_label: str
    received_on: date
    received_at: datetime
    waited_days: int
    obj: Episode | DeletionReturn | ConsentRequest | ReturnMessage
    # Only for new home education cases: the local timer for the first contact.
    initial_contact_due: date | None = None
    overdue: bool = False
    # New home education cases whose acknowledgement letter has not gone (DOMAIN §7).
    acknowledgement_due: date | None = None


def triage_page(*, types: frozenset[str] | None, page_number, today: date) -> tuple[Page, list]:
    """One page of the queue and its items. Queries: count, page, then at most one per table
    (episodes, returns, consents, answers) and one for the council's due-date settings."""
    paginator = Paginator(triage_queue(types), TRIAGE_PAGE_SIZE)
    page = paginator.get_page(page_number)
    keys = list(page.object_list)
    episode_ids = [pk for kind, pk, *_ in keys if kind in {EHE_NEW, CME_REFERRED, CONSIDERING}]
    return_ids = [pk for kind, pk, *_ in keys if kind in {AWAITING_MATCH, WAITING_FOR_DATE}]
    consent_ids = [pk for kind, pk, *_ in keys if kind == CONSENT]
    answer_ids = [pk for kind, pk, *_ in keys if kind == ANSWERED]
    episodes = _by_pk(
        Episode.objects.select_related("child", "allocated_officer").annotate(
            letter_sent=Exists(
                Contact.objects.filter(episode=OuterRef("pk"), contact_type="letter")
            )
        ),
        episode_ids,
    )
    returns = _by_pk(DeletionReturn.objects.select_related("school"), return_ids)
    consents = _by_pk(
        ConsentRequest.objects.select_related("deletion_return__school", "child"), consent_ids
    )
    answers = _by_pk(ReturnMessage.objects.select_related("deletion_return__school"), answer_ids)
    loaded = {
        AWAITING_MATCH: returns,
        WAITING_FOR_DATE: returns,
        CONSENT: consents,
        ANSWERED: answers,
    }
    has_new_ehe = any(kind == EHE_NEW for kind, *_ in keys)
    values = CaseworkSettings.current().due_values() if has_new_ehe else None
    items = []
    for kind, pk, received_on, received_at in keys:
        obj = loaded.get(kind, episodes).get(pk)
        if obj is None:  # dealt with by someone else between the two queries
            continue
        due = initial_contact_due(obj.start_date, values) if kind == EHE_NEW else None
        acknowledgement = (
            acknowledgement_due(obj.start_date, values)
            if kind == EHE_NEW and not obj.letter_sent
            else None
        )
        items.append(
            TriageItem(
                type=kind,
                type_label=TRIAGE_TYPES[kind],
                received_on=received_on,
                received_at=received_at,
                waited_days=max((today - received_on).days, 0),
                obj=obj,
                initial_contact_due=due,
                overdue=due is not None and due < today,
                acknowledgement_due=acknowledgement,
            )
        )
    return page, items


def _by_pk(queryset: QuerySet, ids: list[int]) -> dict:
    return {obj.pk: obj for obj in queryset.filter(pk__in=ids)} if ids else {}


@dataclass(frozen=True)
class ChildStatuses:
    """What a consent decision needs to know about a child the council already holds."""

    sen_status: str
    csc_status: str


def child_statuses(child: Child, *, on: date) -> ChildStatuses:
    """The child's SEN and children's social care status in force on ``on``."""
    sen = ChildSENStatus.objects.as_at(on).filter(child=child).order_by("-valid_from").first()
    csc = ChildCSCStatus.objects.as_at(on).filter(child=child).order_by("-valid_from").first()
    return ChildStatuses(
        sen_status=sen.status if sen else "none", csc_status=csc.status if csc else "none"
    )


@dataclass(frozen=True)
class Candidate:
    """A child the return may be about, with what an officer needs to tell children apart."""

    child: Child
    address: ChildAddress | None
    parents: list[str]
    open_cases: list[Episode]
    found_by: str  # "upn", "name and date of birth", or "search"


def match_candidates(
    deletion_return: DeletionReturn, *, suggested: list[Child], searched: list[Child]
) -> list[Candidate]:
    """The suggested children (from matching) then any found by the officer's search, each
    once, with current address, parents and open cases loaded in a fixed number of queries."""
    order: dict[int, str] = {}
    for child in suggested:
        same_upn = bool(deletion_return.upn) and child.upn == deletion_return.upn
        order.setdefault(child.pk, "upn" if same_upn else "name and date of birth")
    for child in searched:
        order.setdefault(child.pk, "search")
    if not order:
        return []
    children = Child.objects.filter(pk__in=order).prefetch_related(
        Prefetch(
            "addresses",
            queryset=ChildAddress.objects.filter(valid_to__isnull=True).order_by("-valid_from"),
            to_attr="current_addresses",
        ),
        Prefetch(
            "relationships",
            queryset=Relationship.objects.select_related("person").order_by("id"),
            to_attr="loaded_relationships",
        ),
        Prefetch(
            "episodes",
            queryset=Episode.objects.exclude(status=CLOSED).order_by("kind"),
            to_attr="open_episodes",
        ),
    )
    loaded = {child.pk: child for child in children}
    return [
        Candidate(
            child=child,
            address=child.current_addresses[0] if child.current_addresses else None,
            parents=[rel.person.full_name for rel in child.loaded_relationships],
            open_cases=child.open_episodes,
            found_by=found_by,
        )
        for pk, found_by in order.items()
        if (child := loaded.get(pk)) is not None
    ]


# ---------------------------------------------------------------------------------------------
# Returns and the children they are about


def match_children(deletion_return: DeletionReturn) -> list[Child]:
    """Children this return may be about: by UPN first, then legal name and date of birth."""
    if deletion_return.upn:
        by_upn = list(Child.objects.filter(upn=deletion_return.upn))
        if by_upn:
            return by_upn
    return list(
        Child.objects.filter(
            date_of_birth=deletion_return.date_of_birth,
            legal_first_name__iexact=deletion_return.pupil_first_name.strip(),
            legal_last_name__iexact=deletion_return.pupil_last_name.strip(),
        )
    )


def same_person(child: Child, r: DeletionReturn) -> bool:
    """Certain enough to match without asking: a UPN match whose surname or date of birth
    disagrees is left for a person to decide (ADR 0007)."""
    return (
        child.date_of_birth == r.date_of_birth
        and child.legal_last_name.lower() == r.pupil_last_name.strip().lower()
    )


def child_returns(child_id: int) -> QuerySet[DeletionReturn]:
    """The school returns matched to the child: what the school sent stays with the child."""
    return DeletionReturn.objects.filter(matched_child_id=child_id)


def returns_for_child(child_id: int) -> list[DeletionReturn]:
    """Every school return matched to the child, oldest first, with the school, the case it
    opened or joined, its files and its messages loaded: three queries whatever the number.
    The caller records the read against the child (DOMAIN §10)."""
    return list(
        child_returns(child_id)
        .select_related("school", "episode")
        .prefetch_related("attachments", "messages")
        .order_by("submitted_at", "id")
    )


def returns_visible_to_school(school: School) -> QuerySet:
    """A school's own returns, and nothing else: every school screen and API read starts
    here."""
    return DeletionReturn.objects.filter(school=school)
