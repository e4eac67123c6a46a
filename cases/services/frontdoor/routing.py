"""Routing a school's return (DOMAIN §5.4; School Attendance (Pupil Registration) (England)
Regulations 2024). The order of the checks is the law's: an order in force stops everything
but the lawful ways out of it; then any consent the removal needs; then the action the
ground calls for, on or after the deletion date."""

from datetime import date

from django.conf import settings
from django.db import transaction

from ehe.models import User
from policy.frontdoor import (
    ACTIONS_ON_THE_DELETION_DATE,
    AWAITING_MATCH,
    CLOSE_CASES,
    CME_OPENED,
    CME_REASON_FOR_GROUND,
    CONSENT_REQUIRED,
    EHE_OPENED,
    EPISODES_CLOSED,
    GROUNDS_NEEDING_PARENT_NOTICE,
    INVOLVEMENT_OPENED,
    LINKED,
    NOT_ROUTED,
    OPEN_CME,
    OPEN_EHE,
    RECEIVED,
    RECORDED,
    SAO_IN_FORCE,
    WAITING_FOR_DELETION_DATE,
    deletion_action,
    flagged_for_an_order,
    order_in_force_on,
)
from policy.workflow import CLOSED, EpisodeKind

from ...models import Alert, Child, ConsentRequest, DeletionReturn, Episode, FormalStep
from ...selectors.frontdoor import match_children, same_person
from ..episodes import episode_close, episode_open
from .records import child_for, file_notice_with_child
from .state import return_move

ORDER_IN_FORCE_MESSAGE = (
    "A school attendance order is in force for this pupil, so please keep them on your "
    "register. A pupil registered under an order can leave the register only once the council "
    "has revoked the order, or amended it to name another school. We will contact the parent "
    "about the order. Once it has been revoked or amended, send us a new return."
)


def deletion_return_process(
    *, deletion_return: DeletionReturn, today: date, by: User | None, channel: str
) -> DeletionReturn:
    """Route a received return. Safe to run twice: only a return not yet routed, or one held
    until a deletion date that has now come, is routed; anything else is left alone."""
    with transaction.atomic():
        r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
        if r.status != RECEIVED or r.outcome not in {NOT_ROUTED, WAITING_FOR_DELETION_DATE}:
            return r
        if r.outcome == WAITING_FOR_DELETION_DATE and r.deletion_date > today:
            return r
        if not r.matched_child_id:
            candidates = match_children(r)
            if len(candidates) > 1 or (candidates and not same_person(candidates[0], r)):
                # Never guessed: a person chooses on the "match or create" screen.
                return return_move(r, outcome=AWAITING_MATCH, by=by, channel=channel)
            if candidates:
                r.matched_child = candidates[0]
        return route(r, today=today, by=by, channel=channel)


def route(r: DeletionReturn, *, today: date, by: User | None, channel: str) -> DeletionReturn:
    """Route ``r`` (locked, its child matched or to be created) and file what the school
    sent on the child's record."""
    routed = _route(r, today=today, by=by, channel=channel)
    file_notice_with_child(routed, by=by, channel=channel)
    return routed


def _route(r: DeletionReturn, *, today: date, by: User | None, channel: str) -> DeletionReturn:
    if r.kind == "considering_ehe":
        return _open_involvement(r, today=today, by=by, channel=channel)
    child = r.matched_child
    ground = r.ground
    order = bool(r.sao_in_force) or order_in_force(child, on=r.deletion_date)
    if flagged_for_an_order(ground, order_in_force=order):
        # Whatever the school ticked and whatever the ground: a pupil registered under an
        # order leaves only when it is amended (d) or revoked (e), or on death (k)
        # (regulation 9(1)(d) and (e); Education Act 1996 s442). Nothing else changes.
        return return_move(
            r,
            outcome=SAO_IN_FORCE,
            by=by,
            channel=channel,
            message=ORDER_IN_FORCE_MESSAGE,
            message_kind="notice",
        )
    if kind := consent_needed(r, child=child, today=today):
        ConsentRequest.objects.get_or_create(
            deletion_return=r, kind=kind, decision="pending", defaults={"child": child}
        )
        return return_move(r, outcome=CONSENT_REQUIRED, by=by, channel=channel)
    action = deletion_action(ground, destination_known=r.destination_known)
    if action in ACTIONS_ON_THE_DELETION_DATE and r.deletion_date > today:
        # Regulation 13: a school may tell us before the pupil leaves. A case starts on the
        # deletion date and cannot start on a day still to come, so the return waits for
        # it; the sweep routes it on the day.
        return return_move(r, outcome=WAITING_FOR_DELETION_DATE, by=by, channel=channel)
    if action == OPEN_EHE:
        return _open_ehe(r, today=today, by=by, channel=channel)
    if action == OPEN_CME:
        return _open_cme(r, today=today, by=by, channel=channel)
    if action == CLOSE_CASES and child is not None:
        return _close_cases(r, child=child, today=today, by=by, channel=channel)
    # Every other ground, and a known destination: recorded on the return, no case opened,
    # and no child record made for nothing (data minimisation, UK GDPR Art. 5(1)(c)).
    return return_move(r, outcome=RECORDED, by=by, channel=channel)


def order_in_force(child: Child | None, *, on: date) -> bool:
    """A served, unrevoked school attendance order on our records, in force on ``on``."""
    if child is None:
        return False
    steps = FormalStep.objects.filter(
        episode__child=child, kind__in=["sao_served", "sao_revoked"]
    ).values_list("occurred_on", "id", "kind")
    return order_in_force_on(on, steps=list(steps), date_of_birth=child.date_of_birth)


def consent_needed(r: DeletionReturn, *, child: Child | None, today: date) -> str:
    """The kind of consent a removal for home education still needs, or ""."""
    if r.ground not in GROUNDS_NEEDING_PARENT_NOTICE:
        return ""
    if r.consent_requests.filter(decision="granted").exists():
        return ""
    # A pupil at a special school whose place a council arranged may not be removed without
    # that council's consent (regulation 9(1)(f) proviso). A blank answer is unknown, not
    # "no": held for a decision, never removed by default. A pupil with an EHCP at a
    # mainstream school needs no consent.
    if r.school.is_special and r.placed_by_council is not False:
        return "special_school"
    if settings.CWSA_S434A_CONSENT and (r.child_protection_plan_or_s47 or _has_cpp(child, today)):
        return "s434a"
    return ""


def _has_cpp(child: Child | None, on: date) -> bool:
    if child is None:
        return False
    return child.csc_history.as_at(on).filter(status="cpp").exists()


def _source(r: DeletionReturn) -> str:
    return f"{r.school.name} ({r.school.urn})"


def _open_involvement(r, *, today, by, channel) -> DeletionReturn:
    child = child_for(r, by=by, channel=channel, today=today)
    existing = child.episodes.filter(kind=EpisodeKind.INVOLVEMENT).exclude(status=CLOSED).first()
    if existing:
        return return_move(r, outcome=LINKED, episode=existing, by=by, channel=channel)
    episode = episode_open(
        by=by,
        child=child,
        kind=EpisodeKind.INVOLVEMENT,
        start_date=today,
        source="school",
        source_detail=_source(r),
        today=today,
        channel=channel,
    )
    return return_move(r, outcome=INVOLVEMENT_OPENED, episode=episode, by=by, channel=channel)


# The closure that leads each kind of case into home education (policy.guards).
CLOSURE_INTO_HOME_EDUCATION = {EpisodeKind.INVOLVEMENT: "became_ehe", EpisodeKind.CME: "ehe"}


def _case_leading_into_home_education(child: Child) -> Episode | None:
    return (
        child.episodes.filter(kind__in=list(CLOSURE_INTO_HOME_EDUCATION))
        .exclude(status=CLOSED)
        .order_by("start_date", "id")
        .first()
    )


def _open_ehe(r, *, today, by, channel) -> DeletionReturn:
    child = child_for(r, by=by, channel=channel, today=today)
    existing = child.episodes.filter(kind=EpisodeKind.EHE).exclude(status=CLOSED).first()
    if existing:
        # One open case of a kind per child (DOMAIN §5): the return joins the open one.
        return return_move(r, outcome=LINKED, episode=existing, by=by, channel=channel)
    notes = r.parent_reason.strip()
    if r.ground == "e":
        notes = (
            "School attendance order revoked: suitable education otherwise than at school. " + notes
        )
    fields = {
        "source": "school_deletion_return",
        "source_detail": _source(r),
        "previous_school": r.school,
        "reason_notes": notes.strip(),
        "school_suggested_ehe": r.school_suggested_ehe,
        "pre_ehe_meeting_held": r.meeting_held,
    }
    leading = _case_leading_into_home_education(child)
    if leading is not None:
        # The family was considering home education, or the child was missing education:
        # that case ends as the home education begins, and the new case is linked to it
        # (DOMAIN §5.1, §5.3), in one transaction.
        closed = episode_close(
            by=by,
            episode=leading,
            on=r.deletion_date,
            closure_reason=CLOSURE_INTO_HOME_EDUCATION[leading.kind],
            notes=f"The school removed the pupil for home education (regulation 9(1)({r.ground})).",
            today=today,
            channel=channel,
            follow_on_fields=fields,
        )
        episode = closed.led_to.get(kind=EpisodeKind.EHE)
    else:
        episode = episode_open(
            by=by,
            child=child,
            kind=EpisodeKind.EHE,
            start_date=r.deletion_date,
            today=today,
            channel=channel,
            **fields,
        )
    _alert_safeguarding(r, episode)
    return return_move(r, outcome=EHE_OPENED, episode=episode, by=by, channel=channel)


def _open_cme(r, *, today, by, channel) -> DeletionReturn:
    child = child_for(r, by=by, channel=channel, today=today)
    existing = child.episodes.filter(kind=EpisodeKind.CME).exclude(status=CLOSED).first()
    if existing:
        return return_move(r, outcome=LINKED, episode=existing, by=by, channel=channel)
    episode = episode_open(
        by=by,
        child=child,
        kind=EpisodeKind.CME,
        start_date=r.deletion_date,
        source="school_deletion_return",
        source_detail=_source(r),
        previous_school=r.school,
        primary_reason=CME_REASON_FOR_GROUND[r.ground],
        reason_notes=f"Removed from roll on ground ({r.ground}); destination unknown",
        today=today,
        channel=channel,
    )
    _alert_safeguarding(r, episode)
    return return_move(r, outcome=CME_OPENED, episode=episode, by=by, channel=channel)


def _close_cases(r, *, child: Child, today, by, channel) -> DeletionReturn:
    for episode in child.episodes.exclude(status=CLOSED).filter(
        kind__in=[EpisodeKind.EHE, EpisodeKind.CME]
    ):
        episode_close(
            by=by,
            episode=episode,
            on=max(r.deletion_date, episode.start_date),
            closure_reason="deceased",
            notes=f"School return {r.reference}",
            today=today,
            channel=channel,
        )
    for episode in child.episodes.exclude(status=CLOSED).filter(kind=EpisodeKind.INVOLVEMENT):
        episode_close(
            by=by,
            episode=episode,
            on=max(r.deletion_date, episode.start_date),
            closure_reason="other",
            notes="The child has died",
            today=today,
            channel=channel,
        )
    return return_move(r, outcome=EPISODES_CLOSED, by=by, channel=channel)


def _alert_safeguarding(r: DeletionReturn, episode: Episode) -> None:
    # A safeguarding file flagged on a return that opens a case alerts a manager.
    if r.safeguarding_file:
        Alert.objects.create(kind="safeguarding", child=episode.child, episode=episode)
