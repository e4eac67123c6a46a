"""The actions an episode's card offers, as links. Which actions a state allows, and why one is
not available, is decided in ``policy.actions``; this module only adds the addresses."""

from dataclasses import dataclass

from django.urls import reverse

from policy.actions import (
    CLOSED_REASON,
    closure_reasons,
    judgement_outcomes,
    move_targets,
    refusal,
)
from policy.workflow import status_label

__all__ = [
    "CLOSED_REASON",
    "Action",
    "closure_reasons",
    "episode_actions",
    "judgement_outcomes",
    "refusal",
]


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    url: str
    primary: bool = False


ACTION_LABELS = {
    "contact": "Record a contact",
    "judgement": "Record a judgement",
    "information_request": "Request information",
    "post16": "Record post-16 advice referral",
    "transition": "Move status",
    "formal_step": "Record a notice or order served",
    "conclude": "Record the outcome",
    "close": "Close case",
}
ACTION_URL_NAMES = {
    "contact": "child-contact-new",
    "judgement": "child-judgement-new",
    "information_request": "child-information-request-new",
    "post16": "child-post16",
    "transition": "child-transition",
    "formal_step": "child-formal-step",
    "conclude": "child-involvement-conclude",
    "close": "child-close",
}
# Formal steps are a manager's (DOMAIN §1: managers approve and issue the formal ladder).
MANAGER_ONLY = frozenset({"formal_step"})


def episode_actions(episode, *, child_uid, year_group: int, is_manager: bool = False):
    """The actions open on ``episode`` now, in the order they are usually done."""
    actions = []
    for key, label in ACTION_LABELS.items():
        if key in MANAGER_ONLY and not is_manager:
            continue
        if refusal(key, episode, year_group=year_group) is not None:
            continue
        if key == "transition":
            label = "Move to " + " or ".join(
                f"'{status_label(s)}'" for s in move_targets(episode.kind, episode.status)
            )
        url = reverse(ACTION_URL_NAMES[key], args=[child_uid, episode.uid])
        actions.append(Action(key, label, url, primary=key == "contact"))
    return actions
