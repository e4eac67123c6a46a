"""Checking a planned story against the services' own rules, without a database.

``StoryChecker`` replays one child's steps in the order they will be written and asks the
pure guards in ``policy.guards`` — the same functions ``episode_transition``,
``formal_step_record`` and ``episode_close`` ask — whether each step would be accepted,
following the moves the services make by themselves (the first contact moves a new case on, a
judgement moves a case to its outcome's status, a notice served moves it to the next formal
stage, the first enquiry on a CME case moves it to "making enquiries"). The planner runs it on
every child it plans, the bulk history writer on every step it writes, and the tests on
boroughs planned on many dates, so a plan the services would refuse fails early, naming the
child and the rule.
"""

from __future__ import annotations

from datetime import date

from policy.due import DueValues, information_reply_due
from policy.guards import (
    INITIAL_CONTACT_TYPES,
    CaseFacts,
    closure_refusal,
    formal_step_move,
    formal_step_refusal,
    transition_refusal,
)
from policy.workflow import CLOSED, CMEStatus, EHEStatus, EpisodeKind, judgement_target

from .plan import ChildPlan, PlanError, Step


class StoryChecker:
    """The facts of each of one child's episodes, kept as the steps are replayed."""

    def __init__(self, child: ChildPlan, values: DueValues | None = None):
        self.child = child
        self.values = values or DueValues()
        self.dob = child.fields["date_of_birth"]
        self.facts: dict[str, CaseFacts] = {}
        self.kinds = {episode.key: episode.kind for episode in child.episodes}
        self.starts = {episode.key: episode.start for episode in child.episodes}
        self.open: dict[str, str] = {}  # episode key -> kind, for the episodes open now
        # Medical or SEN evidence on file: the SEN status the child was known with, then
        # every change to a status other than none.
        self.evidence: list[date] = [child.known_from] if child.sen != "none" else []

    def _fail(self, step: Step, message: str) -> None:
        raise PlanError(f"{self.child.key}: {step.action} on {step.on}: {message}")

    def _move(self, step: Step, key: str, to: str, **kwargs) -> None:
        facts = self.facts[key]
        others = {kind for other, kind in self.open.items() if other != key}
        facts.others_open(others)
        refusal = transition_refusal(facts.snapshot, to, on=step.on, **kwargs)
        if refusal is not None:
            self._fail(step, refusal.message)
        facts.moved(to, step.on)
        if to == CLOSED:
            self.open.pop(key, None)

    def evidence_considered(self, step: Step) -> bool:
        """As the builder records it: what the step says, or any SEN on file at all."""
        return bool(step.params.get("medical_sen_evidence_considered")) or self.child.any_sen

    def apply(self, step: Step) -> None:
        action, key, on, params = step.action, step.episode, step.on, step.params
        if action in {"sen", "csc", "address", "safeguarding", "acknowledge_alerts"}:
            if action == "sen" and params["status"] != "none":
                self.evidence.append(on)
                for facts in self.facts.values():
                    facts.evidence(on)
            return
        if action == "open":
            kind = self.kinds[key]
            if kind in self.open.values():
                self._fail(step, f"the child already has an open {kind} case")
            facts = CaseFacts(kind=kind, start=self.starts[key], date_of_birth=self.dob)
            for arrived in self.evidence:
                facts.evidence(arrived)
            self.facts[key] = facts
            self.open[key] = kind
            return
        facts = self.facts.get(key)
        if facts is None:
            self._fail(step, "the case has not been opened")
        status = facts.snapshot.status
        if status == CLOSED:
            self._fail(step, "the case is closed")
        if on < facts.snapshot.start:
            self._fail(step, "dated before the case started")
        if action == "contact":
            facts.contacted(on, params["contact_type"], params["outcome"])
            reached = (
                params["contact_type"] in INITIAL_CONTACT_TYPES
                and params["outcome"] != "no_response"
            )
            if facts.snapshot.kind == EpisodeKind.EHE and status == EHEStatus.NEW and reached:
                self._move(step, key, EHEStatus.INFORMAL_ENQUIRY)
        elif action == "judgement":
            outcome = params["outcome"]
            if not params.get("reasons", "").strip():
                self._fail(step, "a judgement without reasons")
            facts.judged(on, outcome, params["reasons"], self.evidence_considered(step))
            if outcome == "not_yet_satisfied":
                facts.requested(on, information_reply_due(on, self.values))
            target = judgement_target(status, outcome)
            if target is not None:
                self._move(step, key, target)
        elif action == "information_request":
            facts.requested(on, information_reply_due(on, self.values))
            if status != EHEStatus.INFORMATION_REQUESTED:
                self._move(step, key, EHEStatus.INFORMATION_REQUESTED)
        elif action == "information_reply":
            facts.replied(on)
        elif action == "transition":
            self._move(step, key, params["to"], reason=params.get("reason", ""))
        elif action == "formal_step":
            refusal = formal_step_refusal(facts.snapshot, params["kind"], on=on)
            if refusal is not None:
                self._fail(step, refusal.message)
            facts.served(params["kind"], on)
            target = formal_step_move(params["kind"], status)
            if target is not None:
                self._move(step, key, target)
        elif action == "cme_enquiry":
            facts.enquired(params["item"])
            if status == CMEStatus.REFERRED:
                self._move(step, key, CMEStatus.ENQUIRIES)
        elif action == "close":
            facts.others_open({kind for other, kind in self.open.items() if other != key})
            refusal = closure_refusal(
                facts.snapshot, params["closure_reason"], on=on, notes=params.get("notes", "")
            )
            if refusal is not None:
                self._fail(step, refusal.message)
            self._move(
                step,
                key,
                CLOSED,
                closure_reason=params["closure_reason"],
                closure_notes=params.get("notes", ""),
            )
        elif action in {"allocate", "post16_advice"}:
            return
        else:
            self._fail(step, "an action the services do not know")


def check_story(child: ChildPlan, values: DueValues | None = None) -> None:
    """Raise PlanError at the first step of ``child``'s story the services would refuse."""
    checker = StoryChecker(child, values)
    for step in child.ordered_steps():
        checker.apply(step)


def plan_problems(children, values: DueValues | None = None) -> list[str]:
    """Every child whose story the services would refuse, with the first refusal."""
    problems = []
    for child in children:
        try:
            check_story(child, values)
        except PlanError as exc:
            problems.append(str(exc))
    return problems
