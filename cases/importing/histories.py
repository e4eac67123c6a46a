"""Dated histories (address, SEN status, CSC status) from a register, and how they meet the
history the service already holds. Pure: works on plain values.

A span holds ``value`` from ``start`` until the day before ``end`` (open when ``end`` is None),
the same convention as ``cases.models.base.DatedRecord``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    start: date
    end: date | None
    value: str
    line: int = 0  # the register line that gave it, for error reports


@dataclass(frozen=True)
class Held:
    """A history row the service already holds."""

    pk: int | None
    start: date
    end: date | None
    value: str


def _ends_after(end: date | None, day: date) -> bool:
    return end is None or end > day


def _later_end(a: date | None, b: date | None) -> date | None:
    if a is None or b is None:
        return None
    return max(a, b)


def overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return _ends_after(b_end, a_start) and _ends_after(a_end, b_start)


def merge_spans(spans: list[Span]) -> tuple[list[Span], list[tuple[Span, Span]]]:
    """Join spans of the same value that overlap or touch; return the merged spans and each
    pair (earlier, later) that overlaps with a different value."""
    merged: list[Span] = []
    conflicts: list[tuple[Span, Span]] = []
    for span in sorted(spans, key=lambda s: (s.start, s.line)):
        last = merged[-1] if merged else None
        # Merged spans never overlap and are in order, so only the last can reach this one.
        if last is not None and _ends_after(last.end, span.start):
            if last.value != span.value:
                conflicts.append((last, span))
                continue
            merged[-1] = Span(last.start, _later_end(last.end, span.end), last.value, last.line)
        elif last is not None and last.end == span.start and last.value == span.value:
            merged[-1] = Span(last.start, span.end, last.value, last.line)
        else:
            merged.append(span)
    return merged, conflicts


def chain(entries: list[Span]) -> tuple[list[Span], list[tuple[Span, Span]]]:
    """A history where each value lasts until the next begins (an address: the family lives
    somewhere from each episode's start). Entries' ``end`` is ignored. Two different values
    on the same day conflict."""
    ordered = sorted(entries, key=lambda s: (s.start, s.line))
    kept: list[Span] = []
    conflicts: list[tuple[Span, Span]] = []
    for entry in ordered:
        if kept and kept[-1].start == entry.start:
            if kept[-1].value != entry.value:
                conflicts.append((kept[-1], entry))
            continue
        if kept and kept[-1].value == entry.value:
            continue
        kept.append(entry)
    spans = [
        Span(entry.start, kept[i + 1].start if i + 1 < len(kept) else None, entry.value, entry.line)
        for i, entry in enumerate(kept)
    ]
    return spans, conflicts


@dataclass
class HistoryChange:
    add: list[Span] = field(default_factory=list)
    end_held: dict[int, date] = field(default_factory=dict)  # held pk -> new end
    delete_held: list[int] = field(default_factory=list)
    # Spans the file gives that would rewrite history the service holds later changes after.
    refused: list[tuple[Span, Held]] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.add or self.end_held or self.delete_held)


def reconcile(desired: list[Span], held: list[Held]) -> HistoryChange:
    """What to write so the held history agrees with ``desired`` on each span's start date.

    Each span is compared with the value held on its first day. The same value: nothing to
    do, whatever the service recorded later (later entries are newer information). No value
    held that day: the span is added, stopping where the next held row begins. A different
    value: the span replaces the held one for its own dates, provided nothing is held after
    it; otherwise it is refused, because it would rewrite past history that casework has
    built on.
    """
    change = HistoryChange()
    working = list(held)
    for span in sorted(desired, key=lambda s: s.start):
        in_force = [h for h in working if h.start <= span.start and _ends_after(h.end, span.start)]
        current = max(in_force, key=lambda h: h.start) if in_force else None
        if current is not None and current.value == span.value:
            continue
        later_starts = [h.start for h in working if h.start > span.start]
        if current is None:
            end = span.end
            if later_starts:
                nxt = min(later_starts)
                end = nxt if end is None or nxt < end else end
            added = Span(span.start, end, span.value, span.line)
            change.add.append(added)
            working.append(Held(None, added.start, added.end, added.value))
            continue
        if later_starts:
            change.refused.append((span, current))
            continue
        working.remove(current)
        if current.start == span.start:
            if current.pk is not None:
                change.delete_held.append(current.pk)
            else:
                change.add = [a for a in change.add if a.start != current.start]
        else:
            if current.pk is not None:
                change.end_held[current.pk] = span.start
            else:
                change.add = [
                    Span(a.start, span.start, a.value, a.line) if a.start == current.start else a
                    for a in change.add
                ]
            working.append(Held(current.pk, current.start, span.start, current.value))
        change.add.append(span)
        working.append(Held(None, span.start, span.end, span.value))
        # The file speaks only for the span's own dates: where the held value ran on past
        # them, it resumes.
        if span.end is not None and _ends_after(current.end, span.end):
            rest = Span(span.end, current.end, current.value, span.line)
            change.add.append(rest)
            working.append(Held(None, rest.start, rest.end, rest.value))
    return change
