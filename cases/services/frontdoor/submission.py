"""A school submits a deletion return (or tells us a parent is considering home education).
Nothing a school submits is ever lost: the return is saved as sent, with its files, before
any matching or routing is attempted; routing is queued to run after the commit."""

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.db import IntegrityError, transaction

from ehe.models import User
from policy.frontdoor import normalise_postcode
from policy.upn import normalise_upn

from ...models import DeletionReturn, ReturnAttachment, School, SchoolApiToken
from ..documents import file_content_type
from ..errors import ServiceError
from .validation import SUBMITTED_FIELDS, return_problems


def _reference(pk: int, on: date) -> str:
    return f"DR-{on:%Y}-{pk:06d}"


@dataclass(frozen=True)
class Receipt:
    deletion_return: DeletionReturn
    created: bool


def deletion_return_submit(
    *,
    by: User | None,
    school: School,
    kind: str,
    data: dict,
    attachments: list | None = None,
    token: SchoolApiToken | None = None,
    idempotency_key: str = "",
    channel: str,
    today: date,
    enqueue_routing: Callable[[int], object],
) -> Receipt:
    """Save a school's return exactly as sent, then, after commit, hand its id to
    ``enqueue_routing`` (``cases.tasks.route_deletion_return`` queues the routing job).

    ``by`` is the school user who sent it (None for a school's API key or the demo). A
    resubmission with the same idempotency key returns the original receipt and saves
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
    errors = return_problems(kind, data, attachments, today=today)
    if errors:
        raise ServiceError(errors)
    fields = {k: v for k, v in data.items() if k in SUBMITTED_FIELDS}
    fields["upn"] = normalise_upn(fields.get("upn") or "")
    fields["postcode"] = normalise_postcode(fields["postcode"])
    try:
        with transaction.atomic():
            deletion_return = DeletionReturn.objects.create(
                kind=kind,
                school=school,
                submitted_by=by if getattr(by, "is_authenticated", False) else None,
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
            # and the sweep routes it later.
            pk = deletion_return.pk
            transaction.on_commit(lambda: enqueue_routing(pk), robust=True)
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
