"""Keeping each open episode's next due date current. Called by services after every write
and by the daily job, so nothing depends on someone clicking."""

from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef, Q

from policy.due import QUALIFYING_CONTACT_TYPES, DueItem, cme_due_items, ehe_due_items
from policy.school_age import left_compulsory_school_age_if_born_before
from policy.workflow import CLOSED, EpisodeKind

from ..models import CaseworkSettings, CMEEnquiry, Episode, Judgement


def _ehe_queryset():
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
            last_judgement=Max("judgements__decided_on"),
            open_reply_by=Min(
                "information_requests__reply_by",
                filter=Q(information_requests__reply_received_on__isnull=True),
            ),
        )
        .select_related("child")
    )


def _latest_explicit_next_contact(episode_ids: list[int]) -> dict[int, tuple[date, date]]:
    """The most recent judgement's own next-contact date, per episode."""
    latest: dict[int, tuple[date, date]] = {}
    rows = (
        Judgement.objects.filter(episode_id__in=episode_ids, next_contact_due__isnull=False)
        .order_by("episode_id", "decided_on", "id")
        .values_list("episode_id", "decided_on", "next_contact_due")
    )
    for episode_id, decided_on, due in rows:
        latest[episode_id] = (decided_on, due)
    return latest


def _compute(episode: Episode, today: date, values, explicit) -> tuple[date | None, str]:
    last = max(
        (d for d in (episode.last_qualifying_contact, episode.last_judgement) if d), default=None
    )
    items = ehe_due_items(
        status=episode.status,
        start=episode.start_date,
        dob=episode.child.date_of_birth,
        today=today,
        values=values,
        last_qualifying_contact=last,
        open_information_reply_by=episode.open_reply_by,
        post16_advice_done=episode.post16_advice_done_on is not None,
    )
    if explicit and episode.status in {"informal_enquiry", "suitable"}:
        decided_on, due = explicit
        if last is None or decided_on >= last:
            items = [i for i in items if i.kind != "next_contact"]
            items.append(DueItem("next_contact", due))
            items.sort(key=lambda i: i.due_on)
    first = items[0] if items else None
    return (first.due_on, first.kind) if first else (None, "")


def episode_refresh_due(episode: Episode, *, today: date) -> None:
    if episode.kind == EpisodeKind.INVOLVEMENT or episode.status == CLOSED:
        return
    refresh_due_dates(today=today, episode_ids=[episode.pk])
    # The caller's object should show what was just written.
    episode.refresh_from_db(fields=["next_due_on", "next_due_kind"])


@transaction.atomic
def refresh_due_dates(*, today: date, episode_ids: list[int] | None = None) -> int:
    """Recompute next due date and kind for open EHE and CME episodes; returns how many
    changed."""
    values = CaseworkSettings.current().due_values()
    queryset = _ehe_queryset()
    if episode_ids is not None:
        queryset = queryset.filter(pk__in=episode_ids)
    episodes = list(queryset)
    explicit = _latest_explicit_next_contact([e.pk for e in episodes])
    changed = []
    for episode in episodes:
        due_on, kind = _compute(episode, today, values, explicit.get(episode.pk))
        if (episode.next_due_on, episode.next_due_kind) != (due_on, kind):
            episode.next_due_on, episode.next_due_kind = due_on, kind
            changed.append(episode)
    changed += _cme_changes(values, episode_ids)
    _write_due(changed)
    return len(changed)


def _cme_changes(values, episode_ids: list[int] | None) -> list[Episode]:
    queryset = (
        Episode.objects.filter(kind=EpisodeKind.CME)
        .exclude(status=CLOSED)
        .annotate(
            home_visit_made=Exists(
                CMEEnquiry.objects.filter(episode=OuterRef("pk"), item="home_visit")
            )
        )
        .only("id", "status", "start_date", "next_due_on", "next_due_kind")
    )
    if episode_ids is not None:
        queryset = queryset.filter(pk__in=episode_ids)
    changed = []
    for episode in queryset:
        items = cme_due_items(
            status=episode.status,
            start=episode.start_date,
            home_visit_made=episode.home_visit_made,
            values=values,
        )
        due_on, kind = (items[0].due_on, items[0].kind) if items else (None, "")
        if (episode.next_due_on, episode.next_due_kind) != (due_on, kind):
            episode.next_due_on, episode.next_due_kind = due_on, kind
            changed.append(episode)
    return changed


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
