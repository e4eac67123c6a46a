"""The front door: a school submits a deletion return (or tells us a parent is considering
home education); processing applies DOMAIN §5.4 and the School Attendance (Pupil
Registration) (England) Regulations 2024. Nothing a school submits is ever lost: the return is
saved as sent before any matching or routing is attempted."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from celery import current_app
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone

from ehe.roles import Role
from policy.upn import upn_error
from policy.vocab import (
    DELETION_GROUND_OPENS_EHE,
    DELETION_GROUNDS,
    DELETION_GROUNDS_CLOSE_EPISODES,
    DELETION_GROUNDS_OPEN_CME_IF_DESTINATION_UNKNOWN,
    SEN_STATUS,
    SEX,
)
from policy.workflow import CLOSED, EpisodeKind

from ..models import (
    Alert,
    CaseworkSettings,
    Child,
    ConsentRequest,
    DeletionReturn,
    Episode,
    FormalStep,
    ReturnAttachment,
    School,
)
from .audit import audit_change
from .children import child_create, person_add_to_child
from .documents import file_content_type
from .episodes import episode_close, episode_open
from .errors import ServiceError

PUPIL_FIELDS = (
    "pupil_first_name",
    "pupil_middle_names",
    "pupil_last_name",
    "date_of_birth",
    "sex",
    "upn",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "sen_status",
)
DELETION_FIELDS = (
    "ground",
    "deletion_date",
    "destination_known",
    "destination_school_name",
    "destination_school_urn",
    "destination_local_authority",
    "destination_in_area",
    "future_address",
    "placed_by_council",
    "sao_in_force",
)
EHE_FIELDS = (
    "meeting_offered",
    "meeting_held",
    "school_suggested_ehe",
    "parent_reason",
    "attendance_percent",
    "exclusions",
    "safeguarding_file",
    "child_protection_plan_or_s47",
    "notes",
)
SUBMITTED_FIELDS = PUPIL_FIELDS + DELETION_FIELDS + EHE_FIELDS + ("parents",)
PARENT_KEYS = ("first_name", "last_name", "relationship", "address", "phone", "email")

# Grounds (g), (h) and (i) with nowhere known to go: the likeliest DfE reason for the CME case.
CME_REASON_FOR_GROUND = {
    "g": "believed_moved_to_another_la",
    "h": "believed_moved_to_another_country",
    "i": "unknown",
}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _validate(kind: str, data: dict, attachments: list, *, today: date) -> dict[str, str]:
    """Every problem with a return, by field. Empty when it can be saved."""
    errors: dict[str, str] = {}
    unknown = set(data) - set(SUBMITTED_FIELDS)
    for name in sorted(unknown):
        errors[name] = "This field is not part of a return"
    if kind not in {"deletion", "considering_ehe"}:
        errors["kind"] = "Say whether the pupil has left the roll or a parent is considering it"
    for name, label in (("pupil_first_name", "first name"), ("pupil_last_name", "last name")):
        if _blank(data.get(name)):
            errors[name] = f"Enter the pupil's {label}"
    dob = data.get("date_of_birth")
    if not isinstance(dob, date):
        errors["date_of_birth"] = "Enter the pupil's date of birth"
    elif dob >= today or dob < today - timedelta(days=365 * 20):
        errors["date_of_birth"] = "The date of birth must be a real date in the past"
    if data.get("sex", "U") not in SEX:
        errors["sex"] = "Sex must be F, M or U"
    if data.get("sen_status", "none") not in SEN_STATUS:
        errors["sen_status"] = "SEN status must be none, sen_support or ehcp"
    upn = (data.get("upn") or "").strip().upper()
    if upn and (problem := upn_error(upn)):
        errors["upn"] = problem
    if _blank(data.get("address_line_1")):
        errors["address_line_1"] = "Enter the first line of the pupil's address"
    if _blank(data.get("postcode")):
        errors["postcode"] = "Enter the pupil's postcode"
    parents = data.get("parents")
    if not isinstance(parents, list) or not parents:
        errors["parents"] = "Give at least one parent the pupil normally lives with"
    else:
        for index, parent in enumerate(parents):
            prefix = f"parents.{index}"
            if not isinstance(parent, dict):
                errors[prefix] = "Each parent must be a set of named fields"
                continue
            for key in sorted(set(parent) - set(PARENT_KEYS)):
                errors[f"{prefix}.{key}"] = "This field is not part of a parent's details"
            for key, label in (
                ("first_name", "first name"),
                ("last_name", "last name"),
                ("address", "address"),
                ("phone", "emergency telephone number"),
            ):
                if _blank(parent.get(key)):
                    errors[f"{prefix}.{key}"] = f"Enter the parent's {label}"
    if kind == "deletion":
        ground = data.get("ground") or ""
        if ground not in DELETION_GROUNDS:
            errors["ground"] = "Choose the regulation 9(1) ground for removing the pupil"
        deleted = data.get("deletion_date")
        if not isinstance(deleted, date):
            errors["deletion_date"] = "Enter the date the pupil was, or will be, removed"
        elif deleted > today:
            errors["deletion_date"] = "The deletion date must be today or in the past"
        elif isinstance(dob, date) and deleted <= dob:
            errors["deletion_date"] = "The deletion date must be after the date of birth"
        if data.get("destination_known") is None:
            errors["destination_known"] = "Say whether you know where the pupil is going"
        elif data.get("destination_known") and all(
            _blank(data.get(k))
            for k in (
                "destination_school_name",
                "destination_school_urn",
                "destination_local_authority",
                "future_address",
            )
        ):
            errors["destination_school_name"] = "Give the destination school, area or address"
        urn = data.get("destination_school_urn") or ""
        if urn and not (len(urn) == 6 and urn.isdigit()):
            errors["destination_school_urn"] = "A URN is 6 digits"
        if ground == "f" and not attachments:
            errors["attachments"] = "Attach the parent's written notice of home education"
    else:
        for name in ("ground", "deletion_date"):
            if not _blank(data.get(name)):
                errors[name] = "A pupil whose parent is considering home education is still on roll"
    percent = data.get("attendance_percent")
    if percent is not None:
        try:
            if not 0 <= float(percent) <= 100:
                errors["attendance_percent"] = "Attendance must be between 0 and 100"
        except (TypeError, ValueError):
            errors["attendance_percent"] = "Attendance must be a number between 0 and 100"
    for name in SUBMITTED_FIELDS:
        limit = _max_length(name)
        if limit and isinstance(data.get(name), str) and len(data[name]) > limit:
            errors[name] = f"This must be {limit} characters or fewer"
    limit = CaseworkSettings.current().max_upload_megabytes * 1024 * 1024
    for index, upload in enumerate(attachments):
        name = "attachments" if len(attachments) == 1 else f"attachments.{index}"
        if upload.size == 0:
            errors[name] = "The file is empty"
        elif upload.size > limit:
            errors[name] = f"The file must be smaller than {limit // (1024 * 1024)} MB"
        else:
            try:
                upload.seek(0)
                file_content_type(upload.name, upload.read(16))
            except ServiceError as error:
                errors[name] = error.errors["file"]
    return errors


def _max_length(name: str) -> int | None:
    try:
        return DeletionReturn._meta.get_field(name).max_length
    except FieldDoesNotExist:
        return None


def _reference(pk: int, on: date) -> str:
    return f"DR-{on:%Y}-{pk:06d}"


@dataclass(frozen=True)
class Receipt:
    deletion_return: DeletionReturn
    created: bool


def deletion_return_submit(
    *,
    school: School,
    kind: str,
    data: dict,
    attachments: list | None = None,
    submitted_by=None,
    token=None,
    idempotency_key: str = "",
    channel: str = "web",
    today: date,
) -> Receipt:
    """Save a school's return exactly as sent, then queue its processing after commit.

    A resubmission with the same idempotency key returns the original receipt and saves
    nothing. Bad input raises ServiceError with every problem by field, and saves nothing."""
    attachments = list(attachments or [])
    idempotency_key = idempotency_key.strip()
    if len(idempotency_key) > 100:
        raise ServiceError({"idempotency_key": "An idempotency key has at most 100 characters"})
    if idempotency_key:
        existing = DeletionReturn.objects.filter(
            school=school, idempotency_key=idempotency_key
        ).first()
        if existing:
            return Receipt(existing, created=False)
    errors = _validate(kind, data, attachments, today=today)
    if errors:
        raise ServiceError(errors)
    fields = {k: v for k, v in data.items() if k in SUBMITTED_FIELDS}
    fields["upn"] = (fields.get("upn") or "").strip().upper()
    fields["postcode"] = fields["postcode"].strip().upper()
    try:
        with transaction.atomic():
            deletion_return = DeletionReturn.objects.create(
                kind=kind,
                school=school,
                submitted_by=submitted_by,
                submitted_with_token=token,
                channel=channel,
                idempotency_key=idempotency_key,
                # Unique until the real reference, built from the id, replaces it below.
                reference=uuid.uuid4().hex[:20],
                **fields,
            )
            deletion_return.reference = _reference(deletion_return.pk, today)
            deletion_return.save(update_fields=["reference"])
            for upload in attachments:
                _store_attachment(deletion_return, upload)
            # robust: a failure while routing (run in-process without a broker) must not turn
            # the school's successful submission into an error; the return is saved either way
            # and waits in triage.
            transaction.on_commit(lambda: _enqueue(deletion_return.pk), robust=True)
    except IntegrityError:
        # Two submissions with one key raced: the first one saved is the receipt.
        existing = DeletionReturn.objects.get(school=school, idempotency_key=idempotency_key)
        return Receipt(existing, created=False)
    return Receipt(deletion_return, created=True)


def _store_attachment(deletion_return: DeletionReturn, upload) -> ReturnAttachment:
    upload.seek(0)
    content_type = file_content_type(upload.name, upload.read(16))
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = ReturnAttachment(
        deletion_return=deletion_return,
        original_name=PurePath(upload.name).name[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def _enqueue(pk: int) -> None:
    # Looked up by name: cases.tasks imports the services, so the services cannot import it.
    current_app.tasks["cases.process_deletion_return"].delay(pk)


# ---------------------------------------------------------------------------------------------
# Processing


def match_children(deletion_return: DeletionReturn):
    """Children this return may be about: by UPN first, then legal name and date of birth."""
    if deletion_return.upn:
        by_upn = list(Child.objects.filter(upn=deletion_return.upn))
        if by_upn:
            return by_upn
    return list(
        Child.objects.filter(
            date_of_birth=deletion_return.date_of_birth,
            legal_first_name__iexact=deletion_return.pupil_first_name.strip(),
            legal_last_name__iexact=deletion_return.pupil_last_name.strip(),
        )
    )


def _same_person(child: Child, r: DeletionReturn) -> bool:
    return (
        child.date_of_birth == r.date_of_birth
        and child.legal_last_name.lower() == r.pupil_last_name.strip().lower()
    )


def _sao_in_force(child: Child | None) -> bool:
    if child is None:
        return False
    steps = FormalStep.objects.filter(episode__child=child, kind__in=["sao_served", "sao_revoked"])
    latest = steps.order_by("-occurred_on", "-id").first()
    return latest is not None and latest.kind == "sao_served"


def _child_for(r: DeletionReturn, *, by, today: date) -> Child:
    if r.matched_child_id:
        return r.matched_child
    child = child_create(
        by=by,
        legal_first_name=r.pupil_first_name.strip(),
        legal_last_name=r.pupil_last_name.strip(),
        legal_middle_names=r.pupil_middle_names.strip(),
        date_of_birth=r.date_of_birth,
        sex=r.sex,
        upn=r.upn,
        known_from=r.deletion_date or today,
        sen_status=r.sen_status,
        address={
            "line_1": r.address_line_1,
            "line_2": r.address_line_2,
            "town": r.town,
            "postcode": r.postcode,
            "in_area": True,
        },
        channel="system",
    )
    for parent in r.parents:
        person_add_to_child(
            by=by,
            child=child,
            relationship=_relationship(parent.get("relationship", "")),
            first_name=parent.get("first_name", "").strip(),
            last_name=parent.get("last_name", "").strip(),
            address_line_1=parent.get("address", "").strip()[:120],
            phone=parent.get("phone", "").strip()[:30],
            email=parent.get("email", "").strip(),
            channel="system",
        )
    r.matched_child = child
    return child


def _relationship(text: str) -> str:
    text = (text or "").strip().lower()
    for code in (
        "mother",
        "father",
        "step_parent",
        "grandparent",
        "foster_carer",
        "special_guardian",
    ):
        if text.replace("-", "_").replace(" ", "_") == code:
            return code
    return "other_carer"


def _finish(
    r: DeletionReturn,
    *,
    outcome: str,
    status: str = "processed",
    by=None,
    message: str = "",
    episode: Episode | None = None,
) -> DeletionReturn:
    r.outcome = outcome
    r.status = status
    r.query_message = message
    if episode is not None:
        r.episode = episode
    if status != "received":
        r.processed_at = timezone.now()
        r.processed_by = by if getattr(by, "is_authenticated", False) else None
    r.save()
    if r.matched_child_id:
        audit_change(
            by=by,
            action="update",
            obj=r,
            child_id=r.matched_child_id,
            channel="system",
            detail=f"school return {outcome}",
        )
    return r


@transaction.atomic
def deletion_return_process(
    *, deletion_return: DeletionReturn, today: date, by=None
) -> DeletionReturn:
    """Route a received return (DOMAIN §5.4). Safe to run twice: a return that has been
    routed, or is waiting on a person (a match or a consent decision), is left alone."""
    r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
    if r.status != "received" or r.outcome in {"awaiting_match", "consent_required"}:
        return r
    if not r.matched_child_id:
        candidates = match_children(r)
        if len(candidates) > 1 or (candidates and not _same_person(candidates[0], r)):
            # Never guessed: a person chooses on the "match or create" screen.
            return _finish(r, outcome="awaiting_match", status="received", by=by)
        if candidates:
            r.matched_child = candidates[0]
    return _route(r, today=today, by=by)


def _route(r: DeletionReturn, *, today: date, by) -> DeletionReturn:
    child = r.matched_child
    if r.kind == "considering_ehe":
        child = _child_for(r, by=by, today=today)
        open_involvement = (
            child.episodes.filter(kind=EpisodeKind.INVOLVEMENT).exclude(status=CLOSED).first()
        )
        episode = open_involvement or episode_open(
            by=by,
            child=child,
            kind=EpisodeKind.INVOLVEMENT,
            start_date=today,
            source="school",
            source_detail=f"{r.school.name} ({r.school.urn})",
            today=today,
            channel="system",
        )
        return _finish(r, outcome="involvement_opened", by=by, episode=episode)

    ground = r.ground
    if ground in DELETION_GROUND_OPENS_EHE:
        # A parent may not remove a child while a school attendance order is in force: the
        # order must be revoked first (s442; regulation 9(1)(e)). Nothing else changes.
        if r.sao_in_force or _sao_in_force(child):
            return _finish(
                r,
                outcome="sao_in_force",
                status="query_raised",
                by=by,
                message="A school attendance order is in force for this pupil. The pupil must "
                "stay on roll until the council revokes the order; the council will contact "
                "the parent about revoking it.",
            )
        # A pupil at a special school where the council arranged the place needs the
        # council's consent before removal; a pupil with an EHCP at a mainstream school
        # needs none (regulation 9(1)(f) proviso).
        if r.school.is_special and r.placed_by_council:
            return _ask_consent(r, kind="special_school", child=child, by=by)
        if settings.CWSA_S434A_CONSENT and (
            r.child_protection_plan_or_s47 or _has_cpp(child, today)
        ):
            return _ask_consent(r, kind="s434a", child=child, by=by)
        return _open_ehe(r, today=today, by=by)

    if ground in DELETION_GROUNDS_OPEN_CME_IF_DESTINATION_UNKNOWN and not r.destination_known:
        child = _child_for(r, by=by, today=today)
        existing = child.episodes.filter(kind=EpisodeKind.CME).exclude(status=CLOSED).first()
        if existing:
            return _finish(r, outcome="recorded", by=by, episode=existing)
        episode = episode_open(
            by=by,
            child=child,
            kind=EpisodeKind.CME,
            start_date=r.deletion_date,
            source="school_deletion_return",
            source_detail=f"{r.school.name} ({r.school.urn})",
            previous_school=r.school,
            primary_reason=CME_REASON_FOR_GROUND[ground],
            reason_notes=f"Removed from roll on ground ({ground}); destination unknown",
            today=today,
            channel="system",
        )
        if r.safeguarding_file:
            Alert.objects.create(kind="safeguarding", child=child, episode=episode)
        return _finish(r, outcome="cme_opened", by=by, episode=episode)

    if ground in DELETION_GROUNDS_CLOSE_EPISODES and child is not None:
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
                channel="system",
            )
        for episode in child.episodes.exclude(status=CLOSED).filter(kind=EpisodeKind.INVOLVEMENT):
            episode_close(
                by=by,
                episode=episode,
                on=max(r.deletion_date, episode.start_date),
                closure_reason="other",
                notes="The child has died",
                today=today,
                channel="system",
            )
        return _finish(r, outcome="episodes_closed", by=by)

    # Every other ground, and a known destination: recorded on the return, no case opened.
    return _finish(r, outcome="recorded", by=by)


def _has_cpp(child: Child | None, on: date) -> bool:
    if child is None:
        return False
    return child.csc_history.as_at(on).filter(status="cpp").exists()


def _ask_consent(r: DeletionReturn, *, kind: str, child: Child | None, by) -> DeletionReturn:
    ConsentRequest.objects.get_or_create(deletion_return=r, kind=kind, defaults={"child": child})
    return _finish(r, outcome="consent_required", status="received", by=by)


def _open_ehe(r: DeletionReturn, *, today: date, by) -> DeletionReturn:
    child = _child_for(r, by=by, today=today)
    existing = child.episodes.filter(kind=EpisodeKind.EHE).exclude(status=CLOSED).first()
    if existing:
        return _finish(r, outcome="recorded", by=by, episode=existing)
    notes = r.parent_reason.strip()
    episode = episode_open(
        by=by,
        child=child,
        kind=EpisodeKind.EHE,
        start_date=r.deletion_date,
        source="school_deletion_return",
        source_detail=f"{r.school.name} ({r.school.urn})",
        previous_school=r.school,
        reason_notes=notes,
        school_suggested_ehe=r.school_suggested_ehe,
        pre_ehe_meeting_held=r.meeting_held,
        today=today,
        channel="system",
    )
    if r.safeguarding_file:
        Alert.objects.create(kind="safeguarding", child=child, episode=episode)
    return _finish(r, outcome="ehe_opened", by=by, episode=episode)


@transaction.atomic
def deletion_return_match(
    *, by, deletion_return: DeletionReturn, child: Child | None, today: date
) -> DeletionReturn:
    """A person resolves an ambiguous match: ``child`` is the match, or None to create a new
    child from the return. Then processing continues."""
    r = DeletionReturn.objects.select_for_update().get(pk=deletion_return.pk)
    if r.outcome != "awaiting_match":
        raise ServiceError("This return is not waiting to be matched")
    r.matched_child = child
    r.outcome = ""
    r.save(update_fields=["matched_child", "outcome"])
    if child is not None:
        audit_change(by=by, action="update", obj=r, child_id=child.pk, detail="return matched")
    return _route(r, today=today, by=by)


@transaction.atomic
def consent_decide(
    *, by, consent: ConsentRequest, decision: str, reasons: str, today: date
) -> ConsentRequest:
    """A manager grants or refuses consent to remove the pupil, with reasons. The outcome is
    sent back to the school's return; a grant opens the home education case."""
    if not by.has_role(Role.MANAGER):
        raise ServiceError("Only a manager can decide on consent")
    consent = ConsentRequest.objects.select_for_update().get(pk=consent.pk)
    errors = {}
    if consent.decision != "pending":
        errors[""] = "This consent request has already been decided"
    if decision not in {"granted", "refused"}:
        errors["decision"] = "Choose whether to give or refuse consent"
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the decision"
    if errors:
        raise ServiceError(errors)
    consent.decision = decision
    consent.reasons = reasons.strip()
    consent.decided_by = by
    consent.decided_at = timezone.now()
    consent.save()
    r = consent.deletion_return
    if decision == "refused":
        _finish(
            r,
            outcome="consent_required",
            status="query_raised",
            by=by,
            message="The council has refused consent to remove this pupil from the "
            f"register. Reasons: {consent.reasons}",
        )
    else:
        r.outcome = ""
        r.save(update_fields=["outcome"])
        _open_ehe(r, today=today, by=by)
    if consent.child_id or r.matched_child_id:
        audit_change(
            by=by,
            action="update",
            obj=consent,
            child_id=consent.child_id or r.matched_child_id,
            detail=f"consent {decision}",
        )
    return consent


def returns_visible_to_school(school: School):
    return DeletionReturn.objects.filter(school=school)


def pending_consents():
    return ConsentRequest.objects.filter(decision="pending").select_related(
        "deletion_return__school", "child"
    )


def returns_awaiting_match():
    return DeletionReturn.objects.filter(outcome="awaiting_match").select_related("school")


__all__ = [
    "Receipt",
    "consent_decide",
    "deletion_return_match",
    "deletion_return_process",
    "deletion_return_submit",
    "match_children",
]


def deletion_returns_sweep(*, today: date, older_than_minutes: int = 10) -> int:
    """Route any return still waiting for its first routing (its queued job was lost, say
    while the broker was down). Returns how many were routed. Run by the daily job."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    waiting = DeletionReturn.objects.filter(
        status="received", outcome="", submitted_at__lt=cutoff
    ).order_by("submitted_at", "id")
    routed = 0
    for deletion_return in waiting:
        deletion_return_process(deletion_return=deletion_return, today=today)
        routed += 1
    return routed
