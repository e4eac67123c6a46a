"""Children: finding them, and everything the child page shows (its history is one page of
cases.selectors.timeline)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from ehe.roles import CASEWORK_ROLES
from policy.names import query_words
from policy.upn import normalise_upn, upn_error
from policy.workflow import CLOSED, EpisodeKind

from ..models import (
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    Contact,
    Episode,
    InformationRequest,
    Relationship,
    UnsuitablePeriod,
)
from .timeline import PER_PAGE, TimelineItem, TimelinePage, timeline_page


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


@dataclass
class ChildPage:
    child: Child
    address: ChildAddress | None
    sen_status: str
    csc_status: str
    episodes: list[Episode]
    relationships: list[Relationship]
    history: TimelinePage
    outstanding_requests: list[InformationRequest]
    tags: list[str]
    declined_visits: int

    @property
    def open_episodes(self) -> list[Episode]:
        return [e for e in self.episodes if e.is_open]

    @property
    def timeline(self) -> list[TimelineItem]:
        """This page of the history."""
        return self.history.items


def child_page(
    child_id: int,
    *,
    today: date,
    kinds: frozenset[str] | set[str] = frozenset(),
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ChildPage:
    """Everything the child page shows, in a fixed number of queries whatever the history:
    the history is one page of it (cases.selectors.timeline), of ``kinds`` only if given."""
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
    history = timeline_page(
        child_id,
        kinds=kinds,
        page=page,
        per_page=per_page,
        episode_labels={e.pk: e.get_kind_display() for e in episodes},
    )
    # Waiting for a reply, whichever page of the history the request is on.
    outstanding = list(
        InformationRequest.objects.filter(
            episode__child=child, reply_received_on__isnull=True
        ).order_by("-requested_on", "-id")
    )
    # A declined visit is a valid choice, but officers should see that there have been any.
    declined = Contact.objects.filter(episode__child=child, outcome="visit_declined").count()
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
        history=history,
        outstanding_requests=outstanding,
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
