"""Working out what a register file changes, without writing anything.

The plan compares each row with what the service holds (``register_held``) and records every
problem it finds; ``register_write`` carries out a plan that has none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from policy.workflow import CLOSED, EpisodeKind

from ..models import Child, Episode
from .csvfile import Problem
from .histories import HistoryChange, Span, chain, merge_spans, reconcile
from .register import RegisterRow
from .register_held import HISTORIES, HeldRecords
from .register_rules import (
    FORMAL_STEP_COLUMNS,
    closure_for,
    imported_status,
    unsuitable_period,
)

_KIND_NAMES = {
    EpisodeKind.EHE: "EHE",
    EpisodeKind.CME: "CME",
    EpisodeKind.INVOLVEMENT: "involvement",
}
# DOMAIN §5.2: a child known to children's social care who is home educated is flagged to a
# manager at once; the same statuses as ``episode_open`` uses.
_CSC_ALERT_STATUSES = frozenset({"cin", "cpp", "cla"})


@dataclass
class ChildPlan:
    ref: str
    rows: list[RegisterRow]
    child: Child
    is_new: bool
    changed: list[str] = field(default_factory=list)
    history: dict[str, HistoryChange] = field(default_factory=dict)

    @property
    def history_changed(self) -> list[str]:
        return [key for key, change in self.history.items() if change.changes_anything]


@dataclass
class EpisodePlan:
    row: RegisterRow
    child_plan: ChildPlan
    episode: Episode
    is_new: bool
    from_status: str = ""
    changed: list[str] = field(default_factory=list)
    steps_to_add: list[tuple[str, date]] = field(default_factory=list)
    period_to_add: tuple[date, date | None] | None = None
    periods_to_end: dict[int, date] = field(default_factory=dict)
    alert: bool = False

    @property
    def changes_anything(self) -> bool:
        return bool(self.changed or self.steps_to_add or self.period_to_add)


@dataclass
class Plan:
    children: list[ChildPlan] = field(default_factory=list)
    episodes: list[EpisodePlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(line, column, message))


def make_plan(rows: list[RegisterRow], held: HeldRecords) -> Plan:
    plan = Plan()
    by_child: dict[str, list[RegisterRow]] = defaultdict(list)
    for row in rows:
        by_child[row.child_ref].append(row)
    for ref, child_rows in by_child.items():
        child_plan = _plan_child(plan, ref, child_rows, held)
        plan.children.append(child_plan)
        episode_plans = [_plan_episode(plan, row, child_plan, held) for row in child_rows]
        episode_plans = [p for p in episode_plans if p is not None]
        plan.episodes.extend(episode_plans)
        _check_overlaps(plan, child_plan, episode_plans, held)
    return plan


def _plan_child(plan: Plan, ref: str, rows: list[RegisterRow], held: HeldRecords) -> ChildPlan:
    first = rows[0]
    sex = next((row.sex for row in rows if row.sex), "")
    upn = next((row.upn for row in rows if row.upn), "")
    existing = held.children_by_ref.get(ref)
    if upn:
        holder = held.upn_holders.get(upn)
        if holder is not None and holder.external_ref != ref:
            whose = (
                f"child_ref {holder.external_ref}"
                if holder.external_ref
                else "a child not brought in from a register"
            )
            for row in rows:
                if row.upn:
                    plan.problem(row.line, "upn", f"The service already holds this UPN for {whose}")
    wanted = {
        "legal_first_name": first.first_name,
        "legal_last_name": first.last_name,
        "date_of_birth": first.date_of_birth,
    }
    # A blank sex or UPN means "not given": it never clears what the service holds.
    if sex:
        wanted["sex"] = sex
    if upn:
        wanted["upn"] = upn
    if existing is None:
        child = Child(external_ref=ref, **{"sex": "U", **wanted})
        child.set_name_search()
        child_plan = ChildPlan(ref, rows, child, is_new=True)
    else:
        changed = [name for name, value in wanted.items() if getattr(existing, name) != value]
        for name in changed:
            setattr(existing, name, wanted[name])
        existing.set_name_search()
        child_plan = ChildPlan(ref, rows, existing, is_new=False, changed=changed)

    for key, (_model, column, what) in HISTORIES.items():
        if key == "address":
            entries = [Span(r.start_date, None, r.postcode, r.line) for r in rows if r.postcode]
            desired, conflicts = chain(entries)
            clash = "starts on the same day with a different postcode"
        else:
            entries = [
                Span(r.start_date, r.end_date, getattr(r, column), r.line)
                for r in rows
                if getattr(r, column)
            ]
            desired, conflicts = merge_spans(entries)
            clash = f"overlaps this one in time with a different {what}"
        for earlier, later in conflicts:
            plan.problem(later.line, column, f"The row on line {earlier.line} {clash}")
            plan.problem(earlier.line, column, f"The row on line {later.line} {clash}")
        holding = [] if existing is None else held.history[key].get(existing.pk, [])
        change = reconcile(desired, holding)
        for span, current in change.refused:
            plan.problem(
                span.line,
                column,
                f"The service holds a different {what} for this child on "
                f"{span.start.isoformat()} (from {current.start.isoformat()}) and later "
                "history after it; correct that in the service, not by importing",
            )
        child_plan.history[key] = change
    return child_plan


def _row_steps(row: RegisterRow) -> list[tuple[str, date]]:
    return [
        (kind, getattr(row, column)) for column, kind in FORMAL_STEP_COLUMNS if getattr(row, column)
    ]


def _plan_episode(
    plan: Plan, row: RegisterRow, child_plan: ChildPlan, held: HeldRecords
) -> EpisodePlan | None:
    matches = held.episodes_by_ref.get(row.record_ref, [])
    if len(matches) > 1:
        plan.problem(
            row.line,
            "record_ref",
            f"record_ref {row.record_ref} matches {len(matches)} episodes in the service",
        )
        return None
    period = unsuitable_period(
        unsuitable_from=row.unsuitable_from,
        end_date=row.end_date,
        sao_revoked=row.sao_revoked_date,
    )
    if not matches:
        return _plan_new_episode(row, child_plan, period)
    episode = matches[0]
    if child_plan.is_new or episode.child_id != child_plan.child.pk:
        other = held.child_ref_of.get(episode.pk) or "none"
        plan.problem(
            row.line,
            "record_ref",
            f"record_ref {row.record_ref} is an episode of a different child in the service "
            f"(child_ref {other})",
        )
        return None
    if episode.kind != row.kind:
        plan.problem(
            row.line,
            "episode_type",
            f"The service holds this episode as {_KIND_NAMES[episode.kind]}; an import cannot "
            "change an episode's type",
        )
        return None
    return _plan_held_episode(plan, row, child_plan, episode, held, period)


def _plan_new_episode(row, child_plan, period) -> EpisodePlan:
    status = imported_status(
        kind=row.kind,
        end_date=row.end_date,
        s437_served=row.s437_served_date,
        sao_served=row.sao_served_date,
        sao_revoked=row.sao_revoked_date,
        unsuitable_from=row.unsuitable_from,
    )
    closure_reason, closure_notes = (
        closure_for(row.kind, row.end_reason) if row.end_date else ("", "")
    )
    default_reason = "unknown" if row.kind == EpisodeKind.EHE else "not_recorded"
    episode = Episode(
        kind=row.kind,
        status=status,
        start_date=row.start_date,
        end_date=row.end_date,
        source="imported",
        record_ref=row.record_ref,
        previous_school_type=row.previous_school_type,
        primary_reason=row.reason or default_reason,
        closure_reason=closure_reason,
        closure_notes=closure_notes,
    )
    return EpisodePlan(
        row=row,
        child_plan=child_plan,
        episode=episode,
        is_new=True,
        steps_to_add=_row_steps(row),
        period_to_add=period,
        alert=(
            row.kind == EpisodeKind.EHE
            and status != CLOSED
            and row.csc_status in _CSC_ALERT_STATUSES
        ),
    )


def _plan_held_episode(plan, row, child_plan, episode: Episode, held: HeldRecords, period):
    """Update a held episode from its row. Casework since the last import is kept: the file
    changes dates, reasons and the previous-school type, closes an open episode and adds
    formal steps and unsuitable periods the service lacks, but never moves an open episode's
    status or reopens a closed one (docs/import-register.md)."""
    p = EpisodePlan(
        row=row, child_plan=child_plan, episode=episode, is_new=False, from_status=episode.status
    )
    held_steps = held.steps.get(episode.pk, set())
    held_periods = held.periods.get(episode.pk, [])
    if episode.start_date != row.start_date:
        earliest = min(
            [on for _kind, on in held_steps] + [h.start for h in held_periods], default=None
        )
        if earliest is not None and earliest < row.start_date:
            plan.problem(
                row.line,
                "start_date",
                "The service holds formal steps or unsuitable periods for this episode "
                "before this start date",
            )
        episode.start_date = row.start_date
        p.changed.append("start_date")
    if row.reason and episode.primary_reason != row.reason:
        episode.primary_reason = row.reason
        p.changed.append("primary_reason")
    if row.previous_school_type and episode.previous_school_type != row.previous_school_type:
        episode.previous_school_type = row.previous_school_type
        p.changed.append("previous_school_type")
    if row.end_date is not None:
        closure_reason, closure_notes = closure_for(row.kind, row.end_reason)
        if episode.status != CLOSED:
            for h in held_periods:
                if h.end is None or h.end > row.end_date:
                    if h.start >= row.end_date:
                        plan.problem(
                            row.line,
                            "end_date",
                            "The service holds an unsuitable period for this episode that "
                            "starts on or after this end date",
                        )
                    p.periods_to_end[h.pk] = row.end_date
            episode.status = CLOSED
            episode.next_due_on = None
            episode.next_due_kind = ""
            p.changed.append("status")
        for name, value in (
            ("end_date", row.end_date),
            ("closure_reason", closure_reason),
            ("closure_notes", closure_notes),
        ):
            if getattr(episode, name) != value:
                setattr(episode, name, value)
                p.changed.append(name)
    if episode.end_date is not None and episode.start_date > episode.end_date:
        plan.problem(
            row.line,
            "start_date",
            "The service holds this episode as closed on "
            f"{episode.end_date.isoformat()}, before this start date",
        )
    p.steps_to_add = [step for step in _row_steps(row) if step not in held_steps]
    if period is not None:
        start, end = period
        in_force = any(h.start <= start and (h.end is None or h.end > start) for h in held_periods)
        if not in_force:
            # Stop where the service's own record of a later period begins, and never run
            # past the end of the case.
            stops = [h.start for h in held_periods if h.start > start]
            if episode.end_date is not None:
                stops.append(episode.end_date)
            if end is not None:
                stops.append(end)
            p.period_to_add = (start, min(stops) if stops else None)
    return p


def _check_overlaps(plan: Plan, child_plan: ChildPlan, episode_plans, held: HeldRecords) -> None:
    """Never two episodes of one kind at once for one child (DOMAIN §5), counting the
    episodes the service already holds that this file does not mention."""
    spans = [
        (p.episode.start_date, p.episode.end_date, p.episode.kind, p.row.line)
        for p in episode_plans
    ]
    if not child_plan.is_new:
        mentioned = {p.episode.pk for p in episode_plans if not p.is_new}
        spans += [
            (e.start_date, e.end_date, e.kind, 0)
            for e in held.episodes_by_child.get(child_plan.child.pk, [])
            if e.pk not in mentioned
        ]
    for i, (start, end, kind, line) in enumerate(spans):
        for other_start, other_end, other_kind, other_line in spans[:i] + spans[i + 1 :]:
            if kind != other_kind or not line:
                continue
            if not (
                (other_end is None or start < other_end) and (end is None or other_start < end)
            ):
                continue
            name = _KIND_NAMES[kind]
            other = (
                f"the one on line {other_line}"
                if other_line
                else f"one the service already holds (started {other_start.isoformat()})"
            )
            if end is None and other_end is None:
                message = f"The child would have two open {name} episodes: this one and {other}"
            else:
                message = f"This {name} episode's dates overlap {other}"
            plan.problem(line, "start_date", message)
