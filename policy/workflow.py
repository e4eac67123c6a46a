"""The case state machines, declared once. Services enforce them; nothing else moves a status.

EHE follows DOMAIN.md §5.2, CME §5.3 and "considering EHE" involvements §5.1.
"""

from enum import StrEnum

from .vocab import (
    CME_CLOSURE_OUTCOMES,
    CME_REASONS,
    EHE_CLOSURE_REASONS,
    EHE_REASONS,
    INVOLVEMENT_OUTCOMES,
    Vocabulary,
)


class EpisodeKind(StrEnum):
    EHE = "ehe"
    CME = "cme"
    INVOLVEMENT = "involvement"


EPISODE_KIND_LABELS = {
    EpisodeKind.EHE: "Elective home education",
    EpisodeKind.CME: "Child missing education",
    EpisodeKind.INVOLVEMENT: "Considering home education",
}


class EHEStatus(StrEnum):
    NEW = "new"
    INFORMAL_ENQUIRY = "informal_enquiry"
    SUITABLE = "suitable"
    INFORMATION_REQUESTED = "information_requested"
    PANEL = "panel"
    S437_NOTICE = "s437_notice"
    SAO_PROCESS = "sao_process"
    RETURNING_TO_SCHOOL = "returning_to_school"
    CLOSED = "closed"


class CMEStatus(StrEnum):
    REFERRED = "referred"
    ENQUIRIES = "enquiries"
    PLACING = "placing"
    CLOSED = "closed"


class InvolvementStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


CLOSED = "closed"

STATUS_LABELS: dict[str, str] = {
    "new": "New",
    "informal_enquiry": "Informal enquiry",
    "suitable": "Appears suitable",
    "information_requested": "Information requested",
    "panel": "School Attendance Panel",
    "s437_notice": "s437 notice served",
    "sao_process": "School attendance order",
    "returning_to_school": "Returning to school",
    "referred": "Referred",
    "enquiries": "Making enquiries",
    "placing": "Placing in school",
    "open": "Open",
    "closed": "Closed",
}

E = EHEStatus
EHE_TRANSITIONS: dict[str, frozenset[str]] = {
    E.NEW: frozenset({E.INFORMAL_ENQUIRY}),
    E.INFORMAL_ENQUIRY: frozenset(
        {E.SUITABLE, E.INFORMATION_REQUESTED, E.RETURNING_TO_SCHOOL, E.CLOSED}
    ),
    E.SUITABLE: frozenset(
        {E.INFORMAL_ENQUIRY, E.INFORMATION_REQUESTED, E.RETURNING_TO_SCHOOL, E.CLOSED}
    ),
    # Not yet satisfied: the panel is reached only from here, after informal enquiries have
    # been given a fair chance (Phillips v Brown; Goodred v Portsmouth [2021] EWHC 3057).
    E.INFORMATION_REQUESTED: frozenset({E.SUITABLE, E.PANEL, E.RETURNING_TO_SCHOOL, E.CLOSED}),
    E.PANEL: frozenset({E.S437_NOTICE, E.INFORMATION_REQUESTED, E.SUITABLE}),
    # s437(3): an order follows only when the parent has not satisfied the council and it is
    # expedient that the child attend school.
    E.S437_NOTICE: frozenset({E.SUITABLE, E.SAO_PROCESS, E.RETURNING_TO_SCHOOL}),
    # s442: revocation on suitable education otherwise returns the case to `suitable`.
    E.SAO_PROCESS: frozenset({E.RETURNING_TO_SCHOOL, E.SUITABLE, E.CLOSED}),
    # A school place can fall through or the family can change its mind: the case goes back
    # to informal enquiries (with the reason recorded), or closes (e.g. the child is now
    # missing education). Waiting for a place does not end a period counted as CME.
    E.RETURNING_TO_SCHOOL: frozenset({E.INFORMAL_ENQUIRY, E.CLOSED}),
    E.CLOSED: frozenset(),
}
del E

C = CMEStatus
CME_TRANSITIONS: dict[str, frozenset[str]] = {
    C.REFERRED: frozenset({C.ENQUIRIES, C.CLOSED}),
    C.ENQUIRIES: frozenset({C.PLACING, C.CLOSED}),
    C.PLACING: frozenset({C.CLOSED}),
    C.CLOSED: frozenset(),
}
del C

INVOLVEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    InvolvementStatus.OPEN: frozenset({InvolvementStatus.CLOSED}),
    InvolvementStatus.CLOSED: frozenset(),
}

TRANSITIONS: dict[EpisodeKind, dict[str, frozenset[str]]] = {
    EpisodeKind.EHE: EHE_TRANSITIONS,
    EpisodeKind.CME: CME_TRANSITIONS,
    EpisodeKind.INVOLVEMENT: INVOLVEMENT_TRANSITIONS,
}

INITIAL_STATUS: dict[EpisodeKind, str] = {
    EpisodeKind.EHE: EHEStatus.NEW,
    EpisodeKind.CME: CMEStatus.REFERRED,
    EpisodeKind.INVOLVEMENT: InvolvementStatus.OPEN,
}

# Events outside anyone's control end a case whatever stage it has reached: the child is no
# longer of compulsory school age (Education Act 1996 s8), has died, or no longer lives in
# the area or the country (the duty in s436A is to children in the council's area). These
# closures are allowed from every open EHE state, including the formal stages.
ADMINISTRATIVE_CLOSURE_REASONS = frozenset({"ceased_csa", "deceased", "moved_away", "left_country"})


# The DfE reason list each kind of case takes (DOMAIN §8.3, §8.5); involvements take none.
REASONS_BY_KIND: dict[str, Vocabulary] = {
    EpisodeKind.EHE: EHE_REASONS,
    EpisodeKind.CME: CME_REASONS,
}
CLOSURE_REASONS_BY_KIND: dict[str, Vocabulary] = {
    EpisodeKind.EHE: EHE_CLOSURE_REASONS,
    EpisodeKind.CME: CME_CLOSURE_OUTCOMES,
    EpisodeKind.INVOLVEMENT: INVOLVEMENT_OUTCOMES,
}

# What each judgement outcome asks of the workflow (DOMAIN §5.2).
OUTCOME_TARGET: dict[str, str] = {
    "appears_suitable": EHEStatus.SUITABLE,
    "not_yet_satisfied": EHEStatus.INFORMATION_REQUESTED,
    "does_not_appear_suitable": EHEStatus.PANEL,
}
# At the formal stages an adverse judgement is recorded without moving the case: the next
# formal step is a manager's decision, served as a notice or an order.
FORMAL_STAGES = frozenset({EHEStatus.PANEL, EHEStatus.S437_NOTICE, EHEStatus.SAO_PROCESS})
# Statuses reached only by recording a judgement or a request for information, so that every
# such move carries its reasons; the status-move screen explains this rather than offer them.
JUDGEMENT_STATUSES = frozenset(
    {EHEStatus.SUITABLE, EHEStatus.INFORMATION_REQUESTED, EHEStatus.PANEL}
)
# Statuses reached only by recording the formal step that justifies them.
FORMAL_STEP_STATUSES = frozenset({EHEStatus.S437_NOTICE, EHEStatus.SAO_PROCESS})

# DOMAIN §5.2: a period counted as CME for unsuitable education ends when the education is
# found suitable or the case closes (a return to school closes it). Waiting for a school place
# (returning_to_school) does not end it: CME includes children awaiting a place.
ENDS_UNSUITABLE_PERIOD = frozenset({EHEStatus.SUITABLE, CLOSED})


def ends_unsuitable(to: str) -> bool:
    return to in ENDS_UNSUITABLE_PERIOD


def judgement_target(status: str, outcome: str) -> str | None:
    """The status a judgement with ``outcome`` moves a case at ``status`` to; None when it is
    recorded without a move (the same status, or an adverse judgement at a formal stage)."""
    if status in FORMAL_STAGES and outcome == "does_not_appear_suitable":
        return None
    target = OUTCOME_TARGET[outcome]
    return None if target == status else target


class TransitionRefused(Exception):
    """A move the workflow does not allow; ``reason`` is written for the person who tried."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def allowed_next(kind: str, status: str) -> frozenset[str]:
    return TRANSITIONS[EpisodeKind(kind)].get(status, frozenset())


def check_transition(
    kind: str, current: str, target: str, *, closure_reason: str | None = None
) -> None:
    """Raise ``TransitionRefused`` unless ``current`` → ``target`` is allowed for ``kind``."""
    table = TRANSITIONS[EpisodeKind(kind)]
    if current not in table:
        raise TransitionRefused(f"'{current}' is not a status of a {kind} case.")
    if target not in table:
        raise TransitionRefused(f"'{target}' is not a status of a {kind} case.")
    if current == CLOSED:
        raise TransitionRefused("This case is closed. Open a new episode instead.")
    if target in table[current]:
        return
    if (
        target == CLOSED
        and kind == EpisodeKind.EHE
        and closure_reason in ADMINISTRATIVE_CLOSURE_REASONS
    ):
        return
    allowed = ", ".join(status_label(s) for s in sorted(table[current])) or "nothing"
    raise TransitionRefused(
        f"A case at '{status_label(current)}' cannot move to '{status_label(target)}'. "
        f"From here it can move to: {allowed}."
    )


def is_open(status: str) -> bool:
    return status != CLOSED
