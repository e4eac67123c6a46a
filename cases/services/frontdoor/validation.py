"""Every check a school's return must pass before it is saved, by field, so the web journey,
the API and the demo are held to the same rules (DOMAIN §5.4; Pupil Registration Regulations
2024 regulations 9 and 13)."""

from datetime import date, timedelta

from django.core.exceptions import FieldDoesNotExist

from policy.frontdoor import (
    GROUNDS_NEEDING_PARENT_NOTICE,
    deletion_date_problem,
    phone_problem,
    postcode_problem,
    school_age_problem,
)
from policy.upn import normalise_upn, upn_error
from policy.vocab import DELETION_GROUNDS, SEN_STATUS, SEX

from ...models import CaseworkSettings, DeletionReturn
from ..documents import file_content_type
from ..errors import ServiceError

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
DESTINATION_DETAILS = (
    "destination_school_name",
    "destination_school_urn",
    "destination_local_authority",
    "future_address",
)


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def return_problems(kind: str, data: dict, attachments: list, *, today: date) -> dict[str, str]:
    """Every problem with a return, by field. Empty when it can be saved."""
    errors: dict[str, str] = {}
    for name in sorted(set(data) - set(SUBMITTED_FIELDS)):
        errors[name] = "This field is not part of a return"
    if kind not in {"deletion", "considering_ehe"}:
        errors["kind"] = "Say whether the pupil has left the roll or a parent is considering it"
    errors |= _pupil_problems(data, today=today)
    errors |= _parent_problems(data.get("parents"))
    if kind == "deletion":
        # The school-age check needs a date of birth that is itself right.
        dob = None if "date_of_birth" in errors else data.get("date_of_birth")
        errors |= _deletion_problems(data, attachments, dob=dob, today=today)
    elif kind == "considering_ehe":
        for name in ("ground", "deletion_date"):
            if not blank(data.get(name)):
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
    errors |= _attachment_problems(attachments)
    return errors


def _pupil_problems(data: dict, *, today: date) -> dict[str, str]:
    errors = {}
    for name, label in (("pupil_first_name", "first name"), ("pupil_last_name", "last name")):
        if blank(data.get(name)):
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
    upn = normalise_upn(data.get("upn") or "")
    if upn and (problem := upn_error(upn)):
        errors["upn"] = problem
    if blank(data.get("address_line_1")):
        errors["address_line_1"] = "Enter the first line of the pupil's address"
    if blank(data.get("postcode")):
        errors["postcode"] = "Enter the pupil's postcode"
    elif problem := postcode_problem(str(data["postcode"])):
        errors["postcode"] = problem
    return errors


def _parent_problems(parents) -> dict[str, str]:
    if not isinstance(parents, list) or not parents:
        return {"parents": "Give at least one parent the pupil normally lives with"}
    errors = {}
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
            if blank(parent.get(key)):
                errors[f"{prefix}.{key}"] = f"Enter the parent's {label}"
        phone = parent.get("phone")
        if not blank(phone) and (problem := phone_problem(str(phone))):
            errors[f"{prefix}.phone"] = problem
    return errors


def _deletion_problems(
    data: dict, attachments: list, *, dob: date | None, today: date
) -> dict[str, str]:
    errors = {}
    ground = data.get("ground") or ""
    if ground not in DELETION_GROUNDS:
        errors["ground"] = "Choose the regulation 9(1) ground for removing the pupil"
    deleted = data.get("deletion_date")
    if not isinstance(deleted, date):
        errors["deletion_date"] = "Enter the date the pupil was, or will be, removed"
    elif problem := deletion_date_problem(deleted, today=today, date_of_birth=dob):
        errors["deletion_date"] = problem
    elif dob is not None and ground in DELETION_GROUNDS:
        errors["deletion_date"] = school_age_problem(
            ground, date_of_birth=dob, deletion_date=deleted
        )
    errors = {name: problem for name, problem in errors.items() if problem}
    if data.get("destination_known") is None:
        errors["destination_known"] = "Say whether you know where the pupil is going"
    elif data.get("destination_known") and all(blank(data.get(k)) for k in DESTINATION_DETAILS):
        errors["destination_school_name"] = "Give the destination school, area or address"
    urn = data.get("destination_school_urn") or ""
    if urn and not (len(urn) == 6 and urn.isdigit()):
        errors["destination_school_urn"] = "A URN is 6 digits"
    if ground in GROUNDS_NEEDING_PARENT_NOTICE and not attachments:
        errors["attachments"] = "Attach the parent's written notice of home education"
    return errors


def _attachment_problems(attachments: list) -> dict[str, str]:
    errors = {}
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
