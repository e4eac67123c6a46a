"""Writing old demo history in bulk.

Replaying years of history through the services one write at a time is too slow for
``make run`` (each write re-reckons the case's due date). Steps dated before the cutoff are
written here instead, in a handful of bulk inserts, leaving exactly the rows the matching
service would: the record itself, its episode event (same action, dates and data), its audit
entry, status moves with their own events, alerts, unsuitable periods and dated histories.

It writes only what the services would accept: before each step it asks the services' own
pure guards (``checks.StoryChecker`` over ``policy.guards``), and refuses the whole borough if
any step fails them. ``tests/cases/test_demo.py`` checks that a plan written this way and one
written through the services leave the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils import timezone

from policy.deadlines import add_months
from policy.due import information_reply_due
from policy.guards import FORMAL_STEP_LABELS, INITIAL_CONTACT_TYPES, formal_step_move
from policy.vocab import SUITABILITY_OUTCOMES
from policy.workflow import (
    CLOSED,
    INITIAL_STATUS,
    CMEStatus,
    EHEStatus,
    EpisodeKind,
    ends_unsuitable,
    judgement_target,
)

from ..models import (
    Alert,
    AuditEntry,
    CaseworkSettings,
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    CMEEnquiry,
    Contact,
    Episode,
    EpisodeEvent,
    FormalStep,
    InformationRequest,
    Judgement,
    Person,
    Relationship,
    SafeguardingConcern,
    UnsuitablePeriod,
)
from .checks import StoryChecker
from .plan import ChildPlan, Step


@dataclass
class _Event:
    episode: Episode
    by: object
    action: str
    on: date
    from_status: str = ""
    to_status: str = ""
    reason: str = ""
    data: dict = field(default_factory=dict)


@dataclass
class _Audit:
    by: object
    action: str
    obj: models.Model
    child: Child
    channel: str
    detail: str = ""


def _resolve(value):
    return value.pk if isinstance(value, models.Model) else value


class HistoryWriter:
    """Collects unsaved rows step by step, then saves them in dependency order."""

    def __init__(
        self, *, users: dict, schools: list, channel: str, formal_notes: dict, evidence: dict
    ):
        self.users = users
        self.schools = schools
        self.channel = channel
        self.formal_notes = formal_notes
        self.evidence = evidence
        self.values = CaseworkSettings.current().due_values()
        self.rows: dict[type, list] = {
            model: []
            for model in (
                Child,
                Person,
                ChildAddress,
                ChildSENStatus,
                ChildCSCStatus,
                Relationship,
                Episode,
                Contact,
                Judgement,
                InformationRequest,
                FormalStep,
                SafeguardingConcern,
                UnsuitablePeriod,
                Alert,
                CMEEnquiry,
            )
        }
        self.events: list[_Event] = []
        self.audits: list[_Audit] = []
        self.links: list[tuple[Episode, Episode]] = []
        self.open_requests: dict[int, list[InformationRequest]] = {}
        self.open_unsuitable: dict[int, UnsuitablePeriod] = {}
        self.declined: set[int] = set()
        self.current: dict[tuple[type, int], models.Model] = {}
        self.checkers: dict[int, StoryChecker] = {}

    def user(self, key):
        return self.users[key] if key else None

    def _audit(self, by, action, obj, child, detail="", channel=None):
        self.audits.append(_Audit(by, action, obj, child, channel or self.channel, detail))

    def _event(self, episode, by, action, on, **extra):
        self.events.append(_Event(episode, by, action, on, **extra))

    # Children and people ---------------------------------------------------------------
    def child_create(self, plan: ChildPlan, by, people: dict) -> Child:
        """As ``child_create`` followed by ``person_add_to_child`` for each person."""
        child = Child(**plan.fields)
        child.set_name_search()  # as child_create does: the search keys of every name
        self.rows[Child].append(child)
        if plan.address:
            self._dated(ChildAddress, child, plan.known_from, **plan.address)
        self._dated(ChildSENStatus, child, plan.known_from, status=plan.sen)
        self._dated(ChildCSCStatus, child, plan.known_from, status=plan.csc)
        self._audit(by, "create", child, child)
        for person_plan in plan.people:
            person = people.get(person_plan.key)
            if person is None:
                person = Person(**person_plan.fields)
                self.rows[Person].append(person)
                people[person_plan.key] = person
                self._audit(by, "create", person, child)
            self.rows[Relationship].append(
                Relationship(
                    person=person,
                    child=child,
                    relationship=person_plan.relationship,
                    parental_responsibility=person_plan.parental_responsibility,
                    lives_with=person_plan.lives_with,
                    receives_correspondence=person_plan.receives_correspondence,
                    provides_education=person_plan.provides_education,
                )
            )
            self._audit(by, "update", child, child, "person linked")
        return child

    def _dated(self, model, child: Child, on: date, **values) -> None:
        """A new value in a dated history, closing the current one (``_close_current``)."""
        key = (model, id(child))
        current = self.current.get(key)
        if current is not None:
            if getattr(current, "status", None) is not None and current.status == values.get(
                "status"
            ):
                return
            if on == current.valid_from:
                self.rows[model].remove(current)
            else:
                current.valid_to = on
        row = model(child=child, valid_from=on, **values)
        self.rows[model].append(row)
        self.current[key] = row

    def csc_on(self, child: Child, on: date) -> str:
        rows = [r for r in self.rows[ChildCSCStatus] if r.child is child]
        for row in rows:
            if row.valid_from <= on and (row.valid_to is None or row.valid_to > on):
                return row.status
        return "none"

    # Steps -----------------------------------------------------------------------------
    def run(self, step: Step, plan: ChildPlan, child: Child, episodes: dict) -> None:
        # The services' own guards first: a step they would refuse is never written.
        checker = self.checkers.setdefault(id(plan), StoryChecker(plan, self.values))
        checker.apply(step)
        by = self.user(step.by)
        on = step.on
        params = dict(step.params)
        episode = episodes.get(step.episode)
        action = step.action
        if action == "open":
            episodes[step.episode] = self.open(plan, child, step, episodes, by)
        elif action == "allocate":
            previous = episode.allocated_officer_id
            officer = self.user(params["officer"])
            episode.allocated_officer = officer
            episode.version += 1
            self._event(
                episode,
                by,
                "allocated",
                on,
                data={"from_officer": previous, "to_officer": officer.pk},
            )
            self._audit(by, "update", episode, child, "allocated")
        elif action == "contact":
            self.contact(episode, child, by, on, params)
        elif action == "judgement":
            params.setdefault("evidence_considered", self.evidence[params["outcome"]])
            params["medical_sen_evidence_considered"] = (
                params.get("medical_sen_evidence_considered", False) or plan.any_sen
            )
            self.judgement(episode, child, by, on, params)
        elif action == "information_request":
            self.information_request(episode, child, by, on, params["what_would_help"])
        elif action == "information_reply":
            request = self.open_requests[id(episode)].pop()
            request.reply_received_on = on
            self._event(episode, by, "information_received", on, data={"request_id": request})
            self._audit(by, "update", request, child)
        elif action == "transition":
            self.transition(episode, child, by, on, params["to"], reason=params["reason"])
        elif action == "formal_step":
            kind = params["kind"]
            formal = FormalStep(
                episode=episode,
                kind=kind,
                occurred_on=on,
                recorded_by=by,
                notes=self.formal_notes[kind],
            )
            self.rows[FormalStep].append(formal)
            self._event(
                episode,
                by,
                "formal_step_recorded",
                on,
                data={"kind": kind, "formal_step_id": formal},
            )
            self._audit(by, "create", formal, child, kind)
            target = formal_step_move(kind, episode.status)
            if target is not None:
                self.transition(episode, child, by, on, target, reason=FORMAL_STEP_LABELS[kind])
        elif action == "cme_enquiry":
            enquiry = CMEEnquiry(
                episode=episode,
                item=params["item"],
                made_on=on,
                made_by=by,
                outcome=params["outcome"],
            )
            self.rows[CMEEnquiry].append(enquiry)
            self._event(
                episode, by, "cme_enquiry", on, data={"enquiry_id": enquiry, "item": params["item"]}
            )
            self._audit(by, "create", enquiry, child)
            if episode.status == CMEStatus.REFERRED:
                self.transition(
                    episode, child, by, on, CMEStatus.ENQUIRIES, reason="Enquiries started"
                )
        elif action == "close":
            system = by is None
            self.transition(
                episode,
                child,
                by,
                on,
                CLOSED,
                closure_reason=params["closure_reason"],
                closure_notes=params["notes"],
                channel="system" if system else None,
            )
        elif action == "post16_advice":
            episode.post16_advice_done_on = on
            episode.version += 1
            self._event(episode, by, "post16_advice_referred", on, reason=params["notes"])
            self._audit(by, "update", episode, child, "post-16 advice referral")
        elif action in {"sen", "csc"}:
            model = ChildSENStatus if action == "sen" else ChildCSCStatus
            self._dated(model, child, on, status=params["status"])
            detail = "SEN status" if action == "sen" else "CSC status"
            self._audit(by, "update", child, child, detail)
        elif action == "address":
            self._dated(ChildAddress, child, on, **params)
            self._audit(by, "update", child, child, "address")
        elif action == "safeguarding":
            concern = SafeguardingConcern(
                child=child, episode=episode, raised_on=on, raised_by=by, **params
            )
            self.rows[SafeguardingConcern].append(concern)
            if episode is not None:
                self._event(episode, by, "safeguarding_raised", on, data={"concern_id": concern})
            self.rows[Alert].append(Alert(kind="safeguarding", child=child, episode=episode))
            self._audit(by, "create", concern, child)
        elif action == "acknowledge_alerts":
            for alert in self.rows[Alert]:
                if alert.child is child and alert.acknowledged_at is None:
                    alert.acknowledged_by = by
                    alert.acknowledged_at = timezone.now()
                    self._audit(by, "update", alert, child, "alert acknowledged")
        else:  # pragma: no cover - the planner only makes the actions above
            raise ValueError(f"Unknown demo step {action!r}")

    def open(self, plan: ChildPlan, child: Child, step: Step, episodes: dict, by) -> Episode:
        episode_plan = next(e for e in plan.episodes if e.key == step.episode)
        fields = dict(episode_plan.fields)
        school_index = fields.pop("previous_school", None)
        school = self.schools[school_index] if school_index is not None else None
        kind = EpisodeKind(episode_plan.kind)
        if school is not None and not fields.get("previous_school_type"):
            fields["previous_school_type"] = school.school_type
        if kind == EpisodeKind.EHE:
            fields["primary_reason"] = fields.get("primary_reason") or "unknown"
        elif kind == EpisodeKind.CME:
            fields["primary_reason"] = fields.get("primary_reason") or "not_recorded"
        episode = Episode(
            child=child,
            kind=kind,
            status=INITIAL_STATUS[kind],
            start_date=episode_plan.start,
            previous_school=school,
            **fields,
        )
        self.rows[Episode].append(episode)
        linked = episodes.get(episode_plan.linked_from)
        if linked is not None:
            self.links.append((episode, linked))
        self._event(
            episode,
            by,
            "opened",
            episode_plan.start,
            to_status=episode.status,
            data={"source": episode.source},
        )
        self._audit(by, "create", episode, child)
        if kind == EpisodeKind.EHE and self.csc_on(child, episode_plan.start) in {
            "cin",
            "cpp",
            "cla",
        }:
            self.rows[Alert].append(Alert(kind="csc_child_ehe", child=child, episode=episode))
        # As episode_open: a CME child on a plan, looked after, or with a safeguarding concern
        # alerts a manager.
        if kind == EpisodeKind.CME and (
            self.csc_on(child, episode_plan.start) in {"cpp", "cla"}
            or any(c.child is child for c in self.rows[SafeguardingConcern])
            or SafeguardingConcern.objects.filter(child_id=child.pk).exists()
        ):
            self.rows[Alert].append(Alert(kind="cme_social_care", child=child, episode=episode))
        return episode

    def contact(self, episode: Episode, child: Child, by, on: date, params: dict) -> None:
        contact = Contact(episode=episode, occurred_on=on, officer=by, **params)
        self.rows[Contact].append(contact)
        if contact.outcome == "visit_declined":
            self.declined.add(id(episode))
        self._event(
            episode,
            by,
            "contact_recorded",
            on,
            data={"contact_id": contact, "type": contact.contact_type, "outcome": contact.outcome},
        )
        self._audit(by, "create", contact, child)
        reached = contact.contact_type in INITIAL_CONTACT_TYPES and contact.outcome != "no_response"
        if episode.kind == EpisodeKind.EHE and episode.status == EHEStatus.NEW and reached:
            self.transition(
                episode, child, by, on, EHEStatus.INFORMAL_ENQUIRY, reason="Initial contact made"
            )

    def judgement(self, episode: Episode, child: Child, by, on: date, params: dict) -> None:
        outcome = params["outcome"]
        what_would_help = params.pop("what_would_help", "")
        notes = {code: text.strip() for code, text in params.pop("consideration_notes").items()}
        next_due = None
        if outcome == "appears_suitable":
            next_due = add_months(on, self.values.next_contact_months)
        judgement = Judgement(
            episode=episode,
            decided_on=on,
            decided_by=by,
            consideration_notes=notes,
            next_contact_due=next_due,
            **params,
        )
        self.rows[Judgement].append(judgement)
        self._event(
            episode,
            by,
            "judgement_recorded",
            on,
            reason=judgement.reasons,
            data={"judgement_id": judgement, "outcome": outcome},
        )
        self._audit(by, "create", judgement, child)
        if outcome == "not_yet_satisfied":
            request = InformationRequest(
                episode=episode,
                requested_on=on,
                what_would_help=what_would_help,
                reply_by=information_reply_due(on, self.values),
                requested_by=by,
            )
            self.rows[InformationRequest].append(request)
            self.open_requests.setdefault(id(episode), []).append(request)
            self._event(
                episode,
                by,
                "information_requested",
                on,
                data={"request_id": request, "reply_by": request.reply_by.isoformat()},
            )
        target = judgement_target(episode.status, outcome)
        if target is not None:
            label = SUITABILITY_OUTCOMES.label(outcome)
            self.transition(episode, child, by, on, target, reason=f"Judgement: {label}")

    def information_request(self, episode, child, by, on: date, what_would_help: str) -> None:
        request = InformationRequest(
            episode=episode,
            requested_on=on,
            what_would_help=what_would_help,
            reply_by=information_reply_due(on, self.values),
            requested_by=by,
        )
        self.rows[InformationRequest].append(request)
        self.open_requests.setdefault(id(episode), []).append(request)
        self._event(
            episode,
            by,
            "information_requested",
            on,
            data={"request_id": request, "reply_by": request.reply_by.isoformat()},
        )
        self._audit(by, "create", request, child)
        if episode.status != EHEStatus.INFORMATION_REQUESTED:
            self.transition(
                episode,
                child,
                by,
                on,
                EHEStatus.INFORMATION_REQUESTED,
                reason="Further information requested",
            )

    def transition(
        self,
        episode: Episode,
        child: Child,
        by,
        on: date,
        to: str,
        *,
        reason: str = "",
        closure_reason: str = "",
        closure_notes: str = "",
        channel: str | None = None,
    ) -> None:
        """As ``episode_transition`` (``run`` has already asked the guards)."""
        previous = episode.status
        if to == CLOSED:
            episode.closure_reason = closure_reason
            episode.closure_notes = closure_notes
            episode.end_date = on
            episode.next_due_on = None
            episode.next_due_kind = ""
        if to == EHEStatus.PANEL and id(episode) not in self.open_unsuitable:
            # The move is made by the judgement that the education does not appear suitable,
            # on its date: the child counts as CME from then.
            period = UnsuitablePeriod(episode=episode, valid_from=on)
            self.rows[UnsuitablePeriod].append(period)
            self.open_unsuitable[id(episode)] = period
        elif ends_unsuitable(to):
            period = self.open_unsuitable.pop(id(episode), None)
            if period is not None:
                period.valid_to = on
        episode.status = to
        episode.version += 1
        self._event(
            episode,
            by,
            "status_changed",
            on,
            from_status=previous,
            to_status=to,
            reason=reason or closure_notes,
            data={"closure_reason": closure_reason} if closure_reason else {},
        )
        self._audit(by, "transition", episode, child, f"{previous} -> {to}", channel=channel)

    # Saving ----------------------------------------------------------------------------
    def flush(self) -> None:
        """Save everything collected, parents before the rows that point at them."""
        for model in (Child, Person):
            model.objects.bulk_create(self.rows[model], batch_size=500)
        for model in (ChildAddress, ChildSENStatus, ChildCSCStatus, Relationship, Episode):
            model.objects.bulk_create(self.rows[model], batch_size=500)
        for episode, linked in self.links:
            episode.linked_from = linked
        Episode.objects.bulk_update([e for e, _ in self.links], ["linked_from"], batch_size=500)
        for model in (
            Contact,
            Judgement,
            InformationRequest,
            FormalStep,
            SafeguardingConcern,
            UnsuitablePeriod,
            Alert,
            CMEEnquiry,
        ):
            model.objects.bulk_create(self.rows[model], batch_size=500)
        EpisodeEvent.objects.bulk_create(
            [
                EpisodeEvent(
                    episode=event.episode,
                    by=event.by,
                    action=event.action,
                    occurred_on=event.on,
                    from_status=event.from_status,
                    to_status=event.to_status,
                    reason=event.reason,
                    data={key: _resolve(value) for key, value in event.data.items()},
                )
                for event in self.events
            ],
            batch_size=500,
        )
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=audit.by,
                    action=audit.action,
                    object_type=audit.obj._meta.label_lower,
                    object_id=str(audit.obj.pk),
                    child_id=audit.child.pk,
                    channel=audit.channel,
                    detail=audit.detail[:200],
                )
                for audit in self.audits
            ],
            batch_size=500,
        )
