"""What must already be true before a case moves, closes or takes a formal step.

Pure functions over a plain snapshot of one case (``CaseSnapshot``), so the one service that
writes a status (``cases.services.episode_transition``), the formal-step service, the demo
planner, the demo's bulk history writer and any other bulk writer all ask the same question and
get the same answer. The transition *table* is in ``policy.workflow``; this module holds the
preconditions that travel with each move (DOMAIN §5.2 "Preconditions belong to the move").

A refusal is a ``Refusal``: the words for the person who tried, and the form field they concern
when the problem is with what they entered (a date, a reason) rather than with the case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .deadlines import notice_period_end
from .school_age import compulsory_school_age
from .workflow import (
    CLOSED,
    CLOSURE_REASONS_BY_KIND,
    TRANSITIONS,
    CMEStatus,
    EHEStatus,
    EpisodeKind,
    InvolvementStatus,
    TransitionRefused,
    check_transition,
    status_label,
)

# Contact types that count as reaching the family for the first time (anything but a letter
# the council sent); kept here rather than imported from policy.due so the rule has one home.
INITIAL_CONTACT_TYPES = frozenset(
    {
        "initial_contact",
        "annual_contact",
        "home_visit",
        "virtual_visit",
        "meeting_elsewhere",
        "phone",
        "email",
        "written_report",
        "school_meeting",
        "ehcp_annual_review",
    }
)

# s437(2): the parent has "not less than 15 days beginning with the day on which the notice is
# served" to satisfy the council; the decision that they have not comes after that period.
S437_PERIOD_DAYS = 15

# DOMAIN §5.3: what a CME closure must record, and the one enquiry an untraced closure needs.
CME_CLOSURE_NOTES_REQUIRED = {
    "other_council_area": "Say which council area the child is on roll or living in",
    "left_country": "Say what shows that the child has left the country",
}
LOST_PUPIL_ITEM = "lost_pupil_database"

# Closures that open a home education case for the same child (DOMAIN §5.1, §5.3).
CLOSURES_INTO_HOME_EDUCATION = frozenset(
    {(EpisodeKind.INVOLVEMENT, "became_ehe"), (EpisodeKind.CME, "ehe")}
)

# The formal steps the service records (FormalStep.kind), and the status each is taken from.
FORMAL_STEP_KINDS = ("s437_notice", "s438_notice", "sao_served", "sao_revoked")
FORMAL_STEP_LABELS = {
    "s437_notice": "s437(1) notice served",
    "s438_notice": "s438 notice of intention served",
    "sao_served": "School attendance order served",
    "sao_revoked": "School attendance order revoked",
}


@dataclass(frozen=True)
class Refusal:
    """Why something cannot be done; ``field`` names the input at fault, if any."""

    message: str
    field: str | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class JudgementFact:
    decided_on: date
    outcome: str
    reasons: str
    evidence_considered: bool
    # When it was written, where known: evidence uploaded later was not before the officer.
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class EvidenceFact:
    """Medical or SEN evidence on file: an SEN status other than none beginning on ``on``, or
    a medical or SEN document uploaded at ``recorded_at``."""

    on: date
    recorded_at: datetime | None = None

    def considered_by(self, judgement: JudgementFact) -> bool:
        if not judgement.evidence_considered:
            return False
        if self.recorded_at is not None and judgement.recorded_at is not None:
            return self.recorded_at <= judgement.recorded_at
        return self.on <= judgement.decided_on


@dataclass(frozen=True)
class RequestFact:
    requested_on: date
    reply_by: date
    reply_received_on: date | None = None


@dataclass(frozen=True)
class ContactFact:
    occurred_on: date
    contact_type: str
    outcome: str


@dataclass(frozen=True)
class FormalFact:
    kind: str
    occurred_on: date


@dataclass(frozen=True)
class CaseSnapshot:
    """What the guards need to know about one case; built from the database by
    ``cases.selectors.guards.case_snapshot`` and, while planning, by ``CaseFacts``."""

    kind: str
    status: str
    start: date
    date_of_birth: date
    # The day the case entered its current status (its start, until it first moves).
    status_since: date
    judgements: tuple[JudgementFact, ...] = ()
    requests: tuple[RequestFact, ...] = ()
    contacts: tuple[ContactFact, ...] = ()
    formal_steps: tuple[FormalFact, ...] = ()
    evidence: tuple[EvidenceFact, ...] = ()
    cme_enquiry_items: frozenset[str] = frozenset()
    # Kinds of the child's *other* episodes open now.
    other_open_kinds: frozenset[str] = frozenset()


class CaseFacts:
    """A snapshot kept up to date step by step, for writers that do not read the database back
    (the demo planner and the demo's bulk history writer)."""

    def __init__(self, *, kind: str, start: date, date_of_birth: date, status: str = ""):
        initial = {
            EpisodeKind.EHE: EHEStatus.NEW,
            EpisodeKind.CME: CMEStatus.REFERRED,
            EpisodeKind.INVOLVEMENT: InvolvementStatus.OPEN,
        }[EpisodeKind(kind)]
        self.snapshot = CaseSnapshot(
            kind=kind,
            status=status or initial,
            start=start,
            date_of_birth=date_of_birth,
            status_since=start,
        )

    def _add(self, name: str, fact) -> None:
        self.snapshot = replace(self.snapshot, **{name: (*getattr(self.snapshot, name), fact)})

    def judged(self, on: date, outcome: str, reasons: str, evidence_considered: bool) -> None:
        self._add("judgements", JudgementFact(on, outcome, reasons, evidence_considered))

    def requested(self, on: date, reply_by: date) -> None:
        self._add("requests", RequestFact(on, reply_by))

    def replied(self, on: date) -> None:
        requests = list(self.snapshot.requests)
        for index in range(len(requests) - 1, -1, -1):
            if requests[index].reply_received_on is None:
                requests[index] = replace(requests[index], reply_received_on=on)
                break
        self.snapshot = replace(self.snapshot, requests=tuple(requests))

    def contacted(self, on: date, contact_type: str, outcome: str) -> None:
        self._add("contacts", ContactFact(on, contact_type, outcome))

    def served(self, kind: str, on: date) -> None:
        self._add("formal_steps", FormalFact(kind, on))

    def evidence(self, on: date) -> None:
        self._add("evidence", EvidenceFact(on))

    def enquired(self, item: str) -> None:
        items = self.snapshot.cme_enquiry_items | {item}
        self.snapshot = replace(self.snapshot, cme_enquiry_items=items)

    def others_open(self, kinds) -> None:
        self.snapshot = replace(self.snapshot, other_open_kinds=frozenset(kinds))

    def moved(self, to: str, on: date) -> None:
        self.snapshot = replace(self.snapshot, status=to, status_since=on)


# Reading the snapshot ---------------------------------------------------------------------


def _latest(items, on: date, date_of):
    dated = [item for item in items if date_of(item) <= on]
    return dated[-1] if dated else None


def latest_judgement(s: CaseSnapshot, on: date) -> JudgementFact | None:
    """The judgement in force on ``on``: the last one recorded with that date or earlier."""
    ordered = sorted(enumerate(s.judgements), key=lambda pair: (pair[1].decided_on, pair[0]))
    return _latest([j for _, j in ordered], on, lambda j: j.decided_on)


def unacknowledged_evidence(s: CaseSnapshot, on: date) -> date | None:
    """The day the earliest piece of medical or SEN evidence on file by ``on`` came in, if no
    judgement made since it arrived (up to ``on``) records that it was considered. DOMAIN §5.2:
    evidence on file is recorded as considered before any formal step, including evidence that
    arrived after the last judgement."""
    judgements = [j for j in s.judgements if j.decided_on <= on]
    missing = [
        e for e in s.evidence if e.on <= on and not any(e.considered_by(j) for j in judgements)
    ]
    return min(e.on for e in missing) if missing else None


def order_in_force(s: CaseSnapshot, on: date) -> FormalFact | None:
    """A school attendance order served on this case and not revoked by ``on``."""
    served = None
    for step in sorted(s.formal_steps, key=lambda f: f.occurred_on):
        if step.occurred_on > on:
            break
        if step.kind == "sao_served":
            served = step
        elif step.kind == "sao_revoked":
            served = None
    return served


def _since_entry(s: CaseSnapshot, facts, on: date, date_of):
    return [f for f in facts if s.status_since <= date_of(f) <= on]


def _long(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


# Guards ---------------------------------------------------------------------------------


def _evidence_refusal(s: CaseSnapshot, on: date) -> Refusal | None:
    arrived = unacknowledged_evidence(s, on)
    if arrived is None:
        return None
    return Refusal(
        f"Medical or SEN evidence came on file on {_long(arrived)} and no judgement since then "
        "records that it was considered. Record a judgement that considers it before any "
        "formal step."
    )


def _into_panel(s: CaseSnapshot, on: date) -> Refusal | None:
    judgement = latest_judgement(s, on)
    if (
        judgement is None
        or judgement.outcome != "does_not_appear_suitable"
        or judgement.decided_on < s.status_since
        or not judgement.reasons.strip()
    ):
        return Refusal(
            "A case goes to the School Attendance Panel only with a judgement, with reasons, "
            "that the education does not appear suitable. Record that judgement: it makes "
            "this move."
        )
    request = _latest(
        sorted(s.requests, key=lambda r: r.requested_on),
        judgement.decided_on,
        lambda r: r.requested_on,
    )
    if request is None:
        # Informal enquiries come first (Phillips v Brown; Goodred v Portsmouth [2021] EWHC
        # 3057 (Admin)): the family is asked for what would help before any adverse finding.
        return Refusal(
            "Ask the family for the further information that would help, with a reasonable "
            "date to reply, before deciding that the education does not appear suitable."
        )
    replied = request.reply_received_on is not None and (
        request.reply_received_on <= judgement.decided_on
    )
    if not replied and judgement.decided_on <= request.reply_by:
        return Refusal(
            f"The family has until {_long(request.reply_by)} to reply to the request of "
            f"{_long(request.requested_on)}. The judgement can be made once that date has "
            "passed or the reply has arrived."
        )
    return _evidence_refusal(s, on)


def _justifying_step(s: CaseSnapshot, on: date, kinds: set[str]) -> FormalFact | None:
    since = _since_entry(s, s.formal_steps, on, lambda f: f.occurred_on)
    steps = [f for f in since if f.kind in kinds]
    return steps[-1] if steps else None


def _into_s437(s: CaseSnapshot, on: date) -> Refusal | None:
    if _justifying_step(s, on, {"s437_notice"}) is None:
        return Refusal(
            "A case moves to 's437 notice served' only when the s437(1) notice is recorded as "
            "served on the parents; recording the notice makes the move. A status change on "
            "its own serves nothing."
        )
    return _evidence_refusal(s, on)


def _not_satisfied_after_period(s: CaseSnapshot, on: date) -> Refusal | None:
    notices = [f for f in s.formal_steps if f.kind == "s437_notice" and f.occurred_on <= on]
    if not notices:
        return Refusal("No s437(1) notice has been served on this case.")
    served = max(f.occurred_on for f in notices)
    period_end = notice_period_end(served, S437_PERIOD_DAYS)
    decision = latest_judgement(s, on)
    if (
        decision is None
        or decision.outcome != "does_not_appear_suitable"
        or decision.decided_on <= period_end
        or not decision.reasons.strip()
    ):
        # s437(3): an order may follow only if the parent fails to satisfy the council within
        # the period the notice gave, so the decision is taken after that period ends.
        return Refusal(
            f"The s437(1) notice served on {_long(served)} gives the parents until "
            f"{_long(period_end)}. After that date, record the decision (a judgement that the "
            "education does not appear suitable, with the reasons it is expedient that the "
            "child attend school) before the school attendance order process starts."
        )
    return None


def _into_sao(s: CaseSnapshot, on: date) -> Refusal | None:
    refusal = _not_satisfied_after_period(s, on)
    if refusal is not None:
        return refusal
    if _justifying_step(s, on, {"s438_notice", "sao_served"}) is None:
        return Refusal(
            "A case moves to 'School attendance order' only when a notice of intention (s438) "
            "or the order itself is recorded as served; recording it makes the move."
        )
    return _evidence_refusal(s, on)


def _into_suitable(s: CaseSnapshot, on: date) -> Refusal | None:
    judgement = latest_judgement(s, on)
    if (
        judgement is None
        or judgement.outcome != "appears_suitable"
        or (judgement.decided_on < s.status_since)
    ):
        return Refusal(
            "A case moves to 'Appears suitable' by recording that judgement, with its reasons."
        )
    if s.status == EHEStatus.SAO_PROCESS and (order := order_in_force(s, on)) is not None:
        # s442: an order stays in force until it is revoked.
        return Refusal(
            f"The school attendance order served on {_long(order.occurred_on)} is still in "
            "force. Record its revocation (s442) before the case returns to 'Appears suitable'."
        )
    return None


def _into_information_requested(s: CaseSnapshot, on: date) -> Refusal | None:
    asked = _since_entry(s, s.requests, on, lambda r: r.requested_on)
    if not asked:
        return Refusal(
            "A case moves to 'Information requested' by recording the request, with what "
            "would help and the date to reply by."
        )
    return None


def _into_informal_enquiry(s: CaseSnapshot, on: date, reason: str) -> Refusal | None:
    if s.status == EHEStatus.NEW:
        reached = [
            c
            for c in s.contacts
            if s.start <= c.occurred_on <= on
            and c.contact_type in INITIAL_CONTACT_TYPES
            and c.outcome != "no_response"
        ]
        if not reached:
            return Refusal(
                "A new case moves to 'Informal enquiry' when the initial contact with the "
                "family is recorded; recording it makes the move."
            )
    if s.status == EHEStatus.RETURNING_TO_SCHOOL and not reason.strip():
        return Refusal(
            "Say why the case is going back to informal enquiries (for example, the family "
            "has decided not to take up the school place).",
            field="reason",
        )
    return None


def closure_refusal(s: CaseSnapshot, closure_reason: str, *, on: date, notes: str = ""):
    """Why a case cannot close for ``closure_reason`` on ``on``, or None."""
    vocabulary = CLOSURE_REASONS_BY_KIND[EpisodeKind(s.kind)]
    if closure_reason not in vocabulary:
        return Refusal("Choose why the case is closing", field="closure_reason")
    if closure_reason == "other" and not notes.strip():
        return Refusal("Say why the case is closing", field="closure_notes")
    if s.kind == EpisodeKind.CME:
        if closure_reason in CME_CLOSURE_NOTES_REQUIRED and not notes.strip():
            return Refusal(CME_CLOSURE_NOTES_REQUIRED[closure_reason], field="closure_notes")
        # DOMAIN §5.3: an untraced child is "recorded as such, uploaded to the lost-pupil
        # database"; the other enquiries may not all be reasonable for every child, so they
        # are not forced (docs/decisions/0006-cme-closure.md).
        if closure_reason == "untraced" and LOST_PUPIL_ITEM not in s.cme_enquiry_items:
            return Refusal(
                "Record the upload to the school-to-school lost pupil database before closing "
                "the case as untraced",
                field="closure_reason",
            )
    if closure_reason == "ceased_csa":
        _, last_day = compulsory_school_age(s.date_of_birth)
        # s8(3) Education Act 1996: compulsory school age ends at the end of its last day, so
        # the case ends on the day after.
        if on <= last_day:
            return Refusal(
                f"The child is of compulsory school age until {_long(last_day)}; a case can "
                f"close for this reason from {_long(last_day + timedelta(days=1))}.",
                field="on",
            )
    if (s.kind, closure_reason) in CLOSURES_INTO_HOME_EDUCATION and (
        EpisodeKind.EHE in s.other_open_kinds
    ):
        return Refusal(
            "The child already has an open home education case, so closing this one as "
            "'home educated' would open a second. Close or link the cases another way."
        )
    return None


def transition_refusal(
    s: CaseSnapshot,
    to: str,
    *,
    on: date,
    reason: str = "",
    closure_reason: str = "",
    closure_notes: str = "",
) -> Refusal | None:
    """Why ``s`` cannot move to ``to`` on ``on``, or None when it can."""
    try:
        check_transition(s.kind, s.status, to, closure_reason=closure_reason or None)
    except TransitionRefused as exc:
        return Refusal(exc.reason)
    if on < s.start:
        return Refusal("The date must be on or after the case started", field="on")
    if on < s.status_since:
        return Refusal(
            f"The case has been at '{status_label(s.status)}' since {_long(s.status_since)}; "
            "a move cannot be dated before that.",
            field="on",
        )
    if to == CLOSED:
        return closure_refusal(s, closure_reason, on=on, notes=closure_notes)
    if s.kind != EpisodeKind.EHE:
        return None
    guards = {
        EHEStatus.PANEL: lambda: _into_panel(s, on),
        EHEStatus.S437_NOTICE: lambda: _into_s437(s, on),
        EHEStatus.SAO_PROCESS: lambda: _into_sao(s, on),
        EHEStatus.SUITABLE: lambda: _into_suitable(s, on),
        EHEStatus.INFORMATION_REQUESTED: lambda: _into_information_requested(s, on),
        EHEStatus.INFORMAL_ENQUIRY: lambda: _into_informal_enquiry(s, on, reason),
    }
    guard = guards.get(to)
    return guard() if guard else None


def move_options(s: CaseSnapshot, *, on: date) -> list[tuple[str, Refusal | None]]:
    """Every status the table lets ``s`` move to next (closing aside), each with why it is not
    available on ``on`` (None when it is), in the order the states are declared."""
    table = TRANSITIONS[EpisodeKind(s.kind)]
    order = list(table)
    targets = sorted(table.get(s.status, frozenset()) - {CLOSED}, key=order.index)
    # A reason is asked for on the screen; a blank one must not hide a move that needs it.
    return [(to, transition_refusal(s, to, on=on, reason="-")) for to in targets]


def formal_step_refusal(s: CaseSnapshot, kind: str, *, on: date) -> Refusal | None:
    """Why the formal step ``kind`` cannot be recorded as served on ``on``, or None."""
    if kind not in FORMAL_STEP_KINDS:
        return Refusal("Choose the formal step", field="kind")
    if s.kind != EpisodeKind.EHE:
        return Refusal("Formal steps are taken on home education cases.")
    if s.status == CLOSED:
        return Refusal("This case is closed.")
    if on < s.status_since:
        return Refusal(
            f"The case has been at '{status_label(s.status)}' since {_long(s.status_since)}; "
            "the step cannot be dated before that.",
            field="on",
        )
    if kind == "s437_notice":
        # s437(1): the notice follows a finding that education does not appear suitable,
        # which this service records as the referral to the panel.
        if s.status != EHEStatus.PANEL:
            return Refusal(
                "An s437(1) notice is served on a case at the School Attendance Panel, after "
                "the judgement that the education does not appear suitable."
            )
        return _evidence_refusal(s, on)
    if kind in {"s438_notice", "sao_served"}:
        if s.status == EHEStatus.S437_NOTICE:
            return _not_satisfied_after_period(s, on) or _evidence_refusal(s, on)
        if s.status == EHEStatus.SAO_PROCESS:
            if kind == "s438_notice":
                return Refusal("A notice of intention has already led to this order process.")
            if order_in_force(s, on) is not None:
                return Refusal("A school attendance order is already in force on this case.")
            return _evidence_refusal(s, on)
        return Refusal(
            "A notice of intention or a school attendance order follows an s437(1) notice "
            "whose period has ended."
        )
    # sao_revoked
    if order_in_force(s, on) is None:
        return Refusal("There is no school attendance order in force on this case to revoke.")
    return None


# The move a formal step makes, from the status it is taken at (None: it makes no move).
FORMAL_STEP_MOVES = {
    ("s437_notice", EHEStatus.PANEL): EHEStatus.S437_NOTICE,
    ("s438_notice", EHEStatus.S437_NOTICE): EHEStatus.SAO_PROCESS,
    ("sao_served", EHEStatus.S437_NOTICE): EHEStatus.SAO_PROCESS,
}


def formal_step_move(kind: str, status: str) -> str | None:
    return FORMAL_STEP_MOVES.get((kind, status))
