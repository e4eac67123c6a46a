"""Carrying out a register import plan: one transaction (the caller's), bulk writes, an audit
entry for every child and episode created or changed, and an event on every episode."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from policy.workflow import CLOSED, EpisodeKind

from ..models import (
    Alert,
    AuditEntry,
    Child,
    Episode,
    EpisodeEvent,
    FormalStep,
    UnsuitablePeriod,
)
from ..services.due import refresh_due_dates
from .register_held import CHUNK, HISTORIES, chunks
from .register_plan import Plan

_CHILD_FIELDS = [
    "legal_first_name",
    "legal_last_name",
    "name_search",
    "date_of_birth",
    "sex",
    "upn",
]
_EPISODE_FIELDS = [
    "start_date",
    "end_date",
    "status",
    "primary_reason",
    "previous_school_type",
    "closure_reason",
    "closure_notes",
    "next_due_on",
    "next_due_kind",
    "version",
    "updated_at",
]


def write_plan(plan: Plan, *, by, today: date) -> dict[str, int]:
    actor = by if getattr(by, "is_authenticated", False) else None
    now = timezone.now()
    counts = {"history": 0, "steps": 0, "periods": 0, "alerts": 0}
    audit: list[AuditEntry] = []

    def audit_entry(obj, child_id: int, detail: str) -> None:
        audit.append(
            AuditEntry(
                actor=actor,
                action="import",
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                child_id=child_id,
                channel="import",
                detail=detail[:200],
            )
        )

    # Children first: episodes and histories need their ids.
    Child.objects.bulk_create([c.child for c in plan.children if c.is_new], batch_size=CHUNK)
    changed_children = [c.child for c in plan.children if not c.is_new and c.changed]
    for child in changed_children:
        child.version += 1
        child.updated_at = now
    Child.objects.bulk_update(
        changed_children, [*_CHILD_FIELDS, "version", "updated_at"], batch_size=CHUNK
    )

    for key, (model, _column, _what) in HISTORIES.items():
        changes = [(c.child, c.history[key]) for c in plan.children if key in c.history]
        deletes = [pk for _child, change in changes for pk in change.delete_held]
        for chunk in chunks(deletes):
            model.objects.filter(pk__in=chunk).delete()
        ends = [
            model(pk=pk, valid_to=end)
            for _child, change in changes
            for pk, end in change.end_held.items()
        ]
        model.objects.bulk_update(ends, ["valid_to"], batch_size=CHUNK)
        new_rows = []
        for child, change in changes:
            for span in change.add:
                value = (
                    {"postcode": span.value, "in_area": True}
                    if key == "address"
                    else {"status": span.value}
                )
                new_rows.append(
                    model(child=child, valid_from=span.start, valid_to=span.end, **value)
                )
        model.objects.bulk_create(new_rows, batch_size=CHUNK)
        counts["history"] += len(new_rows)

    for c in plan.children:
        if c.is_new:
            audit_entry(c.child, c.child.pk, "created by register import")
        elif c.changed or c.history_changed:
            what = c.changed + [f"{key} history" for key in c.history_changed]
            audit_entry(c.child, c.child.pk, "changed by register import: " + ", ".join(what))

    # Held episodes before new ones, so that an episode the file closes is closed before its
    # successor opens (one open episode per kind is a database constraint).
    updated = [p for p in plan.episodes if not p.is_new and p.changed]
    for p in updated:
        p.episode.version += 1
        p.episode.updated_at = now
    Episode.objects.bulk_update([p.episode for p in updated], _EPISODE_FIELDS, batch_size=CHUNK)
    UnsuitablePeriod.objects.bulk_update(
        [
            UnsuitablePeriod(pk=pk, valid_to=end)
            for p in plan.episodes
            for pk, end in p.periods_to_end.items()
        ],
        ["valid_to"],
        batch_size=CHUNK,
    )
    new = [p for p in plan.episodes if p.is_new]
    for p in new:
        p.episode.child = p.child_plan.child
    Episode.objects.bulk_create([p.episode for p in new], batch_size=CHUNK)

    events: list[EpisodeEvent] = []
    steps: list[FormalStep] = []
    periods: list[UnsuitablePeriod] = []
    alerts: list[Alert] = []
    for p in plan.episodes:
        episode = p.episode
        if p.is_new:
            events.append(
                EpisodeEvent(
                    episode=episode,
                    by=None,
                    action="opened",
                    occurred_on=episode.start_date,
                    to_status="" if episode.status == CLOSED else episode.status,
                    data={"source": "import"},
                )
            )
            if episode.status == CLOSED:
                events.append(
                    EpisodeEvent(
                        episode=episode,
                        by=None,
                        action="closed",
                        occurred_on=episode.end_date,
                        to_status=CLOSED,
                        reason=episode.closure_notes,
                        data={"source": "import", "closure_reason": episode.closure_reason},
                    )
                )
            audit_entry(episode, episode.child_id, "created by register import")
        elif p.changes_anything:
            what = list(p.changed)
            if p.steps_to_add:
                what.append("formal steps")
            if p.period_to_add:
                what.append("unsuitable period")
            events.append(
                EpisodeEvent(
                    episode=episode,
                    by=None,
                    action="imported",
                    occurred_on=today,
                    from_status=p.from_status if episode.status != p.from_status else "",
                    to_status=episode.status if episode.status != p.from_status else "",
                    data={"source": "import", "changed": what},
                )
            )
            audit_entry(episode, episode.child_id, "changed by register import: " + ", ".join(what))
        steps += [
            FormalStep(
                episode=episode,
                kind=kind,
                occurred_on=on,
                recorded_by=actor,
                notes="From the imported register.",
            )
            for kind, on in p.steps_to_add
        ]
        if p.period_to_add:
            start, end = p.period_to_add
            periods.append(UnsuitablePeriod(episode=episode, valid_from=start, valid_to=end))
        if p.alert:
            alerts.append(Alert(kind="csc_child_ehe", child_id=episode.child_id, episode=episode))
    EpisodeEvent.objects.bulk_create(events, batch_size=CHUNK)
    FormalStep.objects.bulk_create(steps, batch_size=CHUNK)
    UnsuitablePeriod.objects.bulk_create(periods, batch_size=CHUNK)
    Alert.objects.bulk_create(alerts, batch_size=CHUNK)
    AuditEntry.objects.bulk_create(audit, batch_size=CHUNK)
    counts.update(steps=len(steps), periods=len(periods), alerts=len(alerts))

    due = [
        p.episode.pk
        for p in plan.episodes
        if (p.is_new or p.changed)
        and p.episode.kind == EpisodeKind.EHE
        and p.episode.status != CLOSED
    ]
    for chunk in chunks(due):
        refresh_due_dates(today=today, episode_ids=chunk)
    return counts
