"""Planning the demo borough in plain Python, before anything touches the database.

This module holds what a plan is made of: each child (``ChildPlan``) with its family, its
episodes (``EpisodePlan``) and a dated list of steps (``Step``: open a case, record a contact,
record a judgement, move the case on, close it …), and ``Script``, which lays down one
episode's steps while tracking its status exactly as the services will move it
(``policy.workflow.check_transition``), so a plan the services would refuse fails here, with
the child named. ``stories.plan_borough`` makes the plan; it is pure, so the same seed, date
and size always give the same borough.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from policy.calendar import add_working_days, is_working_day
from policy.due import INITIAL_CONTACT_TYPES, DueValues, information_reply_due

# The same rules the judgement service applies, so the plan moves cases exactly as it will.
from policy.workflow import (
    CLOSED,
    FORMAL_STAGES,
    OUTCOME_TARGET,
    CMEStatus,
    EHEStatus,
    EpisodeKind,
    TransitionRefused,
    check_transition,
)

from . import texts

MANAGERS = ("manager", "manager2")
CME_OFFICER = "officer5"
DEMO_OFFICER = "officer"

# How the officer meets a family who prefers to be contacted this way.
VISIT_TYPES = {
    "home_visit": "home_visit",
    "virtual_visit": "virtual_visit",
    "meeting_elsewhere": "meeting_elsewhere",
    "written_report": "written_report",
    "phone": "home_visit",
    "email": "written_report",
}


@dataclass
class Step:
    on: date
    action: str
    by: str | None  # demo username; None for the system
    episode: str | None = None
    params: dict = field(default_factory=dict)


@dataclass
class PersonPlan:
    key: str
    fields: dict
    relationship: str
    parental_responsibility: bool = True
    lives_with: bool = True
    receives_correspondence: bool = True
    provides_education: bool = False


@dataclass
class EpisodePlan:
    key: str
    kind: str
    start: date
    fields: dict
    status: str = ""
    end: date | None = None
    closure_reason: str = ""
    officer: str | None = None
    linked_from: str | None = None
    formal: list[tuple[str, date]] = field(default_factory=list)
    unsuitable: list[list] = field(default_factory=list)  # [from, to or None]
    visit_declined: bool = False


@dataclass
class ChildPlan:
    key: str
    story: str
    fields: dict
    known_from: date
    address: dict
    sen: str
    csc: str
    people: list[PersonPlan]
    family: Family | None = None
    episodes: list[EpisodePlan] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def any_sen(self) -> bool:
        """Whether SEN was ever on file, so judgements record that it was considered."""
        changed = any(
            step.action == "sen" and step.params["status"] != "none" for step in self.steps
        )
        return self.sen != "none" or changed

    def ordered_steps(self) -> list[Step]:
        # Stable: steps on the same day keep the order they were planned in.
        return sorted(self.steps, key=lambda step: step.on)


@dataclass
class BoroughPlan:
    seed: int
    today: date
    children: list[ChildPlan]


class PlanError(AssertionError):
    pass


@dataclass
class Family:
    key: str
    surname: str
    background: tuple[str, str, str]
    address: dict
    people: list[PersonPlan]
    written_only: bool


def weighted(rng: random.Random, pairs) -> object:
    values = [value for value, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(values, weights=weights)[0]


def working_day_on_or_before(d: date) -> date:
    while not is_working_day(d):
        d -= timedelta(days=1)
    return d


class Planner(Protocol):
    """What a script needs from the planner (``stories.BoroughPlanner``)."""

    rng: random.Random

    def consideration_notes(self) -> dict[str, str]: ...


class Script:
    """The steps of one episode, with its status tracked as the services will move it."""

    def __init__(self, planner: Planner, child: ChildPlan, episode: EpisodePlan, until: date):
        self.planner = planner
        self.child = child
        self.episode = episode
        self.until = until
        self.cursor = episode.start
        self.status = {
            EpisodeKind.EHE: EHEStatus.NEW,
            EpisodeKind.CME: CMEStatus.REFERRED,
            EpisodeKind.INVOLVEMENT: "open",
        }[EpisodeKind(episode.kind)]
        self.open_request_reply_by: date | None = None

    # Dates -----------------------------------------------------------------------------
    def when(self, d: date) -> date:
        """``d`` moved into the episode's remaining span, on a working day where possible."""
        d = max(self.cursor, min(d, self.until))
        if is_working_day(d):
            return d
        later = add_working_days(d, 1)
        if later <= self.until:
            return later
        earlier = working_day_on_or_before(d)
        return earlier if earlier >= self.cursor else d

    def room(self) -> int:
        return (self.until - self.cursor).days

    # Steps -----------------------------------------------------------------------------
    def add(self, on: date, action: str, by: str | None | bool = True, **params) -> None:
        if on < self.cursor or on > self.until or on < self.episode.start:
            raise PlanError(f"{self.child.key}: {action} on {on} is outside its episode")
        by = self.by_officer if by is True else by
        self.cursor = on
        self.child.steps.append(Step(on, action, by, self.episode.key, params))

    @property
    def by_officer(self) -> str:
        return self.episode.officer or MANAGERS[0]

    def _move(self, to: str, closure_reason: str | None = None) -> None:
        try:
            check_transition(self.episode.kind, self.status, to, closure_reason=closure_reason)
        except TransitionRefused as exc:
            raise PlanError(f"{self.child.key}: {exc}") from exc
        if self.episode.kind == EpisodeKind.EHE and to in {
            EHEStatus.SUITABLE,
            EHEStatus.RETURNING_TO_SCHOOL,
            CLOSED,
        }:
            self._end_unsuitable()
        self.status = to

    def _end_unsuitable(self) -> None:
        for period in self.episode.unsuitable:
            if period[1] is None:
                period[1] = self.cursor

    def contact(self, d: date, contact_type: str, outcome: str, **extra) -> date:
        on = self.when(d)
        self.add(on, "contact", contact_type=contact_type, outcome=outcome, **extra)
        if outcome == "visit_declined":
            self.episode.visit_declined = True
        reached = contact_type in INITIAL_CONTACT_TYPES and outcome != "no_response"
        if self.episode.kind == EpisodeKind.EHE and self.status == EHEStatus.NEW and reached:
            self._move(EHEStatus.INFORMAL_ENQUIRY)
        return on

    def judgement(self, d: date, outcome: str, by: str | bool = True, **extra) -> date:
        on = self.when(d)
        target = OUTCOME_TARGET[outcome]
        stays = self.status in FORMAL_STAGES and outcome == "does_not_appear_suitable"
        rng = self.planner.rng
        params = dict(outcome=outcome, **extra)
        if outcome == "appears_suitable":
            params.setdefault("reasons", rng.choice(texts.SUITABLE_REASONS))
        elif outcome == "not_yet_satisfied":
            params.setdefault("reasons", rng.choice(texts.NOT_YET_SATISFIED_REASONS))
            params.setdefault("what_would_help", rng.choice(texts.WHAT_WOULD_HELP))
        else:
            params.setdefault("reasons", rng.choice(texts.NOT_SUITABLE_REASONS))
        params["consideration_notes"] = self.planner.consideration_notes()
        if outcome != "appears_suitable" and self.episode.visit_declined:
            # DOMAIN §5.2: a declined visit is a valid choice; the officer confirms the
            # judgement does not rest on it.
            params["not_based_on_declined_visit"] = True
        self.add(on, "judgement", by, **params)
        if outcome == "does_not_appear_suitable" and not any(
            period[1] is None for period in self.episode.unsuitable
        ):
            self.episode.unsuitable.append([on, None])
        if outcome == "not_yet_satisfied":
            self.open_request_reply_by = information_reply_due(on, DueValues())
        if not stays and target != self.status:
            self._move(target)
        return on

    def request(self, d: date) -> date:
        on = self.when(d)
        what = self.planner.rng.choice(texts.WHAT_WOULD_HELP)
        self.add(on, "information_request", what_would_help=what)
        self.open_request_reply_by = information_reply_due(on, DueValues())
        if self.status != EHEStatus.INFORMATION_REQUESTED:
            self._move(EHEStatus.INFORMATION_REQUESTED)
        return on

    def reply(self, d: date) -> date:
        on = self.when(d)
        self.add(on, "information_reply")
        self.open_request_reply_by = None
        return on

    def transition(self, d: date, to: str, reason: str = "", by: str | bool = True) -> date:
        on = self.when(d)
        self.add(on, "transition", by, to=to, reason=reason)
        self._move(to)
        return on

    def formal(self, d: date, kind: str) -> date:
        on = self.when(d)
        self.add(on, "formal_step", MANAGERS[0], kind=kind)
        self.episode.formal.append((kind, on))
        return on

    def close(self, d: date, reason: str, notes: str = "", by: str | None | bool = True) -> date:
        on = self.when(d) if d < self.until else self.until
        self.add(on, "close", by, closure_reason=reason, notes=notes)
        self._move(CLOSED, closure_reason=reason)
        self.episode.status = CLOSED
        self.episode.end = on
        self.episode.closure_reason = reason
        return on

    def finish_open(self) -> None:
        self.episode.status = self.status
