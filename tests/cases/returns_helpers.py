"""Building school returns in tests."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.services import deletion_return_submit
from cases.tasks import route_deletion_return

NOTICE = b"%PDF-1.7 written notice"


def return_data(**overrides) -> dict:
    data = {
        "pupil_first_name": "Robin",
        "pupil_last_name": "Example",
        "date_of_birth": date(2014, 5, 17),
        "sex": "F",
        "upn": "",
        "address_line_1": "12 Imaginary Lane",
        "town": "Northbrook",
        "postcode": "ZZ1 1ZZ",
        "parents": [
            {
                "first_name": "Sam",
                "last_name": "Example",
                "relationship": "mother",
                "address": "12 Imaginary Lane, Northbrook, ZZ1 1ZZ",
                "phone": "07700 900123",
            }
        ],
        "ground": "f",
        "deletion_date": date(2026, 11, 16),
        "destination_known": False,
        "meeting_offered": True,
        "meeting_held": False,
        "school_suggested_ehe": False,
        "safeguarding_file": False,
    }
    data.update(overrides)
    return data


def notice_file():
    return SimpleUploadedFile("notice.pdf", NOTICE, content_type="application/pdf")


def submit(
    school,
    *,
    kind="deletion",
    today=date(2026, 11, 20),
    attachments=None,
    enqueue_routing=route_deletion_return,
    **overrides,
):
    """Send a return as a school's system would. ``enqueue_routing=lambda pk: None`` is a
    routing job that was lost (the broker was down)."""
    data = return_data(**overrides)
    if kind == "considering_ehe":
        data.pop("ground")
        data.pop("deletion_date")
    if attachments is None:
        attachments = [notice_file()] if data.get("ground") == "f" else []
    return deletion_return_submit(
        by=None,
        school=school,
        kind=kind,
        data=data,
        attachments=attachments,
        channel="api",
        today=today,
        enqueue_routing=enqueue_routing,
    )
