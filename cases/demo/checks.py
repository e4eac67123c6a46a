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

from policy.due import DueValues
from policy.workflow import CLOSED

from .plan import CHILD_RECORD_ACTIONS, ChildPlan, EpisodeReplay, PlanError, Step


class StoryChecker:
    """Each of one child's episodes (an ``EpisodeReplay``), kept as the child's steps are
    replayed in the order they will be written, with what crosses episodes: which are open,
    and medical or SEN evidence arriving for the child."""

    def __init__(self, child: ChildPlan, values: DueValues | None = None):
        self.child = child
        self.values = values or DueValues()
        self.episodes = {episode.key: episode for episode in child.episodes}
        self.replays: dict[str, EpisodeReplay] = {}
        self.open: dict[str, str] = {}  # episode key -> kind, for the episodes open now
        # Medical or SEN evidence on file: the SEN status the child was known with, then
        # every change to a status other than none.
        self.evidence: list[date] = [child.known_from] if child.sen != "none" else []

    def _fail(self, step: Step, message: str) -> None:
        raise PlanError(f"{self.child.key}: {step.action} on {step.on}: {message}")

    def apply(self, step: Step) -> None:
        action, key = step.action, step.episode
        if action == "sen":
            if step.params["status"] != "none":
                self.evidence.append(step.on)
                for replay in self.replays.values():
                    replay.facts.evidence(step.on)
            return
        if action in CHILD_RECORD_ACTIONS:
            return
        if action == "open":
            episode = self.episodes[key]
            if episode.kind in self.open.values():
                self._fail(step, f"the child already has an open {episode.kind} case")
            self.replays[key] = EpisodeReplay(
                child=self.child, episode=episode, evidence=self.evidence, values=self.values
            )
            self.open[key] = episode.kind
            return
        replay = self.replays.get(key)
        if replay is None:
            self._fail(step, "the case has not been opened")
        others = frozenset(kind for other, kind in self.open.items() if other != key)
        if CLOSED in replay.apply(step, others_open=others):
            self.open.pop(key, None)


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
