"""Keeping each open episode's next due date current. Called by services after every write
and by the daily job, so nothing depends on someone clicking.

Set-based: ``refresh_due_dates`` runs the same few queries whatever the number of episodes
(one per kind of case, one for judgements' own next-contact dates, one for booked visits, one
for the settings, and the writes in batches), because it runs nightly over every open case in
the country's largest councils. The rules themselves are the pure functions in ``policy.due``.
"""

from dataclasses import dataclass, field
from datetime import date

from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection, transaction
from django.db.models import Case, Exists, Max, Min, OuterRef, Q, Subquery, When

from policy.due import (
    QUALIFYING_CONTACT_TYPES,
    STATUS_ENTRY_STATUSES,
    DueItem,
    EHEFacts,
    booked_visit_item,
    cme_due_items,
    ehe_due_items,
    involvement_due_items,
    risk_tiers,
    soonest,
)
from policy.school_age import left_compulsory_school_age_if_born_before
from policy.workflow import CLOSED, EHEStatus, EpisodeKind

from ..models import (
    BookedVisit,
    CaseworkSettings,
    ChildCSCStatus,
    ChildSENStatus,
    CMEEnquiry,
    Contact,
    Episode,
    EpisodeEvent,
    Judgement,
)

# Events that record a case moving into a status. An import that changed a case's status
# records the move as "imported" on the day it ran.
STATUS_ENTRY_ACTIONS = ("status_changed", "imported")


def _entered_status_on():
    """The day the episode entered its current status: the latest recorded move into it. A
    correlated subquery inside the one episode query, asked only for the statuses whose
    dates are reckoned from it."""
    latest_move = (
        EpisodeEvent.objects.filter(
            episode=OuterRef("pk"),
            action__in=STATUS_ENTRY_ACTIONS,
            to_status=OuterRef("status"),
        )
        .order_by("-at", "-id")
        .values("occurred_on")[:1]
    )
    return Case(When(status__in=STATUS_ENTRY_STATUSES, then=Subquery(latest_move)))


def _latest(queryset, field: str):
    return Subquery(queryset.filter(episode=OuterRef("pk")).order_by(f"-{field}").values(field)[:1])


def _ehe_queryset(today: date):
    csc_now = ChildCSCStatus.objects.as_at(today).filter(child=OuterRef("child_id"))
    return (
        Episode.objects.filter(kind=EpisodeKind.EHE)
        .exclude(status=CLOSED)
        .annotate(
            last_qualifying_contact=Max(
                "contacts__occurred_on",
                filter=Q(contacts__contact_type__in=QUALIFYING_CONTACT_TYPES)
                # Nothing was shared when nobody answered or a visit was declined.
                & ~Q(contacts__outcome__in=["no_response", "visit_declined"]),
            ),
            last_contact=Max("contacts__occurred_on"),
            last_judgement=Max("judgements__decided_on"),
            open_reply_by=Min(
                "information_requests__reply_by",
                filter=Q(information_requests__reply_received_on__isnull=True),
            ),
            last_reply_received=Max("information_requests__reply_received_on"),
            letter_sent=Exists(
                Contact.objects.filter(episode=OuterRef("pk"), contact_type="letter")
            ),
            entered_status_on=_entered_status_on(),
            on_cpp=Exists(csc_now.filter(status="cpp")),
            on_cin=Exists(csc_now.filter(status="cin")),
            has_ehcp=Exists(
                ChildSENStatus.objects.as_at(today).filter(
                    child=OuterRef("child_id"), status="ehcp"
                )
            ),
        )
        .select_related("child")
    )


def _latest_explicit_next_contact(episode_ids: list[int] | None) -> dict[int, tuple[date, date]]:
    """The most recent judgement's own next-contact date, per open EHE episode."""
    rows = Judgement.objects.filter(
        next_contact_due__isnull=False,
        episode__kind=EpisodeKind.EHE,
        episode__status__in=[EHEStatus.INFORMAL_ENQUIRY, EHEStatus.SUITABLE],
    )
    if episode_ids is not None:
        rows = rows.filter(episode_id__in=episode_ids)
    latest: dict[int, tuple[date, date]] = {}
    for episode_id, decided_on, due in rows.order_by("episode_id", "decided_on", "id").values_list(
        "episode_id", "decided_on", "next_contact_due"
    ):
        latest[episode_id] = (decided_on, due)
    return latest


def _waiting_bookings(episode_ids: list[int] | None) -> dict[int, DueItem]:
    """The soonest visit or meeting still waiting to be recorded, per open episode."""
    rows = BookedVisit.objects.filter(state="booked").exclude(episode__status=CLOSED)
    if episode_ids is not None:
        rows = rows.filter(episode_id__in=episode_ids)
    soonest_by_episode: dict[int, DueItem] = {}
    for episode_id, kind, booked_on in rows.order_by("episode_id", "booked_on", "id").values_list(
        "episode_id", "kind", "booked_on"
    ):
        soonest_by_episode.setdefault(episode_id, booked_visit_item(kind, booked_on))
    return soonest_by_episode


def _ehe_facts(episode: Episode, today: date, explicit) -> EHEFacts:
    last = max(
        (d for d in (episode.last_qualifying_contact, episode.last_judgement) if d), default=None
    )
    judgement_next_contact = None
    if explicit:
        decided_on, due = explicit
        if last is None or decided_on >= last:
            judgement_next_contact = due
    csc = "cpp" if episode.on_cpp else "cin" if episode.on_cin else "none"
    return EHEFacts(
        status=episode.status,
        start=episode.start_date,
        dob=episode.child.date_of_birth,
        entered_status_on=episode.entered_status_on,
        last_qualifying_contact=last,
        last_contact=episode.last_contact,
        judgement_next_contact=judgement_next_contact,
        open_information_reply_by=episode.open_reply_by,
        last_reply_received=episode.last_reply_received,
        letter_sent=episode.letter_sent,
        post16_advice_done=episode.post16_advice_done_on is not None,
        risk_tiers=risk_tiers(
            csc_status=csc,
            has_ehcp=episode.has_ehcp,
            start=episode.start_date,
            last_contact=last,
            today=today,
        ),
    )


def episode_refresh_due(episode: Episode, *, today: date) -> None:
    if episode.status == CLOSED:
        return
    refresh_due_dates(today=today, episode_ids=[episode.pk])
    # The caller's object should show what was just written.
    episode.refresh_from_db(fields=["next_due_on", "next_due_kind"])


@dataclass
class RefreshResult:
    changed: int = 0
    # Episodes whose dates could not be worked out, left as they were: (id, error).
    failed: list[tuple[int, Exception]] = field(default_factory=list)


def refresh_due_dates(*, today: date, episode_ids: list[int] | None = None) -> int:
    """Recompute the next due date and kind of every open episode (or of ``episode_ids``);
    returns how many changed. A booked visit that comes sooner than anything else is the
    case's next date. Any failure is raised: a service that has just written expects the
    case's dates to follow."""
    return _refresh(today=today, episode_ids=episode_ids, isolate=False).changed


def refresh_due_dates_report(*, today: date) -> RefreshResult:
    """As ``refresh_due_dates`` over every open episode, for the daily job: an episode whose
    dates cannot be worked out is reported and left as it was, and every other is still
    refreshed."""
    return _refresh(today=today, episode_ids=None, isolate=True)


@transaction.atomic
def _refresh(*, today: date, episode_ids: list[int] | None, isolate: bool) -> RefreshResult:
    if connection.vendor == "postgresql":
        # The correlated subqueries make the planner's cost estimate high enough to compile
        # the query with JIT, which then takes longer than running it (benchmarks/). For this
        # transaction only.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    values = CaseworkSettings.current().due_values()
    bookings = _waiting_bookings(episode_ids)
    changed: list[Episode] = []
    result = RefreshResult()

    def consider(episode: Episode, rules) -> None:
        try:
            items = rules()
        except Exception as error:
            if not isolate or isinstance(error, SoftTimeLimitExceeded):
                raise
            result.failed.append((episode.pk, error))
            return
        if (booked := bookings.get(episode.pk)) is not None:
            items = [*items, booked]
        first = soonest(items)
        due_on, kind = (first.due_on, first.kind) if first else (None, "")
        if (episode.next_due_on, episode.next_due_kind) != (due_on, kind):
            episode.next_due_on, episode.next_due_kind = due_on, kind
            changed.append(episode)

    ehe = _ehe_queryset(today)
    cme = _cme_queryset()
    involvements = _involvement_queryset()
    if episode_ids is not None:
        ehe, cme, involvements = (q.filter(pk__in=episode_ids) for q in (ehe, cme, involvements))

    explicit = _latest_explicit_next_contact(episode_ids)
    for episode in ehe:
        consider(
            episode,
            lambda e=episode: ehe_due_items(
                _ehe_facts(e, today, explicit.get(e.pk)), today=today, values=values
            ),
        )
    for episode in cme:
        consider(
            episode,
            lambda e=episode: cme_due_items(
                status=e.status,
                start=e.start_date,
                home_visit_made=e.home_visit_made,
                last_activity=max((d for d in (e.last_enquiry, e.last_contact) if d), default=None),
                entered_status_on=e.entered_status_on,
                values=values,
            ),
        )
    for episode in involvements:
        consider(
            episode,
            lambda e=episode: involvement_due_items(
                start=e.start_date, last_contact=e.last_contact, values=values
            ),
        )
    _write_due(changed)
    result.changed = len(changed)
    return result


def _cme_queryset():
    return (
        Episode.objects.filter(kind=EpisodeKind.CME)
        .exclude(status=CLOSED)
        .annotate(
            home_visit_made=Exists(
                CMEEnquiry.objects.filter(episode=OuterRef("pk"), item="home_visit")
            ),
            last_enquiry=_latest(CMEEnquiry.objects, "made_on"),
            last_contact=_latest(Contact.objects, "occurred_on"),
            entered_status_on=_entered_status_on(),
        )
        .only("id", "status", "start_date", "next_due_on", "next_due_kind")
    )


def _involvement_queryset():
    return (
        Episode.objects.filter(kind=EpisodeKind.INVOLVEMENT)
        .exclude(status=CLOSED)
        .annotate(last_contact=_latest(Contact.objects, "occurred_on"))
        .only("id", "status", "start_date", "next_due_on", "next_due_kind")
    )


def _write_due(changed: list[Episode]) -> None:
    """Write the new due dates. On PostgreSQL one UPDATE … FROM (VALUES …) per thousand rows:
    Django's bulk_update builds a CASE expression per row and is two orders of magnitude
    slower at England scale (benchmarks/). SQLite, the small zero-setup default, uses it."""
    if connection.vendor != "postgresql":
        Episode.objects.bulk_update(changed, ["next_due_on", "next_due_kind"], batch_size=500)
        return
    table = Episode._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(changed), 1000):
            chunk = changed[start : start + 1000]
            values = ", ".join(["(%s, %s::date, %s)"] * len(chunk))
            params = [p for e in chunk for p in (e.pk, e.next_due_on, e.next_due_kind)]
            cursor.execute(
                f"UPDATE {table} AS e SET next_due_on = v.due_on, next_due_kind = v.kind "  # noqa: S608
                f"FROM (VALUES {values}) AS v(id, due_on, kind) WHERE e.id = v.id",
                params,
            )


def episodes_past_compulsory_school_age(*, today: date):
    cutoff = left_compulsory_school_age_if_born_before(today)
    return Episode.objects.exclude(status=CLOSED).filter(child__date_of_birth__lt=cutoff)
