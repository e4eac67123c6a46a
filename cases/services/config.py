"""Changing the council's casework settings. Due dates follow at once, not at the next job."""

from datetime import date

from django.db import transaction

from ..models import CaseworkSettings
from .due import refresh_due_dates

EDITABLE = (
    "initial_contact_working_days",
    "next_contact_months",
    "information_reply_days",
    "post16_advice_days_before_csa_end",
    "cme_home_visit_working_days",
    "acknowledgement_working_days",
    "max_upload_megabytes",
)


@transaction.atomic
def casework_settings_update(*, by, today: date, **values) -> CaseworkSettings:
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
