"""Opening, moving, allocating and closing episodes. The only code that writes ``status``."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ehe.models import User
from ehe.roles import Role
from policy.guards import Refusal, latest_judgement, transition_refusal
from policy.school_age import compulsory_school_age
from policy.vocab import CASE_SOURCES, PREVIOUS_SCHOOL_TYPES
from policy.workflow import (
    CLOSED,
    INITIAL_STATUS,
    REASONS_BY_KIND,
    EHEStatus,
    EpisodeKind,
    TransitionRefused,
    ends_unsuitable,
)

from ..models import (
    Alert,
    Child,
    ChildCSCStatus,
    Episode,
    EpisodeEvent,
    SafeguardingConcern,
    UnsuitablePeriod,
)
from ..selectors.guards import case_snapshot, status_since
from .audit import audit_change
from .due import episode_refresh_due, episodes_past_compulsory_school_age
from .errors import ServiceError, StaleEdit
from .limits import too_long


def _event(
    episode: Episode,
    *,
    by,
    action: str,
    on: date,
    from_status="",
    to_status="",
    reason="",
    data=None,
) -> EpisodeEvent:
    return EpisodeEvent.objects.create(
        episode=episode,
        by=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        occurred_on=on,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
    )


def _reason_errors(kind: str, primary: str, secondary: list[str]) -> dict[str, str]:
    vocabulary = REASONS_BY_KIND.get(EpisodeKind(kind))
    if vocabulary is None:
        if primary or secondary:
            return {"primary_reason": "Considering-EHE cases take no DfE reason"}
        return {}
    errors = {}
    if primary and primary not in vocabulary:
        errors["primary_reason"] = f"'{primary}' is not a DfE reason for this case"
    bad = [code for code in secondary if code not in vocabulary]
    if bad:
        errors["secondary_reasons"] = f"Not DfE reasons: {', '.join(bad)}"
    return errors


@transaction.atomic
def episode_open(
    *,
    by: User | None,
    child: Child,
    kind: str,
    start_date: date,
    source: str = "other",
    source_detail: str = "",
    allocated_officer=None,
    previous_school=None,
    previous_school_type: str = "",
    primary_reason: str = "",
    secondary_reasons: list[str] | None = None,
    reason_notes: str = "",
    school_suggested_ehe: bool | None = None,
    pre_ehe_meeting_held: bool | None = None,
    linked_from: Episode | None = None,
    record_ref: str = "",
    today: date,
    channel: str,
) -> Episode:
    kind = EpisodeKind(kind)
    secondary_reasons = list(secondary_reasons or [])
    # Every problem at once, so a form can show them all together.
    errors = too_long(Episode, source_detail=source_detail, reason_notes=reason_notes)
    if source not in CASE_SOURCES:
        errors["source"] = "Choose how the council learned of this child"
    if start_date > today:
        errors["start_date"] = "The start date must be today or in the past"
    elif start_date < child.date_of_birth:
        errors["start_date"] = "The start date must be after the date of birth"
    if previous_school_type and previous_school_type not in PREVIOUS_SCHOOL_TYPES:
        errors["previous_school_type"] = "Choose a DfE previous-school type"
    errors |= _reason_errors(kind, primary_reason, secondary_reasons)
    if errors:
        raise ServiceError(errors)
    if previous_school is not None and not previous_school_type:
        previous_school_type = previous_school.school_type
    # Take a row lock on the child so two simultaneous openings cannot both pass the check.
    Child.objects.select_for_update().get(pk=child.pk)
    if Episode.objects.filter(child=child, kind=kind).exclude(status=CLOSED).exists():
        raise ServiceError({"kind": "This child already has an open case of this kind"})
    if kind == EpisodeKind.EHE and not primary_reason:
        primary_reason = "unknown"
    if kind == EpisodeKind.CME and not primary_reason:
        primary_reason = "not_recorded"
    try:
        with transaction.atomic():
            episode = Episode.objects.create(
                child=child,
                kind=kind,
                status=INITIAL_STATUS[kind],
                start_date=start_date,
                source=source,
                source_detail=source_detail,
                allocated_officer=allocated_officer,
                previous_school=previous_school,
                previous_school_type=previous_school_type,
                primary_reason=primary_reason,
                secondary_reasons=secondary_reasons,
                reason_notes=reason_notes,
                school_suggested_ehe=school_suggested_ehe,
                pre_ehe_meeting_held=pre_ehe_meeting_held,
                linked_from=linked_from,
                record_ref=record_ref,
            )
    except IntegrityError as exc:
        raise ServiceError({"kind": "This child already has an open case of this kind"}) from exc
    _event(
        episode,
        by=by,
        action="opened",
        on=start_date,
        to_status=episode.status,
        data={"source": source},
    )
    audit_change(by=by, action="create", obj=episode, child_id=child.pk, channel=channel)
    if kind == EpisodeKind.EHE:
        _alert_if_known_to_social_care(episode, on=start_date)
    if kind == EpisodeKind.CME:
        _alert_cme_at_risk(episode, on=start_date)
    episode_refresh_due(episode, today=today)
    return episode


def _alert_if_known_to_social_care(episode: Episode, *, on: date) -> None:
    """DOMAIN §5.2: a child with a CPP or CIN status who becomes EHE is flagged to a manager
    at once."""
    status = (
        ChildCSCStatus.objects.as_at(on)
        .filter(child_id=episode.child_id)
        .values_list("status", flat=True)
        .first()
    )
    if status in {"cin", "cpp", "cla"}:
        Alert.objects.create(kind="csc_child_ehe", child_id=episode.child_id, episode=episode)


def _alert_cme_at_risk(episode: Episode, *, on: date) -> None:
    """DOMAIN §5.3: a child missing education who has a child protection plan, is looked after,
    or has a safeguarding concern is referred to social care at once; a manager is alerted so
    the referral is made and recorded."""
    status = (
        ChildCSCStatus.objects.as_at(on)
        .filter(child_id=episode.child_id)
        .values_list("status", flat=True)
        .first()
    )
    # A concern still current: raised in the last year.
    concern = SafeguardingConcern.objects.filter(
        child_id=episode.child_id, raised_on__gt=on - timedelta(days=365)
    ).exists()
    if status in {"cpp", "cla"} or concern:
        Alert.objects.create(kind="cme_social_care", child_id=episode.child_id, episode=episode)


def _lock(episode: Episode, expected_version: int | None) -> Episode:
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit("case")
    return locked


def raise_refusal(refusal: Refusal, *, date_field: str = "on") -> None:
    """A refusal about what was entered is a field error (the move's date reported under the
    caller's own name for it); one about the case is a refused move."""
    if refusal.field:
        field = date_field if refusal.field == "on" else refusal.field
        raise ServiceError({field: refusal.message})
    raise TransitionRefused(refusal.message)


@transaction.atomic
def episode_transition(
    *,
    by: User | None,
    episode: Episode,
    to: str,
    on: date,
    reason: str = "",
    closure_reason: str = "",
    closure_notes: str = "",
    expected_version: int | None = None,
    today: date,
    channel: str,
    date_field: str = "on",
) -> Episode:
    """Move an episode to ``to``; refused unless the table allows the move and its
    preconditions hold (``policy.guards``), whoever asks: a screen, the API, a job, the demo.
    ``date_field`` names ``on`` as the caller's form knows it (``decided_on`` …)."""
    locked = _lock(episode, expected_version)
    if errors := too_long(EpisodeEvent, reason=reason) | too_long(
        Episode, closure_notes=closure_notes
    ):
        raise ServiceError(errors)
    if on > today:
        raise ServiceError({date_field: "The date must be today or in the past"})
    snapshot = case_snapshot(locked)
    refusal = transition_refusal(
        snapshot,
        to,
        on=on,
        reason=reason,
        closure_reason=closure_reason,
        closure_notes=closure_notes,
    )
    if refusal is not None:
        raise_refusal(refusal, date_field=date_field)
    previous = locked.status
    if to == CLOSED:
        locked.closure_reason = closure_reason
        locked.closure_notes = closure_notes
        locked.end_date = on
        locked.next_due_on = None
        locked.next_due_kind = ""
    if to == EHEStatus.PANEL:
        # DOMAIN §5.2, §8: from the judgement that the education does not appear suitable, the
        # child counts as missing education ("Unsuitable elective home education").
        judged_on = latest_judgement(snapshot, on).decided_on
        UnsuitablePeriod.objects.get_or_create(
            episode=locked, valid_to__isnull=True, defaults={"valid_from": judged_on}
        )
    elif ends_unsuitable(to):
        UnsuitablePeriod.objects.filter(episode=locked, valid_to__isnull=True).update(valid_to=on)
    locked.status = to
    locked.version += 1
    locked.save()
    _event(
        locked,
        by=by,
        action="status_changed",
        on=on,
        from_status=previous,
        to_status=to,
        reason=reason or closure_notes,
        data={"closure_reason": closure_reason} if closure_reason else {},
    )
    audit_change(
        by=by,
        action="transition",
        obj=locked,
        child_id=locked.child_id,
        channel=channel,
        detail=f"{previous} -> {to}",
    )
    if to != CLOSED:
        episode_refresh_due(locked, today=today)
    return locked


# Closures that lead straight into home education open the linked EHE case (DOMAIN §5.1, §5.3).
FOLLOW_ON_EHE = {
    (EpisodeKind.INVOLVEMENT, "became_ehe"): ("school", "Parent chose home education"),
    (EpisodeKind.CME, "ehe"): ("other", "Found during CME enquiries"),
}


@transaction.atomic
def episode_close(
    *,
    by: User | None,
    episode: Episode,
    on: date,
    closure_reason: str,
    notes: str = "",
    expected_version: int | None = None,
    today: date,
    channel: str,
    follow_on_fields: dict | None = None,
) -> Episode:
    """Close a case. A considering-EHE case that *became EHE* (DOMAIN §5.1) and a CME case
    closed because the child is now home educated (§5.3) open the linked EHE case, in the same
    transaction: if it cannot be opened, nothing closes. ``episode.led_to`` holds the new case;
    ``follow_on_fields`` are passed to ``episode_open`` for it (reasons, previous school)."""
    closed = episode_transition(
        by=by,
        episode=episode,
        to=CLOSED,
        on=on,
        closure_reason=closure_reason,
        closure_notes=notes,
        expected_version=expected_version,
        today=today,
        channel=channel,
    )
    follow_on = FOLLOW_ON_EHE.get((closed.kind, closure_reason))
    if follow_on is not None:
        source, detail = follow_on
        fields = {"source": source, "source_detail": detail} | (follow_on_fields or {})
        episode_open(
            by=by,
            child=closed.child,
            kind=EpisodeKind.EHE,
            start_date=on,
            allocated_officer=closed.allocated_officer,
            linked_from=closed,
            today=today,
            channel=channel,
            **fields,
        )
    return closed


@transaction.atomic
def episode_allocate(
    *, by: User | None, episode: Episode, officer, today: date, channel: str
) -> Episode:
    if officer is not None and not officer.has_role(Role.OFFICER, Role.MANAGER):
        raise ServiceError({"officer": "Cases can only be allocated to EHE officers or managers"})
    locked = _lock(episode, None)
    if not locked.is_open:
        raise TransitionRefused("A closed case cannot be allocated.")
    previous = locked.allocated_officer_id
    locked.allocated_officer = officer
    locked.version += 1
    locked.save(update_fields=["allocated_officer", "version", "updated_at"])
    _event(
        locked,
        by=by,
        action="allocated",
        on=today,
        data={"from_officer": previous, "to_officer": officer.pk if officer else None},
    )
    audit_change(
        by=by,
        action="update",
        obj=locked,
        child_id=locked.child_id,
        channel=channel,
        detail="allocated",
    )
    return locked


@transaction.atomic
def involvement_conclude(
    *,
    by: User | None,
    episode: Episode,
    outcome: str,
    on: date,
    notes: str = "",
    today: date,
    expected_version: int | None = None,
    channel: str,
) -> Episode | None:
    """Close a "considering EHE" involvement. *Became EHE* opens the linked EHE episode,
    which is returned; other outcomes return None."""
    if episode.kind != EpisodeKind.INVOLVEMENT:
        raise TransitionRefused("Only a considering-EHE case can be concluded this way.")
    closed = episode_close(
        by=by,
        episode=episode,
        on=on,
        closure_reason=outcome,
        notes=notes,
        expected_version=expected_version,
        today=today,
        channel=channel,
    )
    return closed.led_to.filter(kind=EpisodeKind.EHE).first()


@transaction.atomic
def post16_advice_record(
    *, by: User | None, episode: Episode, on: date, notes: str = "", today: date, channel: str
) -> Episode:
    """A Year 11 child has been referred for post-16 advice before leaving compulsory school
    age (DOMAIN §3)."""
    locked = _lock(episode, None)
    if not locked.is_open:
        raise TransitionRefused("This case is closed.")
    if errors := too_long(EpisodeEvent, reason=notes, keys={"reason": "notes"}):
        raise ServiceError(errors)
    if on > today:
        raise ServiceError({"on": "The date must be today or in the past"})
    locked.post16_advice_done_on = on
    locked.version += 1
    locked.save(update_fields=["post16_advice_done_on", "version", "updated_at"])
    _event(locked, by=by, action="post16_advice_referred", on=on, reason=notes)
    audit_change(
        by=by,
        action="update",
        obj=locked,
        child_id=locked.child_id,
        channel=channel,
        detail="post-16 advice referral",
    )
    episode_refresh_due(locked, today=today)
    return locked


CEASED_CSA_NOTES = "Closed automatically: no longer of compulsory school age"


def episode_close_ceased_csa(*, episode: Episode, today: date) -> Episode:
    """Close one case of a child past compulsory school age, with reason "ceased to be of
    compulsory school age" (s8 Education Act 1996; DOMAIN §3)."""
    _, csa_end = compulsory_school_age(episode.child.date_of_birth)
    # s8(3): the age ends at the end of its last day, so the case ends (its first day no
    # longer in the status, DOMAIN §5.2) on the day after.
    return episode_close(
        by=None,
        episode=episode,
        on=max(csa_end + timedelta(days=1), status_since(episode)),
        closure_reason="ceased_csa",
        notes=CEASED_CSA_NOTES,
        today=today,
        channel="system",
    )


def episodes_close_ceased_csa(*, today: date) -> int:
    """Close every open EHE and CME case of a child past compulsory school age. The daily job
    does this one case at a time (cases.services.daily); this is the same, all at once."""
    candidates = (
        episodes_past_compulsory_school_age(today=today)
        .filter(kind__in=[EpisodeKind.EHE, EpisodeKind.CME])
        .select_related("child")
    )
    closed = 0
    for episode in candidates:
        episode_close_ceased_csa(episode=episode, today=today)
        closed += 1
    return closed


@transaction.atomic
def alert_acknowledge(*, by: User, alert: Alert, channel: str) -> Alert:
    if not by.has_role(Role.MANAGER):
        raise ServiceError("Only a manager can acknowledge an alert")
    if alert.acknowledged_at is not None:
        raise ServiceError("This alert has already been acknowledged")
    alert.acknowledged_by = by
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    audit_change(
        by=by,
        action="update",
        obj=alert,
        child_id=alert.child_id,
        channel=channel,
        detail="alert acknowledged",
    )
    return alert
