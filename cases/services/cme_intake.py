"""Children missing education: taking a referral (from a school, a partner agency, the public
or another council) and keeping the case's DfE reason right (DOMAIN §5.3, §8.5).

``cme_referral_register`` only orchestrates existing services; each keeps its own checks. One
transaction wraps them so that a refusal from any step leaves no half-registered child, no
orphaned safeguarding concern and no alert behind.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ehe.models import User
from policy.school_age import compulsory_school_age
from policy.vocab import CASE_SOURCES, CME_REASONS, CSC_STATUS
from policy.workflow import REASONS_BY_KIND, EpisodeKind

from ..models import Alert, Child, Episode, SafeguardingConcern
from .audit import audit_change
from .children import child_create
from .contacts import safeguarding_concern_raise
from .episodes import _event, _lock, episode_open
from .errors import ServiceError, TransitionRefused
from .limits import too_long

# Where a CME referral can come from by hand. A school's deletion return arrives through the
# front door (cases.services.frontdoor) and an imported register is not a referral.
NOT_REFERRALS = frozenset({"school_deletion_return", "imported"})
REFERRAL_SOURCES = frozenset(code for code in CASE_SOURCES.codes if code not in NOT_REFERRALS)
REFERRED_BY_MAX = 200  # Episode.source_detail

# Fields of the new child as the referral form and the API name them.
NEW_CHILD_FIELDS = frozenset(
    {
        "legal_first_name",
        "legal_middle_names",
        "legal_last_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "upn",
        "address",
        "csc_status",
    }
)
# The safeguarding service names its own fields; on the referral they carry this prefix.
CONCERN_PREFIX = "safeguarding_"

ALREADY_OPEN = (
    "This child already has an open missing education case. Record what the referral tells "
    "you on that case instead."
)


@dataclass(frozen=True)
class CMEReferral:
    episode: Episode
    child: Child
    child_created: bool
    # DOMAIN §5.3: a child on a child protection plan, looked after, or with a safeguarding
    # concern is referred to children's social care at once; episode_open alerted a manager.
    refer_to_social_care: bool


def _check_referral(
    *,
    child: Child | None,
    new_child: dict | None,
    source: str,
    referred_by: str,
    start_date: date,
    primary_reason: str,
    notes: str,
    safeguarding_concern: bool,
    safeguarding_details: str,
    today: date,
) -> None:
    """Every check on the referral itself, all at once, before anything is written."""
    errors: dict[str, str] = {}
    if (child is None) == (new_child is None):
        errors[""] = "Choose a child the team knows, or enter the details of a new child"
    if new_child is not None:
        unknown = set(new_child) - NEW_CHILD_FIELDS
        if unknown:
            raise TypeError(f"Unknown child fields: {sorted(unknown)}")
        address = new_child.get("address") or {}
        if not str(address.get("line_1", "")).strip():
            errors["line_1"] = "Enter the first line of the child's last known address"
        if not str(address.get("postcode", "")).strip():
            errors["postcode"] = "Enter the postcode of the child's last known address"
        if new_child.get("csc_status", "none") not in CSC_STATUS:
            errors["csc_status"] = "Choose whether the child is known to children's social care"
    if source not in REFERRAL_SOURCES:
        errors["source"] = "Choose who made the referral"
    if not referred_by.strip():
        errors["referred_by"] = "Say who referred the child and how to reach them"
    elif len(referred_by.strip()) > REFERRED_BY_MAX:
        errors["referred_by"] = f"Keep this to {REFERRED_BY_MAX} characters or fewer"
    # The DfE reason is recorded on every case (DOMAIN §8.5). "Not recorded" is a valid
    # answer, but it must be chosen, not fallen into.
    if not primary_reason:
        errors["primary_reason"] = "Choose the DfE reason the child is missing education"
    elif primary_reason not in CME_REASONS:
        errors["primary_reason"] = f"'{primary_reason}' is not a DfE reason for missing education"
    if start_date > today:
        errors["start_date"] = "The date must be today or in the past"
    dob = child.date_of_birth if child is not None else (new_child or {}).get("date_of_birth")
    if dob and "start_date" not in errors:
        # s436A: the duty is to children of compulsory school age, so the case cannot start
        # before the child reached it or after they left it.
        csa_start, csa_end = compulsory_school_age(dob)
        if not csa_start <= start_date <= csa_end:
            errors["start_date"] = (
                f"The child was not of compulsory school age on that date (from "
                f"{csa_start:%-d %B %Y} to {csa_end:%-d %B %Y})"
            )
    if safeguarding_concern and not safeguarding_details.strip():
        errors[CONCERN_PREFIX + "details"] = "Describe the safeguarding concern"
    errors |= too_long(Episode, reason_notes=notes.strip(), keys={"reason_notes": "notes"})
    errors |= too_long(
        SafeguardingConcern,
        details=safeguarding_details.strip(),
        keys={"details": CONCERN_PREFIX + "details"},
    )
    if errors:
        raise ServiceError(errors)


@transaction.atomic
def cme_referral_register(
    *,
    by: User,
    child: Child | None = None,
    new_child: dict | None = None,
    source: str,
    referred_by: str,
    start_date: date,
    primary_reason: str,
    notes: str = "",
    safeguarding_concern: bool = False,
    safeguarding_details: str = "",
    today: date,
    channel: str,
) -> CMEReferral:
    """Register a referral of a child missing education, all or nothing.

    Either ``child`` (one the team knows) or ``new_child`` (legal_first_name,
    legal_middle_names, legal_last_name, preferred_name, date_of_birth, sex, upn,
    ``address`` = {line_1, line_2, town, postcode, in_area}, csc_status) is given. The start
    date is the day the child was known to be of compulsory school age, resident and not on a
    roll. A safeguarding concern given here is recorded *before* the case opens, so the
    opening raises the manager's social-care alert (DOMAIN §5.3). Raises ServiceError with a
    message per field (the concern's fields prefixed ``safeguarding_``) and saves nothing.
    """
    _check_referral(
        child=child,
        new_child=new_child,
        source=source,
        referred_by=referred_by,
        start_date=start_date,
        primary_reason=primary_reason,
        notes=notes,
        safeguarding_concern=safeguarding_concern,
        safeguarding_details=safeguarding_details,
        today=today,
    )
    created = child is None
    if created:
        details = dict(new_child)
        address = details.pop("address")
        child = child_create(
            by=by,
            known_from=start_date,  # so the social-care status counts on the case's first day
            address={
                "line_1": address["line_1"].strip(),
                "line_2": address.get("line_2", "").strip(),
                "town": address.get("town", "").strip(),
                "postcode": address["postcode"].strip().upper(),
                "in_area": address.get("in_area", True),
            },
            channel=channel,
            **details,
        )
    if safeguarding_concern:
        try:
            safeguarding_concern_raise(
                by=by,
                child=child,
                raised_on=today,
                details=safeguarding_details.strip(),
                today=today,
                channel=channel,
            )
        except ServiceError as error:
            raise ServiceError(
                {(CONCERN_PREFIX + k if k else k): v for k, v in error.errors.items()}
            ) from error
    try:
        episode = episode_open(
            by=by,
            child=child,
            kind=EpisodeKind.CME,
            start_date=start_date,
            source=source,
            source_detail=referred_by.strip(),
            primary_reason=primary_reason,
            reason_notes=notes.strip(),
            today=today,
            channel=channel,
        )
    except ServiceError as error:
        if "kind" not in error.errors:
            raise
        raise ServiceError(ALREADY_OPEN) from error
    episode.refresh_from_db()  # the due date was written by a separate update
    flagged = Alert.objects.filter(episode=episode, kind="cme_social_care").exists()
    return CMEReferral(
        episode=episode, child=child, child_created=created, refer_to_social_care=flagged
    )


@transaction.atomic
def episode_reason_update(
    *,
    by: User,
    episode: Episode,
    primary_reason: str,
    expected_version: int | None,
    today: date,
    channel: str,
) -> Episode:
    """Correct the DfE primary reason of an open EHE or CME case (DOMAIN §8.3, §8.5). The
    return counts the reason held on the census date, so the change is an event with the old
    and new codes."""
    locked = _lock(episode, expected_version)
    if not locked.is_open:
        raise TransitionRefused("This case is closed; its DfE reason can no longer change.")
    vocabulary = REASONS_BY_KIND.get(EpisodeKind(locked.kind))
    if vocabulary is None:
        raise TransitionRefused("A considering-home-education case takes no DfE reason.")
    if primary_reason not in vocabulary:
        raise ServiceError({"primary_reason": "Choose a DfE reason from the list"})
    if primary_reason == locked.primary_reason:
        raise ServiceError({"primary_reason": "This is already the recorded reason"})
    previous = locked.primary_reason
    locked.primary_reason = primary_reason
    locked.version += 1
    locked.save(update_fields=["primary_reason", "version", "updated_at"])
    _event(
        locked,
        by=by,
        action="reason_changed",
        on=today,
        data={"from": previous, "to": primary_reason},
    )
    audit_change(
        by=by,
        action="update",
        obj=locked,
        child_id=locked.child_id,
        channel=channel,
        detail=f"DfE reason {previous} -> {primary_reason}",
    )
    return locked
