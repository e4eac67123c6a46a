"""Writing a planned borough to the database.

The last year of every child's story goes through the same services an officer's clicks
would call (``child_create``, ``episode_open``, ``contact_record``, ``judgement_record``,
``cme_enquiry_record``, ``formal_step_record``, ``episode_transition`` …), each dated the day
it happened (``today=`` that day), so current cases carry their events, audit entries, alerts
and due dates exactly as real use leaves them. Older history is written in bulk by
``history.HistoryWriter``, which asks the same pure guards before every step
(``checks.StoryChecker``) and leaves the same rows the services would (a test holds the two
paths to that); replaying years of history one service call at a time takes about three times
as long. The schools go through ``schools_upsert`` as a GIAS extract would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ehe.models import User
from policy.deadlines import add_months

from ..models import Alert, Child, Episode, School
from ..services import (
    alert_acknowledge,
    child_address_set,
    child_create,
    child_csc_status_set,
    child_sen_status_set,
    cme_enquiry_record,
    contact_record,
    episode_allocate,
    episode_close,
    episode_open,
    episode_transition,
    episodes_close_ceased_csa,
    formal_step_record,
    information_reply_record,
    information_request_create,
    involvement_conclude,
    judgement_record,
    person_add_to_child,
    post16_advice_record,
    refresh_due_dates,
    safeguarding_concern_raise,
)
from ..services.schools import SchoolData, schools_upsert
from .history import HistoryWriter
from .plan import MANAGERS, BoroughPlan, ChildPlan, Step
from .schools import DEMO_LA_CODE, SCHOOLS, demo_urn

CHANNEL = "demo"
# Steps older than this many months are written in bulk; newer ones through the services.
SERVICES_FOR_LAST_MONTHS = 12

EVIDENCE = {
    "appears_suitable": "Notes of the contact, the parent's description of the education and "
    "examples of the child's work.",
    "not_yet_satisfied": "The parent's written report and the notes of the contact.",
    "does_not_appear_suitable": "All information received, the request for further "
    "information and the medical and SEN evidence on file.",
}
FORMAL_NOTES = {
    "s437_notice": "Notice under s437(1) served on each parent with parental responsibility.",
    "s438_notice": "Notice of intention under s438 served, naming the school and alternatives.",
    "sao_served": "School attendance order served; the named school has been told.",
    "sao_revoked": "Order revoked under s442: suitable education otherwise than at school.",
}


def borough_exists() -> bool:
    """The demo borough is present when its first invented school is."""
    return School.objects.filter(urn=demo_urn(0)).exists()


@dataclass
class BuildResult:
    children: int
    episodes: int
    closed_past_school_age: int


def schools_create(*, by) -> list[School]:
    """The borough's invented schools, in the order of ``SCHOOLS``, loaded as a GIAS extract
    would be (the DfE school type and special flag follow from the establishment type)."""
    urns = [demo_urn(index) for index in range(len(SCHOOLS))]
    schools_upsert(
        by=by,
        schools=[
            SchoolData(
                urn=urn,
                name=school.name,
                establishment_type=school.establishment_type,
                phase=school.phase,
                la_code=DEMO_LA_CODE,
                is_open=school.is_open,
            )
            for urn, school in zip(urns, SCHOOLS, strict=True)
        ],
        channel=CHANNEL,
    )
    by_urn = {school.urn: school for school in School.objects.filter(urn__in=urns)}
    return [by_urn[urn] for urn in urns]


def _creator(plan: ChildPlan) -> str:
    steps = plan.ordered_steps()
    return steps[0].by if steps and steps[0].by else MANAGERS[0]


class ChildBuilder:
    """Replays steps through the services."""

    def __init__(self, *, users: dict[str, User], schools: list[School], today: date, people: dict):
        self.users = users
        self.schools = schools
        self.today = today
        self.people = people

    def user(self, key: str | None):
        return self.users[key] if key else None

    def create_child(self, plan: ChildPlan) -> Child:
        creator = self.user(_creator(plan))
        child = child_create(
            by=creator,
            known_from=plan.known_from,
            address=plan.address,
            sen_status=plan.sen,
            csc_status=plan.csc,
            channel=CHANNEL,
            **plan.fields,
        )
        for person in plan.people:
            existing = self.people.get(person.key)
            link = person_add_to_child(
                by=creator,
                child=child,
                person=existing,
                relationship=person.relationship,
                parental_responsibility=person.parental_responsibility,
                lives_with=person.lives_with,
                receives_correspondence=person.receives_correspondence,
                provides_education=person.provides_education,
                channel=CHANNEL,
                **({} if existing else person.fields),
            )
            self.people[person.key] = link.person
        return child

    def run(self, step: Step, plan: ChildPlan, child: Child, episodes: dict) -> None:
        by = self.user(step.by)
        on = step.on
        params = dict(step.params)
        episode = episodes.get(step.episode)
        action = step.action
        if action == "open":
            episodes[step.episode] = self.open(step, plan, child, episodes, by)
        elif action == "allocate":
            episode_allocate(
                by=by,
                episode=episode,
                officer=self.user(params["officer"]),
                today=on,
                channel=CHANNEL,
            )
        elif action == "contact":
            contact_record(
                by=by, episode=episode, occurred_on=on, today=on, channel=CHANNEL, **params
            )
        elif action == "judgement":
            params.setdefault("evidence_considered", EVIDENCE[params["outcome"]])
            params["medical_sen_evidence_considered"] = (
                params.get("medical_sen_evidence_considered", False) or plan.any_sen
            )
            judgement_record(
                by=by, episode=episode, decided_on=on, today=on, channel=CHANNEL, **params
            )
        elif action == "information_request":
            information_request_create(
                by=by, episode=episode, requested_on=on, today=on, channel=CHANNEL, **params
            )
        elif action == "information_reply":
            request = (
                episode.information_requests.filter(reply_received_on__isnull=True)
                .order_by("-requested_on", "-id")
                .first()
            )
            information_reply_record(
                by=by, request=request, received_on=on, today=on, channel=CHANNEL
            )
        elif action == "transition":
            episode_transition(
                by=by,
                episode=episode,
                to=params["to"],
                on=on,
                reason=params["reason"],
                today=on,
                channel=CHANNEL,
            )
        elif action == "formal_step":
            formal_step_record(
                by=by,
                episode=episode,
                kind=params["kind"],
                on=on,
                notes=FORMAL_NOTES[params["kind"]],
                today=on,
                channel=CHANNEL,
            )
        elif action == "cme_enquiry":
            cme_enquiry_record(
                by=by,
                episode=episode,
                item=params["item"],
                made_on=on,
                outcome=params["outcome"],
                today=on,
                channel=CHANNEL,
            )
        elif action == "close":
            self.close(episode, by, on, params)
        elif action == "post16_advice":
            post16_advice_record(
                by=by, episode=episode, on=on, notes=params["notes"], today=on, channel=CHANNEL
            )
        elif action == "sen":
            child_sen_status_set(
                by=by,
                child=child,
                status=params["status"],
                valid_from=on,
                today=on,
                channel=CHANNEL,
            )
        elif action == "csc":
            child_csc_status_set(
                by=by,
                child=child,
                status=params["status"],
                valid_from=on,
                today=on,
                channel=CHANNEL,
            )
        elif action == "address":
            child_address_set(by=by, child=child, valid_from=on, channel=CHANNEL, **params)
        elif action == "safeguarding":
            safeguarding_concern_raise(
                by=by,
                child=child,
                episode=episode,
                raised_on=on,
                today=on,
                channel=CHANNEL,
                **params,
            )
        elif action == "acknowledge_alerts":
            for alert in Alert.objects.filter(child=child, acknowledged_at__isnull=True):
                alert_acknowledge(by=by, alert=alert, channel=CHANNEL)
        else:  # pragma: no cover - the planner only makes the actions above
            raise ValueError(f"Unknown demo step {action!r}")

    def open(self, step: Step, plan: ChildPlan, child: Child, episodes: dict, by) -> Episode:
        episode_plan = next(e for e in plan.episodes if e.key == step.episode)
        fields = dict(episode_plan.fields)
        school_index = fields.pop("previous_school", None)
        return episode_open(
            by=by,
            child=child,
            kind=episode_plan.kind,
            start_date=episode_plan.start,
            previous_school=self.schools[school_index] if school_index is not None else None,
            linked_from=episodes.get(episode_plan.linked_from),
            today=step.on,
            channel=CHANNEL,
            **fields,
        )

    def close(self, episode: Episode, by, on: date, params: dict) -> None:
        reason, notes = params["closure_reason"], params["notes"]
        if episode.kind == "involvement" and reason != "became_ehe":
            involvement_conclude(
                by=by,
                episode=episode,
                outcome=reason,
                on=on,
                notes=notes,
                today=on,
                channel=CHANNEL,
            )
            return
        # Closures nobody chose (leaving compulsory school age) are made by the daily job, on
        # the day after the last day of compulsory school age, which is the closing date.
        system = by is None
        # The plan opens the follow-on EHE case itself, with the reasons the family gave, so
        # this closure is the plain move rather than episode_close (which would open one).
        if (episode.kind, reason) in {("involvement", "became_ehe"), ("cme", "ehe")}:
            episode_transition(
                by=by,
                episode=episode,
                to="closed",
                on=on,
                closure_reason=reason,
                closure_notes=notes,
                today=on,
                channel=CHANNEL,
            )
            return
        episode_close(
            by=by,
            episode=episode,
            on=on,
            closure_reason=reason,
            notes=notes,
            today=on,
            channel="system" if system else CHANNEL,
        )


@transaction.atomic
def build_borough(
    plan: BoroughPlan, *, users: dict[str, User], bulk_before: date | None | bool = True
) -> BuildResult:
    """Write the whole borough in one transaction: all of it, or nothing.

    Steps dated before ``bulk_before`` are written in bulk (default: a year before the plan's
    today; None writes everything through the services).
    """
    if bulk_before is True:
        bulk_before = add_months(plan.today, -SERVICES_FOR_LAST_MONTHS)
    cutoff = bulk_before or date.min
    schools = schools_create(by=users.get("admin"))
    people: dict[str, object] = {}
    writer = HistoryWriter(
        users=users, schools=schools, channel=CHANNEL, formal_notes=FORMAL_NOTES, evidence=EVIDENCE
    )
    builder = ChildBuilder(users=users, schools=schools, today=plan.today, people=people)
    stories = []
    for child_plan in plan.children:
        steps = child_plan.ordered_steps()
        episodes: dict[str, Episode] = {}
        child = None
        if child_plan.known_from < cutoff:
            child = writer.child_create(child_plan, writer.user(_creator(child_plan)), people)
        for step in steps:
            if step.on >= cutoff:
                break
            writer.run(step, child_plan, child, episodes)
        stories.append((child_plan, child, episodes, [s for s in steps if s.on >= cutoff]))
    writer.flush()
    for child_plan, child, episodes, recent in stories:
        if child is None:
            child = builder.create_child(child_plan)
        for step in recent:
            builder.run(step, child_plan, child, episodes)
    episodes = sum(len(story[2]) for story in stories)
    # The daily job, run once for today: nothing should be left open past school age, and
    # every open case's due date is reckoned from today.
    closed = episodes_close_ceased_csa(today=plan.today)
    refresh_due_dates(today=plan.today)
    return BuildResult(
        children=len(plan.children), episodes=episodes, closed_past_school_age=closed
    )
