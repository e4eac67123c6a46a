"""Loading what the service already holds for the children and episodes a register file
names: a fixed number of bulk queries (chunked to stay under SQLite's parameter limit), never
one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from ..models import (
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    Episode,
    FormalStep,
    UnsuitablePeriod,
)
from .histories import Held
from .register import RegisterRow, normalise_postcode

# Keep every IN (...) list under SQLite's limit on query parameters.
CHUNK = 500

HISTORIES = {
    # key: (model, column in the file, what it is called in messages)
    "address": (ChildAddress, "postcode", "address"),
    "sen": (ChildSENStatus, "sen_status", "SEN status"),
    "csc": (ChildCSCStatus, "csc_status", "CSC status"),
}


def chunks(values: Iterable) -> Iterator[list]:
    values = list(values)
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


@dataclass
class HeldRecords:
    """What the service holds for the file's references, indexed for the plan."""

    children_by_ref: dict[str, Child] = field(default_factory=dict)
    upn_holders: dict[str, Child] = field(default_factory=dict)
    episodes_by_ref: dict[str, list[Episode]] = field(default_factory=lambda: defaultdict(list))
    episodes_by_child: dict[int, list[Episode]] = field(default_factory=lambda: defaultdict(list))
    history: dict[str, dict[int, list[Held]]] = field(default_factory=dict)
    steps: dict[int, set[tuple[str, date]]] = field(default_factory=lambda: defaultdict(set))
    periods: dict[int, list[Held]] = field(default_factory=lambda: defaultdict(list))
    child_ref_of: dict[int, str] = field(default_factory=dict)


def load_held(rows: list[RegisterRow]) -> HeldRecords:
    """Everything relevant the service holds, in a number of queries that depends on the
    file's size only through the chunking, never row by row."""
    held = HeldRecords()
    for chunk in chunks({row.child_ref for row in rows}):
        for child in Child.objects.filter(external_ref__in=chunk):
            held.children_by_ref[child.external_ref] = child
    for chunk in chunks({row.upn for row in rows if row.upn}):
        for child in Child.objects.filter(upn__in=chunk).only("id", "upn", "external_ref"):
            held.upn_holders[child.upn] = child
    child_ids = [child.pk for child in held.children_by_ref.values()]
    by_pk: dict[int, Episode] = {}
    for chunk in chunks(child_ids):
        for episode in Episode.objects.filter(child_id__in=chunk):
            by_pk[episode.pk] = episode
            held.episodes_by_child[episode.child_id].append(episode)
    for chunk in chunks({row.record_ref for row in rows}):
        for episode in Episode.objects.filter(record_ref__in=chunk).select_related("child"):
            held.child_ref_of[episode.pk] = episode.child.external_ref
            held.episodes_by_ref[episode.record_ref].append(by_pk.get(episode.pk, episode))
    for key, (model, _column, _what) in HISTORIES.items():
        value_field = "postcode" if key == "address" else "status"
        by_child: dict[int, list[Held]] = defaultdict(list)
        for chunk in chunks(child_ids):
            for pk, child_id, start, end, value in model.objects.filter(
                child_id__in=chunk
            ).values_list("pk", "child_id", "valid_from", "valid_to", value_field):
                if key == "address":
                    # Officers may have typed the postcode without its space.
                    value = normalise_postcode(value) or value.upper()
                by_child[child_id].append(Held(pk, start, end, value))
        held.history[key] = by_child
    matched = [e.pk for episodes in held.episodes_by_ref.values() for e in episodes]
    for chunk in chunks(matched):
        for episode_id, kind, on in FormalStep.objects.filter(episode_id__in=chunk).values_list(
            "episode_id", "kind", "occurred_on"
        ):
            held.steps[episode_id].add((kind, on))
        for pk, episode_id, start, end in UnsuitablePeriod.objects.filter(
            episode_id__in=chunk
        ).values_list("pk", "episode_id", "valid_from", "valid_to"):
            held.periods[episode_id].append(Held(pk, start, end, ""))
    return held
