"""Bringing an existing register in: ``import_register`` (docs/import-register.md).

Three steps, so that nothing is saved unless everything is right:

1. read and check the file on its own (``register.read_register``);
2. load, in a fixed number of bulk queries, everything the service already holds for the
   children and episodes the file names, and work out the changes, checking them against
   those records (a plan; nothing written yet);
3. if no problem was found anywhere, write the plan in one transaction, in bulk, with an audit
   entry for every child and episode created or changed and an event on every episode.

Rows are keyed by ``record_ref`` (episodes) and ``child_ref`` (children), so importing the same
file again finds nothing to change and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .csvfile import ImportRefused
from .register import read_register
from .register_held import load_held
from .register_plan import make_plan
from .register_write import write_plan


@dataclass(frozen=True)
class RegisterImportResult:
    dry_run: bool
    rows: int
    children_created: int
    children_updated: int
    children_unchanged: int
    episodes_created: int
    episodes_updated: int
    episodes_unchanged: int
    history_rows_added: int
    formal_steps_added: int
    unsuitable_periods_added: int
    alerts_raised: int

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.children_created
            or self.children_updated
            or self.episodes_created
            or self.episodes_updated
        )


def import_register(raw: bytes, *, by, today: date, dry_run: bool = False) -> RegisterImportResult:
    """Check ``raw`` in full and, unless ``dry_run``, save it in one transaction.

    Raises ``ImportRefused`` listing every problem, with nothing saved, if anything is wrong.
    """
    rows, problems = read_register(raw, today=today)
    with transaction.atomic():
        held = load_held(rows)
        plan = make_plan(rows, held)
        problems = problems + plan.problems
        if problems:
            raise ImportRefused(problems)
        if dry_run:
            counts = {
                "history": sum(len(c.history[k].add) for c in plan.children for k in c.history),
                "steps": sum(len(p.steps_to_add) for p in plan.episodes),
                "periods": sum(1 for p in plan.episodes if p.period_to_add),
                "alerts": sum(1 for p in plan.episodes if p.alert),
            }
        else:
            counts = write_plan(plan, by=by, today=today)
    children_updated = sum(
        1 for c in plan.children if not c.is_new and (c.changed or c.history_changed)
    )
    episodes_updated = sum(1 for p in plan.episodes if not p.is_new and p.changes_anything)
    children_created = sum(1 for c in plan.children if c.is_new)
    episodes_created = sum(1 for p in plan.episodes if p.is_new)
    return RegisterImportResult(
        dry_run=dry_run,
        rows=len(rows),
        children_created=children_created,
        children_updated=children_updated,
        children_unchanged=len(plan.children) - children_created - children_updated,
        episodes_created=episodes_created,
        episodes_updated=episodes_updated,
        episodes_unchanged=len(plan.episodes) - episodes_created - episodes_updated,
        history_rows_added=counts["history"],
        formal_steps_added=counts["steps"],
        unsuitable_periods_added=counts["periods"],
        alerts_raised=counts["alerts"],
    )
