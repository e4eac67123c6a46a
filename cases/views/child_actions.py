"""Which actions an episode offers in its current state, and why an action is not available.

Everything here derives from the transition table in ``policy.workflow`` (allowed_next) and the
judgement rules the contact service applies, so the child page never offers a button whose
service would refuse it. Pure: no database.
"""

from dataclasses import dataclass

from django.urls import reverse

from policy.vocab import CME_CLOSURE_OUTCOMES, EHE_CLOSURE_REASONS
from policy.workflow import (
    ADMINISTRATIVE_CLOSURE_REASONS,
    CLOSED,
    TRANSITIONS,
    EHEStatus,
    EpisodeKind,
    allowed_next,
    status_label,
)

from ..services.judgements import FORMAL_STAGES, OUTCOME_TARGET

CLOSED_REASON = (
    "This case is closed, so nothing more can be recorded on it. Open a new case if the "
    "family's situation changes."
)

# Statuses that mean a suitability judgement has been made. The case reaches them only by
# recording that judgement (or a request for information), so that every such move carries
# its reasons (DOMAIN §5.2); the "Move status" screen does not offer them.
JUDGEMENT_STATUSES = frozenset(
    {EHEStatus.SUITABLE, EHEStatus.INFORMATION_REQUESTED, EHEStatus.PANEL}
)

# Year 11 children are referred for post-16 advice before they leave compulsory school age.
POST16_YEAR_GROUP = 11


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    url: str
    primary: bool = False


def judgement_outcomes(kind: str, status: str) -> list[str]:
    """The judgement outcomes the service would accept on a case in ``status``."""
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
    """Statuses offered on the "Move status" screen: allowed moves that have no screen of
    their own (closing, judgements, and the first contact on a new case)."""
    targets = set(allowed_next(kind, status)) - {CLOSED}
    if kind == EpisodeKind.EHE:
        targets -= JUDGEMENT_STATUSES
        if status == EHEStatus.NEW:
            # Recording the initial contact makes this move, dated by the contact.
            targets.discard(EHEStatus.INFORMAL_ENQUIRY)
    order = list(TRANSITIONS[EpisodeKind(kind)])  # the order the states are declared in
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


ACTION_LABELS = {
    "contact": "Record a contact",
    "judgement": "Record a judgement",
    "information_request": "Request information",
    "post16": "Record post-16 advice referral",
    "transition": "Move status",
    "conclude": "Record the outcome",
    "close": "Close case",
}
ACTION_URL_NAMES = {
    "contact": "child-contact-new",
    "judgement": "child-judgement-new",
    "information_request": "child-information-request-new",
    "post16": "child-post16",
    "transition": "child-transition",
    "conclude": "child-involvement-conclude",
    "close": "child-close",
}


def episode_actions(episode, *, child_uid, year_group: int) -> list[Action]:
    """The actions open to an officer on ``episode`` now, in the order they are usually done."""
    actions = []
    for key, label in ACTION_LABELS.items():
        if refusal(key, episode, year_group=year_group) is not None:
            continue
        if key == "transition":
            label = "Move to " + " or ".join(
                f"'{status_label(s)}'" for s in move_targets(episode.kind, episode.status)
            )
        url = reverse(ACTION_URL_NAMES[key], args=[child_uid, episode.uid])
        actions.append(Action(key, label, url, primary=key == "contact"))
    return actions
