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


# Steps about the child's own record rather than the case (they may come after it closes).
CHILD_RECORD_ACTIONS = frozenset({"sen", "csc", "address", "safeguarding", "acknowledge_alerts"})


class EpisodeReplay:
    """One episode's case as the services will hold it, step by step: each step is asked of
    the services' own pure guards (``policy.guards``) and makes the moves the services make by
    themselves (the first contact moves a new case on, a judgement moves a case to its
    outcome's status, a request to "information requested", the first enquiry on a CME case
    to "making enquiries", a notice or order to the next formal stage). The planner's
    ``Script`` and the whole-story ``checks.StoryChecker`` both keep one per episode."""

    def __init__(
        self,
        *,
        child: ChildPlan,
        episode: EpisodePlan,
        evidence: list[date],
        values: DueValues,
    ):
        self.child = child
        self.episode = episode
        self.values = values
        self.facts = CaseFacts(
            kind=episode.kind, start=episode.start, date_of_birth=child.fields["date_of_birth"]
        )
        for arrived in evidence:
            self.facts.evidence(arrived)

    @property
    def status(self) -> str:
        return self.facts.snapshot.status

    def _fail(self, step: Step, message: str) -> None:
        raise PlanError(
            f"{self.child.key} ({self.episode.key}): {step.action} on {step.on}: {message}"
        )

    def _move(self, step: Step, to: str, moves: list[str], **kwargs) -> None:
        refusal = transition_refusal(self.facts.snapshot, to, on=step.on, **kwargs)
        if refusal is not None:
            self._fail(step, refusal.message)
        self.facts.moved(to, step.on)
        moves.append(to)

    def apply(self, step: Step, *, others_open=frozenset()) -> list[str]:
        """Replay ``step``; returns the statuses it moved the case into, in order. Raises
        PlanError where the services would refuse it."""
        action, on, params = step.action, step.on, step.params
        facts, status, moves = self.facts, self.status, []
        if action in CHILD_RECORD_ACTIONS:
            return moves
        if status == CLOSED:
            self._fail(step, "the case is closed")
        if on < facts.snapshot.start:
            self._fail(step, "dated before the case started")
        facts.others_open(others_open)
        if action == "contact":
            facts.contacted(on, params["contact_type"], params["outcome"])
            reached = (
                params["contact_type"] in INITIAL_CONTACT_TYPES
                and params["outcome"] != "no_response"
            )
            if facts.snapshot.kind == EpisodeKind.EHE and status == EHEStatus.NEW and reached:
                self._move(step, EHEStatus.INFORMAL_ENQUIRY, moves)
        elif action == "judgement":
            outcome = params["outcome"]
            if not params.get("reasons", "").strip():
                self._fail(step, "a judgement without reasons")
            # As the builder records it: what the step says, or any SEN on file at all.
            considered = bool(params.get("medical_sen_evidence_considered")) or self.child.any_sen
            facts.judged(on, outcome, params["reasons"], considered)
            if outcome == "not_yet_satisfied":
                facts.requested(on, information_reply_due(on, self.values))
            if (target := judgement_target(status, outcome)) is not None:
                self._move(step, target, moves)
        elif action == "information_request":
            facts.requested(on, information_reply_due(on, self.values))
            if status != EHEStatus.INFORMATION_REQUESTED:
                self._move(step, EHEStatus.INFORMATION_REQUESTED, moves)
        elif action == "information_reply":
            facts.replied(on)
        elif action == "transition":
            self._move(step, params["to"], moves, reason=params.get("reason", ""))
        elif action == "formal_step":
            refusal = formal_step_refusal(facts.snapshot, params["kind"], on=on)
            if refusal is not None:
                self._fail(step, refusal.message)
            facts.served(params["kind"], on)
            if (target := formal_step_move(params["kind"], status)) is not None:
                self._move(step, target, moves)
        elif action == "cme_enquiry":
            facts.enquired(params["item"])
            if status == CMEStatus.REFERRED:
                self._move(step, CMEStatus.ENQUIRIES, moves)
        elif action == "close":
            notes = params.get("notes", "")
            refusal = closure_refusal(facts.snapshot, params["closure_reason"], on=on, notes=notes)
            if refusal is not None:
                self._fail(step, refusal.message)
            self._move(
                step,
                CLOSED,
                moves,
                closure_reason=params["closure_reason"],
                closure_notes=notes,
            )
        elif action not in {"open", "allocate", "post16_advice"}:
            self._fail(step, "an action the services do not know")
        return moves


class Script:
    """The steps of one episode, with the case tracked as the services will move it."""

    def __init__(self, planner: Planner, child: ChildPlan, episode: EpisodePlan, until: date):
        self.planner = planner
        self.child = child
        self.episode = episode
        self.until = until
        self.cursor = episode.start
        evidence = [child.known_from] if child.sen != "none" else []
        self.replay = EpisodeReplay(
            child=child, episode=episode, evidence=evidence, values=DueValues()
        )
        self.open_request_reply_by: date | None = None

    @property
    def status(self) -> str:
        return self.replay.status

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
        """Lay down a step, as the services will take it (``EpisodeReplay``)."""
        if on < self.cursor or on > self.until or on < self.episode.start:
            raise PlanError(f"{self.child.key}: {action} on {on} is outside its episode")
        by = self.by_officer if by is True else by
        self.cursor = on
        step = Step(on, action, by, self.episode.key, params)
        self.child.steps.append(step)
        if self.episode.kind == EpisodeKind.EHE:
            for to in self.replay.apply(step):
                self._count_unsuitable(to, on)
        else:
            self.replay.apply(step)

    def _count_unsuitable(self, to: str, on: date) -> None:
        """The periods counted as CME for unsuitable education, as the services keep them."""
        periods = self.episode.unsuitable
        if to == EHEStatus.PANEL and not any(period[1] is None for period in periods):
            periods.append([on, None])
        elif ends_unsuitable(to):
            for period in periods:
                if period[1] is None:
                    period[1] = on

    @property
    def by_officer(self) -> str:
        return self.episode.officer or MANAGERS[0]

    def contact(self, d: date, contact_type: str, outcome: str, **extra) -> date:
        on = self.when(d)
        if outcome == "visit_declined":
            self.episode.visit_declined = True
        self.add(on, "contact", contact_type=contact_type, outcome=outcome, **extra)
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
        self.add(on, "judgement", by, **params)
        if outcome == "not_yet_satisfied":
            self.open_request_reply_by = information_reply_due(on, DueValues())
        return on

    def request(self, d: date) -> date:
        on = self.when(d)
        what = self.planner.rng.choice(texts.WHAT_WOULD_HELP)
        self.add(on, "information_request", what_would_help=what)
        self.open_request_reply_by = information_reply_due(on, DueValues())
        return on

    def reply(self, d: date) -> date:
        on = self.when(d)
        self.add(on, "information_reply")
        self.open_request_reply_by = None
        return on

    def transition(self, d: date, to: str, reason: str = "", by: str | bool = True) -> date:
        on = self.when(d)
        self.add(on, "transition", by, to=to, reason=reason)
        return on

    def enquiry(self, d: date, item: str, outcome: str, by: str | bool = True) -> date:
        """A reasonable enquiry on a CME case (DOMAIN §5.3), recorded as ``cme_enquiry_record``
        records it."""
        on = self.when(d)
        self.add(on, "cme_enquiry", by, item=item, outcome=outcome)
        return on

    def formal(self, d: date, kind: str) -> date:
        """A notice or order served (``formal_step_record``), with the move it carries."""
        on = self.when(d)
        self.add(on, "formal_step", MANAGERS[0], kind=kind)
        self.episode.formal.append((kind, on))
        return on

    def close(self, d: date, reason: str, notes: str = "", by: str | None | bool = True) -> date:
        on = self.when(d) if d < self.until else self.until
        self.add(on, "close", by, closure_reason=reason, notes=notes)
        self.episode.status = CLOSED
        self.episode.end = on
        self.episode.closure_reason = reason
        return on

    def finish_open(self) -> None:
        self.episode.status = self.status
