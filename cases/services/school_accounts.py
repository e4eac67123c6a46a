"""School accounts: linking a user to their school, and the school's API keys.

A key is shown once, when it is made; only its SHA-256 hash is kept, with a short prefix so an
administrator can tell keys apart. A revoked key stops working at once and is kept, because
returns sent with it point at it."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from ehe.models import User
from ehe.roles import Role

from ..models import School, SchoolApiToken, SchoolMembership
from .audit import audit_change
from .errors import ServiceError

PREFIX_LENGTH = 8


def key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def school_membership_problem(user) -> str | None:
    """Why ``user`` cannot be linked to a school, or None. A school account must be only a
    school account: one that also held a casework or configuration role would carry a
    school's identity into screens that show children's records (DOMAIN §10)."""
    if user is None:
        return "Choose the user"
    if not user.has_role(Role.SCHOOL):
        return "Give this user the school staff role first"
    other = sorted(role.label for role in user.roles if role != Role.SCHOOL)
    if other:
        return f"A school user cannot also be: {', '.join(other)}"
    return None


@transaction.atomic
def school_membership_set(
    *, by: User | None, user, school: School, channel: str
) -> SchoolMembership:
    """Link ``user`` to ``school`` (a user belongs to one school; linking again moves them)."""
    errors = {}
    if (problem := school_membership_problem(user)) is not None:
        errors["user"] = problem
    if school is None:
        errors["school"] = "Choose the school"
    if errors:
        raise ServiceError(errors)
    membership, _ = SchoolMembership.objects.update_or_create(
        user=user, defaults={"school": school}
    )
    audit_change(
        by=by,
        action="update",
        obj=membership,
        child_id=None,
        detail="school user linked",
        channel=channel,
    )
    return membership


@transaction.atomic
def school_api_token_create(
    *, by: User, school: School, label: str, channel: str
) -> tuple[SchoolApiToken, str]:
    """A new key for ``school``. Returns the token and the raw key, which is never stored and
    cannot be shown again."""
    errors = {}
    if school is None:
        errors["school"] = "Choose the school"
    if not (label or "").strip():
        errors["label"] = "Say what the key is for, such as the name of the school's system"
    elif len(label.strip()) > 100:
        errors["label"] = "The label must be 100 characters or fewer"
    if errors:
        raise ServiceError(errors)
    raw_key = secrets.token_urlsafe(32)
    token = SchoolApiToken.objects.create(
        school=school,
        label=label.strip(),
        prefix=raw_key[:PREFIX_LENGTH],
        key_hash=key_hash(raw_key),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_change(
        by=by,
        action="create",
        obj=token,
        child_id=None,
        detail="school API key made",
        channel=channel,
    )
    return token, raw_key


@transaction.atomic
def school_api_token_revoke(*, by: User, token: SchoolApiToken, channel: str) -> SchoolApiToken:
    """Stop a key working. Revoking twice keeps the first revocation time."""
    token = SchoolApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_change(
            by=by,
            action="update",
            obj=token,
            child_id=None,
            detail="school API key revoked",
            channel=channel,
        )
    return token


def school_api_token_authenticate(raw_key: str) -> SchoolApiToken | None:
    """The live token for ``raw_key``, or None. Looked up by hash, so the comparison never
    touches the key itself; records when it was last used."""
    if not raw_key:
        return None
    token = (
        SchoolApiToken.objects.select_related("school")
        .filter(key_hash=key_hash(raw_key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # One UPDATE, not a save(): two requests with one key must not overwrite each other.
    SchoolApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token


__all__ = [
    "key_hash",
    "school_api_token_authenticate",
    "school_api_token_create",
    "school_api_token_revoke",
    "school_membership_problem",
    "school_membership_set",
]
