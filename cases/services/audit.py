"""Writing the audit log. Every service that changes a child's record calls ``audit_change``;
views and the API call ``audit_read`` whenever they show one."""

from django.db import models

from ..models import AuditEntry
from ..models.audit import CHANNELS


def _entry(*, actor, action: str, obj: models.Model, child_id, channel: str, detail: str, ip):
    # Every entry says which way it came in, so the demo, jobs and imports are never logged as
    # someone's click on a screen.
    if channel not in CHANNELS:
        raise ValueError(f"Unknown audit channel {channel!r}: use one of {', '.join(CHANNELS)}")
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        child_id=child_id,
        channel=channel,
        detail=detail[:200],
        ip_address=ip,
    )


def audit_change(
    *,
    by,
    action: str,
    obj: models.Model,
    child_id: int | None,
    detail: str = "",
    channel: str,
) -> None:
    _entry(
        actor=by, action=action, obj=obj, child_id=child_id, channel=channel, detail=detail, ip=None
    ).save()


def audit_read(
    *,
    by,
    obj: models.Model,
    child_id: int | None,
    detail: str = "",
    channel: str,
    ip: str | None = None,
    action: str = "view",
) -> None:
    _entry(
        actor=by, action=action, obj=obj, child_id=child_id, channel=channel, detail=detail, ip=ip
    ).save()


def audit_read_many(
    *, by, objs, child_id_of, detail: str = "", channel: str, ip: str | None = None
) -> None:
    """One row per child shown in a list, written in one query."""
    AuditEntry.objects.bulk_create(
        [
            _entry(
                actor=by,
                action="view",
                obj=o,
                child_id=child_id_of(o),
                channel=channel,
                detail=detail,
                ip=ip,
            )
            for o in objs
        ]
    )
