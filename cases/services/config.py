"""Changing the council's casework settings. Due dates follow at once, not at the next job."""

from datetime import date

from django.db import transaction

from ehe.models import User

from ..models import CaseworkSettings
from .due import refresh_due_dates

# One list, on the model, so a new timescale is editable as soon as it exists.
EDITABLE = CaseworkSettings.EDITABLE_FIELDS


@transaction.atomic
def casework_settings_update(*, by: User, today: date, channel: str, **values) -> CaseworkSettings:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown settings: {sorted(unknown)}")
    row = CaseworkSettings.objects.select_for_update().order_by("pk").first()
    if row is None:
        row = CaseworkSettings()
    for key, value in values.items():
        setattr(row, key, value)
    row.full_clean()
    row.save()
    refresh_due_dates(today=today)
    return row
