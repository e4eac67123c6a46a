"""Planning the demo borough in plain Python, before anything touches the database.

This module holds what a plan is made of: each child (``ChildPlan``) with its family, its
episodes (``EpisodePlan``) and a dated list of steps (``Step``: open a case, record a contact,
record a judgement, move the case on, serve a notice, close it …), and ``Script``, which lays
down one episode's steps while tracking the case exactly as the services will (a
``policy.guards.CaseFacts``), asking the services' own pure guards before each move, so a plan
the services would refuse fails here, with the child named. ``checks.check_story`` then
replays each child's whole story across its episodes. ``stories.plan_borough`` makes the plan;
it is pure, so the same seed, date and size always give the same borough.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from policy.calendar import add_working_days, is_working_day
from policy.due import DueValues, information_reply_due

# The same rules the services apply, so the plan moves cases exactly as they will.
from policy.guards import (
    INITIAL_CONTACT_TYPES,
    CaseFacts,
    closure_refusal,
    formal_step_move,
    formal_step_refusal,
    transition_refusal,
)
from policy.workflow import (
    CLOSED,
    CMEStatus,
    EHEStatus,
    EpisodeKind,
    ends_unsuitable,
    judgement_target,
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
    """The steps of one episode, with the case tracked as the services will move it."""

    def __init__(self, planner: Planner, child: ChildPlan, episode: EpisodePlan, until: date):
        self.planner = planner
        self.child = child
        self.episode = episode
        self.until = until
        self.cursor = episode.start
        self.facts = CaseFacts(
            kind=episode.kind, start=episode.start, date_of_birth=child.fields["date_of_birth"]
        )
        if child.sen != "none":
            self.facts.evidence(child.known_from)
        self.open_request_reply_by: date | None = None

    @property
    def status(self) -> str:
        return self.facts.snapshot.status

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

    def _refused(self, refusal) -> None:
        if refusal is not None:
            raise PlanError(f"{self.child.key} ({self.episode.key}): {refusal.message}")

    def _move(self, to: str, **kwargs) -> None:
        self._refused(transition_refusal(self.facts.snapshot, to, on=self.cursor, **kwargs))
        if self.episode.kind == EpisodeKind.EHE and ends_unsuitable(to):
            self._end_unsuitable()
        self.facts.moved(to, self.cursor)

    def _end_unsuitable(self) -> None:
        for period in self.episode.unsuitable:
            if period[1] is None:
                period[1] = self.cursor

    def contact(self, d: date, contact_type: str, outcome: str, **extra) -> date:
        on = self.when(d)
        self.add(on, "contact", contact_type=contact_type, outcome=outcome, **extra)
        self.facts.contacted(on, contact_type, outcome)
        if outcome == "visit_declined":
            self.episode.visit_declined = True
        reached = contact_type in INITIAL_CONTACT_TYPES and outcome != "no_response"
        if self.episode.kind == EpisodeKind.EHE and self.status == EHEStatus.NEW and reached:
            self._move(EHEStatus.INFORMAL_ENQUIRY)
        return on

    def judgement(self, d: date, outcome: str, by: str | bool = True, **extra) -> date:
        on = self.when(d)
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
        target = judgement_target(self.status, outcome)
        self.add(on, "judgement", by, **params)
        considered = bool(params.get("medical_sen_evidence_considered")) or self.child.any_sen
        self.facts.judged(on, outcome, params["reasons"], considered)
        if outcome == "not_yet_satisfied":
            self.open_request_reply_by = information_reply_due(on, DueValues())
            self.facts.requested(on, self.open_request_reply_by)
        if target is not None:
            self._move(target)
            if target == EHEStatus.PANEL and not any(p[1] is None for p in self.episode.unsuitable):
                self.episode.unsuitable.append([on, None])
        return on

    def request(self, d: date) -> date:
        on = self.when(d)
        what = self.planner.rng.choice(texts.WHAT_WOULD_HELP)
        self.add(on, "information_request", what_would_help=what)
        self.open_request_reply_by = information_reply_due(on, DueValues())
        self.facts.requested(on, self.open_request_reply_by)
        if self.status != EHEStatus.INFORMATION_REQUESTED:
            self._move(EHEStatus.INFORMATION_REQUESTED)
        return on

    def reply(self, d: date) -> date:
        on = self.when(d)
        self.add(on, "information_reply")
        self.facts.replied(on)
        self.open_request_reply_by = None
        return on

    def transition(self, d: date, to: str, reason: str = "", by: str | bool = True) -> date:
        on = self.when(d)
        self.add(on, "transition", by, to=to, reason=reason)
        self._move(to, reason=reason)
        return on

    def enquiry(self, d: date, item: str, outcome: str, by: str | bool = True) -> date:
        """A reasonable enquiry on a CME case (DOMAIN §5.3); the first moves a referred case
        to "making enquiries", as ``cme_enquiry_record`` does."""
        on = self.when(d)
        self.add(on, "cme_enquiry", by, item=item, outcome=outcome)
        self.facts.enquired(item)
        if self.status == CMEStatus.REFERRED:
            self._move(CMEStatus.ENQUIRIES)
        return on

    def formal(self, d: date, kind: str) -> date:
        """A notice or order served (``formal_step_record``), with the move it carries."""
        on = self.when(d)
        self.cursor = on
        self._refused(formal_step_refusal(self.facts.snapshot, kind, on=on))
        target = formal_step_move(kind, self.status)
        self.add(on, "formal_step", MANAGERS[0], kind=kind)
        self.facts.served(kind, on)
        self.episode.formal.append((kind, on))
        if target is not None:
            self._move(target)
        return on

    def close(self, d: date, reason: str, notes: str = "", by: str | None | bool = True) -> date:
        on = self.when(d) if d < self.until else self.until
        self.cursor = max(self.cursor, on)
        self._refused(closure_refusal(self.facts.snapshot, reason, on=on, notes=notes))
        self.add(on, "close", by, closure_reason=reason, notes=notes)
        self._move(CLOSED, closure_reason=reason, closure_notes=notes)
        self.episode.status = CLOSED
        self.episode.end = on
        self.episode.closure_reason = reason
        return on

    def finish_open(self) -> None:
        self.episode.status = self.status
