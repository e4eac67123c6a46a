"""Which actions a case offers in its current state, and why one is not available.

Derived from the transition table (``policy.workflow``) and the judgement rules, so a screen
never offers a button whose service would refuse it. The preconditions that depend on what has
been recorded (a reply date passed, a notice served) are in ``policy.guards``; the status-move
screen asks those too. ``episode`` is anything with ``kind``, ``status``, ``is_open`` and
``post16_advice_done_on`` (an Episode, or a plain object in a test).
"""

from .vocab import CME_CLOSURE_OUTCOMES, EHE_CLOSURE_REASONS
from .workflow import (
    ADMINISTRATIVE_CLOSURE_REASONS,
    CLOSED,
    FORMAL_STAGES,
    FORMAL_STEP_STATUSES,
    JUDGEMENT_STATUSES,
    OUTCOME_TARGET,
    TRANSITIONS,
    EHEStatus,
    EpisodeKind,
    allowed_next,
    status_label,
)

CLOSED_REASON = (
    "This case is closed, so nothing more can be recorded on it. Open a new case if the "
    "family's situation changes."
)

# Year 11 children are referred for post-16 advice before they leave compulsory school age.
POST16_YEAR_GROUP = 11


def judgement_outcomes(kind: str, status: str) -> list[str]:
    """The judgement outcomes the workflow accepts on a case in ``status``."""
    if kind != EpisodeKind.EHE or status == CLOSED:
        return []
    allowed = allowed_next(kind, status)
    outcomes = []
    for outcome, target in OUTCOME_TARGET.items():
        stays = status in FORMAL_STAGES and outcome == "does_not_appear_suitable"
        if stays or target == status or target in allowed:
            outcomes.append(outcome)
    return outcomes


def move_targets(kind: str, status: str) -> list[str]:
    """Statuses the "Move status" screen can move a case to: allowed moves that are not made
    by recording something else (closing, a judgement, a request for information, a notice or
    order served, the first contact on a new case). In the order the states are declared."""
    targets = set(allowed_next(kind, status)) - {CLOSED}
    if kind == EpisodeKind.EHE:
        targets -= JUDGEMENT_STATUSES | FORMAL_STEP_STATUSES
        if status == EHEStatus.NEW:
            targets.discard(EHEStatus.INFORMAL_ENQUIRY)
    order = list(TRANSITIONS[EpisodeKind(kind)])
    return sorted(targets, key=order.index)


def closure_reasons(kind: str, status: str) -> list[tuple[str, str]]:
    if status == CLOSED or kind == EpisodeKind.INVOLVEMENT:
        return []
    if kind == EpisodeKind.CME:
        return list(CME_CLOSURE_OUTCOMES.choices) if CLOSED in allowed_next(kind, status) else []
    if CLOSED in allowed_next(kind, status):
        return list(EHE_CLOSURE_REASONS.choices)
    # At stages that cannot otherwise close, events outside anyone's control still end the
    # case (policy.workflow.ADMINISTRATIVE_CLOSURE_REASONS).
    return [c for c in EHE_CLOSURE_REASONS.choices if c[0] in ADMINISTRATIVE_CLOSURE_REASONS]


def can_request_information(kind: str, status: str) -> bool:
    return kind == EpisodeKind.EHE and (
        status == EHEStatus.INFORMATION_REQUESTED
        or EHEStatus.INFORMATION_REQUESTED in allowed_next(kind, status)
    )


def can_record_formal_step(kind: str, status: str) -> bool:
    return kind == EpisodeKind.EHE and status in FORMAL_STAGES


def needs_post16_referral(episode, year_group: int) -> bool:
    return (
        episode.kind == EpisodeKind.EHE
        and episode.is_open
        and year_group >= POST16_YEAR_GROUP
        and episode.post16_advice_done_on is None
    )


def refusal(key: str, episode, *, year_group: int) -> str | None:
    """Why ``key`` cannot be done on ``episode`` now, in words for the officer; None if it can."""
    kind, status = episode.kind, episode.status
    if not episode.is_open:
        return CLOSED_REASON
    here = f"The case is at '{status_label(status)}'."
    if key == "contact":
        return None
    if key == "judgement":
        if kind != EpisodeKind.EHE:
            return "Suitability judgements are recorded on home education cases only."
        if judgement_outcomes(kind, status):
            return None
        if status == EHEStatus.NEW:
            return (
                f"{here} A judgement can be recorded once the initial contact has been made: "
                "record the initial contact first."
            )
        return f"{here} No judgement on the education can be recorded at this stage."
    if key == "information_request":
        if kind != EpisodeKind.EHE:
            return "Requests for further information are made on home education cases only."
        if can_request_information(kind, status):
            return None
        if status == EHEStatus.NEW:
            return f"{here} Record the initial contact before asking for further information."
        return f"{here} Further information cannot be requested at this stage."
    if key == "transition":
        if move_targets(kind, status):
            return None
        return f"{here} There is no status it can be moved to from this screen."
    if key == "formal_step":
        if can_record_formal_step(kind, status):
            return None
        return (
            f"{here} Notices and orders are recorded on home education cases at the School "
            "Attendance Panel or a later formal stage."
        )
    if key == "close":
        if kind == EpisodeKind.INVOLVEMENT:
            return "A considering-home-education case is closed by recording its outcome."
        return None if closure_reasons(kind, status) else f"{here} It cannot be closed yet."
    if key == "conclude":
        if kind != EpisodeKind.INVOLVEMENT:
            return "Only a considering-home-education case is concluded this way."
        return None
    if key == "post16":
        if needs_post16_referral(episode, year_group):
            return None
        if episode.post16_advice_done_on is not None:
            return "The post-16 advice referral has already been recorded."
        return "Post-16 advice referrals are for Year 11 children on a home education case."
    raise ValueError(f"Unknown action {key!r}")
