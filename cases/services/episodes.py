"""Opening, moving, allocating and closing episodes. The only code that writes ``status``."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ehe.roles import Role
from policy.school_age import compulsory_school_age
from policy.vocab import (
    CASE_SOURCES,
    CME_CLOSURE_OUTCOMES,
    CME_REASONS,
    EHE_CLOSURE_REASONS,
    EHE_REASONS,
    INVOLVEMENT_OUTCOMES,
    PREVIOUS_SCHOOL_TYPES,
)
from policy.workflow import (
    CLOSED,
    INITIAL_STATUS,
    EHEStatus,
    EpisodeKind,
    TransitionRefused,
    check_transition,
)

from ..models import (
    Alert,
    Child,
    ChildCSCStatus,
    CMEEnquiry,
    Episode,
    EpisodeEvent,
    SafeguardingConcern,
    UnsuitablePeriod,
)
from .audit import audit_change
from .due import episode_refresh_due, episodes_past_compulsory_school_age
from .errors import ServiceError, StaleEdit
from .limits import too_long

REASONS_BY_KIND = {EpisodeKind.EHE: EHE_REASONS, EpisodeKind.CME: CME_REASONS}
CLOSURE_REASONS_BY_KIND = {
    EpisodeKind.EHE: EHE_CLOSURE_REASONS,
    EpisodeKind.CME: CME_CLOSURE_OUTCOMES,
    EpisodeKind.INVOLVEMENT: INVOLVEMENT_OUTCOMES,
}


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


def _check_reasons(kind: str, primary: str, secondary: list[str]) -> None:
    vocabulary = REASONS_BY_KIND.get(EpisodeKind(kind))
    if vocabulary is None:
        if primary or secondary:
            raise ServiceError({"primary_reason": "Considering-EHE cases take no DfE reason"})
        return
    if primary and primary not in vocabulary:
        raise ServiceError({"primary_reason": f"'{primary}' is not a DfE reason for this case"})
    bad = [code for code in secondary if code not in vocabulary]
    if bad:
        raise ServiceError({"secondary_reasons": f"Not DfE reasons: {', '.join(bad)}"})


@transaction.atomic
def episode_open(
    *,
    by,
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
    channel: str = "web",
) -> Episode:
    kind = EpisodeKind(kind)
    secondary_reasons = list(secondary_reasons or [])
    if source not in CASE_SOURCES:
        raise ServiceError({"source": "Choose how the council learned of this child"})
    if errors := too_long(Episode, source_detail=source_detail, reason_notes=reason_notes):
        raise ServiceError(errors)
    if start_date > today:
        raise ServiceError({"start_date": "The start date must be today or in the past"})
    if start_date < child.date_of_birth:
        raise ServiceError({"start_date": "The start date must be after the date of birth"})
    if previous_school_type and previous_school_type not in PREVIOUS_SCHOOL_TYPES:
        raise ServiceError({"previous_school_type": "Choose a DfE previous-school type"})
    if previous_school is not None and not previous_school_type:
        previous_school_type = previous_school.school_type
    _check_reasons(kind, primary_reason, secondary_reasons)
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


@transaction.atomic
def episode_transition(
    *,
    by,
    episode: Episode,
    to: str,
    on: date,
    reason: str = "",
    closure_reason: str = "",
    closure_notes: str = "",
    expected_version: int | None = None,
    today: date,
    channel: str = "web",
) -> Episode:
    """Move an episode to ``to``; refused (TransitionRefused) unless policy allows it."""
    locked = _lock(episode, expected_version)
    check_transition(locked.kind, locked.status, to, closure_reason=closure_reason or None)
    if errors := too_long(EpisodeEvent, reason=reason) | too_long(
        Episode, closure_notes=closure_notes
    ):
        raise ServiceError(errors)
    if on > today:
        raise ServiceError({"on": "The date must be today or in the past"})
    if on < locked.start_date:
        raise ServiceError({"on": "The date must be on or after the case started"})
    previous = locked.status
    if to == CLOSED:
        vocabulary = CLOSURE_REASONS_BY_KIND[EpisodeKind(locked.kind)]
        if closure_reason not in vocabulary:
            raise ServiceError({"closure_reason": "Choose why the case is closing"})
        if closure_reason == "other" and not closure_notes.strip():
            raise ServiceError({"closure_notes": "Say why the case is closing"})
        locked.closure_reason = closure_reason
        locked.closure_notes = closure_notes
        locked.end_date = on
        locked.next_due_on = None
        locked.next_due_kind = ""
    # The education now appears suitable, the child is going back to school, or the case is
    # closing: any period counted as CME for unsuitable education ends today (DOMAIN §5.2).
    if to in {EHEStatus.SUITABLE, EHEStatus.RETURNING_TO_SCHOOL, CLOSED}:
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


# DOMAIN §5.3: what a CME closure must record.
CME_CLOSURE_NOTES_REQUIRED = {
    "other_council_area": "Say which council area the child is on roll or living in",
    "left_country": "Say what shows that the child has left the country",
}


def _check_cme_closure(episode: Episode, closure_reason: str, notes: str) -> None:
    if closure_reason in CME_CLOSURE_NOTES_REQUIRED and not notes.strip():
        raise ServiceError({"closure_notes": CME_CLOSURE_NOTES_REQUIRED[closure_reason]})
    # An untraced child is uploaded to the school-to-school lost pupil database (DOMAIN §5.3);
    # the other enquiries may not all be reasonable for every child, so they are not forced
    # here (docs/decisions/0006-cme-closure.md).
    if (
        closure_reason == "untraced"
        and not CMEEnquiry.objects.filter(episode=episode, item="lost_pupil_database").exists()
    ):
        raise ServiceError(
            {
                "closure_reason": "Record the upload to the school-to-school lost pupil "
                "database before closing the case as untraced"
            }
        )


def episode_close(
    *,
    by,
    episode: Episode,
    on: date,
    closure_reason: str,
    notes: str = "",
    expected_version: int | None = None,
    today: date,
    channel: str = "web",
) -> Episode:
    """Close a case. Two closures lead straight into home education and open the linked EHE
    case: a considering-EHE case that *became EHE* (DOMAIN §5.1) and a CME case closed because
    the child is now home educated (§5.3). ``episode.led_to`` holds the new case."""
    if episode.kind == EpisodeKind.CME:
        _check_cme_closure(episode, closure_reason, notes)
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
    follow_on = {
        (EpisodeKind.INVOLVEMENT, "became_ehe"): ("school", "Parent chose home education"),
        (EpisodeKind.CME, "ehe"): ("other", "Found during CME enquiries"),
    }.get((closed.kind, closure_reason))
    if follow_on is not None:
        source, detail = follow_on
        episode_open(
            by=by,
            child=closed.child,
            kind=EpisodeKind.EHE,
            start_date=on,
            source=source,
            source_detail=detail,
            allocated_officer=closed.allocated_officer,
            linked_from=closed,
            today=today,
            channel=channel,
        )
    return closed


@transaction.atomic
def episode_allocate(
    *, by, episode: Episode, officer, today: date, channel: str = "web"
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
    by,
    episode: Episode,
    outcome: str,
    on: date,
    notes: str = "",
    today: date,
    expected_version: int | None = None,
    channel: str = "web",
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
    *, by, episode: Episode, on: date, notes: str = "", today: date, channel: str = "web"
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


def episodes_close_ceased_csa(*, today: date) -> int:
    """Close every open EHE and CME case of a child past compulsory school age, with reason
    "ceased to be of compulsory school age" (s8 Education Act 1996; DOMAIN §3). Run daily."""
    closed = 0
    candidates = (
        episodes_past_compulsory_school_age(today=today)
        .filter(kind__in=[EpisodeKind.EHE, EpisodeKind.CME])
        .select_related("child")
    )
    for episode in candidates:
        _, csa_end = compulsory_school_age(episode.child.date_of_birth)
        episode_close(
            by=None,
            episode=episode,
            on=max(csa_end, episode.start_date),
            closure_reason="ceased_csa",
            notes="Closed automatically: no longer of compulsory school age",
            today=today,
            channel="system",
        )
        closed += 1
    return closed


@transaction.atomic
def alert_acknowledge(*, by, alert: Alert, channel: str = "web") -> Alert:
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
