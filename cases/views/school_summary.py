"""A return as GOV.UK summary lists: on check-your-answers (with a Change link on every row) and
on the school's page for a return it has sent (what was sent, no links). Both are built from
the same field → value dict the service receives, so what the school checks is what is sent."""

from policy.vocab import DELETION_GROUNDS, RELATIONSHIPS, SCHOOL_NOTICE_KINDS, SEN_STATUS, SEX

from ..services.frontdoor import SUBMITTED_FIELDS
from .school_base import long_date

NOT_GIVEN = "Not given"


def _yes_no(value) -> str:
    if value is None:
        return NOT_GIVEN
    return "Yes" if value else "No"


def _text(value) -> str:
    return str(value).strip() if value not in (None, "") else NOT_GIVEN


def _label(vocabulary, code) -> str:
    return vocabulary.label(code) if code in vocabulary else _text(code)


def _row(key: str, value, *, step: str = "", field: str = "") -> dict:
    lines = value if isinstance(value, list) else [value]
    return {
        "key": key,
        "lines": [line for line in lines if line] or [NOT_GIVEN],
        "step": step,
        "field": field,
    }


def _name(*parts) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def sections_for(
    *,
    kind: str,
    values: dict,
    is_special: bool,
    attachment_names: list[str],
    change_url=None,
) -> list[dict]:
    """Sections of rows. ``change_url(step, field)`` gives each row's Change link; None for
    a return already sent."""
    v = values
    sections = [
        {
            "title": "What you are telling us",
            "step": "about",
            "rows": [_row("Notice", SCHOOL_NOTICE_KINDS.label(kind), step="about", field="kind")],
        },
        {
            "title": "Pupil",
            "step": "pupil",
            "rows": [
                _row(
                    "Name",
                    _name(
                        v.get("pupil_first_name"),
                        v.get("pupil_middle_names"),
                        v.get("pupil_last_name"),
                    ),
                    step="pupil",
                    field="pupil_first_name",
                ),
                _row(
                    "Date of birth",
                    long_date(v.get("date_of_birth")),
                    step="pupil",
                    field="date_of_birth",
                ),
                _row("Sex", _label(SEX, v.get("sex", "U")), step="pupil", field="sex"),
                _row("UPN", _text(v.get("upn")), step="pupil", field="upn"),
                _row(
                    "Address",
                    [
                        v.get("address_line_1", ""),
                        v.get("address_line_2", ""),
                        v.get("town", ""),
                        v.get("postcode", ""),
                    ],
                    step="pupil",
                    field="address_line_1",
                ),
                _row(
                    "Special educational needs",
                    _label(SEN_STATUS, v.get("sen_status", "none")),
                    step="pupil",
                    field="sen_status",
                ),
            ],
        },
    ]
    for index, parent in enumerate(v.get("parents") or [], start=1):
        field = f"parents-{index - 1}-"
        sections.append(
            {
                "title": f"Parent {index}" if len(v["parents"]) > 1 else "Parent",
                "step": "parents",
                "rows": [
                    _row(
                        "Name",
                        _name(parent.get("first_name"), parent.get("last_name")),
                        step="parents",
                        field=f"{field}first_name",
                    ),
                    _row(
                        "Relationship",
                        _label(RELATIONSHIPS, parent.get("relationship", "")),
                        step="parents",
                        field=f"{field}relationship",
                    ),
                    _row(
                        "Address",
                        _text(parent.get("address")),
                        step="parents",
                        field=f"{field}address",
                    ),
                    _row(
                        "Emergency telephone",
                        _text(parent.get("phone")),
                        step="parents",
                        field=f"{field}phone",
                    ),
                    _row(
                        "Email", _text(parent.get("email")), step="parents", field=f"{field}email"
                    ),
                ],
            }
        )
    if kind == "deletion":
        rows = [
            _row(
                "Ground",
                _label(DELETION_GROUNDS, v.get("ground", "")),
                step="deletion",
                field="ground",
            ),
            _row(
                "Date removed",
                long_date(v.get("deletion_date")),
                step="deletion",
                field="deletion_date",
            ),
            _row(
                "Destination known",
                _yes_no(v.get("destination_known")),
                step="deletion",
                field="destination_known",
            ),
        ]
        if v.get("destination_known"):
            rows += [
                _row(
                    "New school",
                    _name(
                        v.get("destination_school_name", ""),
                        f"(URN {v['destination_school_urn']})"
                        if v.get("destination_school_urn")
                        else "",
                    )
                    or NOT_GIVEN,
                    step="deletion",
                    field="destination_school_name",
                ),
                _row(
                    "Local authority",
                    _text(v.get("destination_local_authority")),
                    step="deletion",
                    field="destination_local_authority",
                ),
                _row(
                    "Staying in this council's area",
                    _yes_no(v.get("destination_in_area")),
                    step="deletion",
                    field="destination_in_area",
                ),
                _row(
                    "Future address",
                    _text(v.get("future_address")),
                    step="deletion",
                    field="future_address",
                ),
            ]
        if is_special:
            rows.append(
                _row(
                    "Place arranged by a council",
                    # Blank is "not known", never "no": the council finds out (DOMAIN §5.4).
                    {True: "Yes", False: "No"}.get(v.get("placed_by_council"), "Not known"),
                    step="deletion",
                    field="placed_by_council",
                )
            )
        rows.append(
            _row(
                "School attendance order in force",
                _yes_no(v.get("sao_in_force")),
                step="deletion",
                field="sao_in_force",
            )
        )
        sections.append({"title": "Removal from the register", "step": "deletion", "rows": rows})
    home_education = kind == "considering_ehe" or v.get("ground") == "f"
    if home_education:
        step = "home-education"
        rows = []
        if kind == "deletion":
            rows.append(
                _row(
                    "Parent's written notice",
                    attachment_names or [NOT_GIVEN],
                    step=step,
                    field="notice",
                )
            )
        percent = v.get("attendance_percent")
        rows += [
            _row(
                "Meeting offered",
                _yes_no(v.get("meeting_offered")),
                step=step,
                field="meeting_offered",
            ),
            _row("Meeting held", _yes_no(v.get("meeting_held")), step=step, field="meeting_held"),
            _row(
                "School suggested home education",
                _yes_no(v.get("school_suggested_ehe")),
                step=step,
                field="school_suggested_ehe",
            ),
            _row(
                "Reason the parent gave",
                _text(v.get("parent_reason")),
                step=step,
                field="parent_reason",
            ),
            _row(
                "Attendance",
                f"{percent}%" if percent is not None else NOT_GIVEN,
                step=step,
                field="attendance_percent",
            ),
            _row(
                "Exclusions and attendance",
                _text(v.get("exclusions")),
                step=step,
                field="exclusions",
            ),
            _row(
                "Safeguarding file held",
                _yes_no(v.get("safeguarding_file")),
                step=step,
                field="safeguarding_file",
            ),
            _row(
                "Child protection plan or section 47 enquiries",
                _yes_no(v.get("child_protection_plan_or_s47")),
                step=step,
                field="child_protection_plan_or_s47",
            ),
            _row("Anything else", _text(v.get("notes")), step=step, field="notes"),
        ]
        sections.append({"title": "Home education", "step": step, "rows": rows})
    for section in sections:
        for row in section["rows"]:
            row["href"] = change_url(row["step"], row["field"]) if change_url else ""
    return sections


def journey_sections(journey, step_url) -> list[dict]:
    kind, values = journey.service_data()

    def change(step: str, field: str) -> str:
        return f"{step_url(step)}#{_anchor(step, field)}"

    return sections_for(
        kind=kind,
        values=values,
        is_special=journey.school.is_special,
        attachment_names=[journey.upload["name"]] if journey.upload else [],
        change_url=change,
    )


# Radios and date inputs: the first control's id ends in _0 (see cases.forms.child_fields).
GROUPED_CONTROLS = {
    "kind",
    "sex",
    "sen_status",
    "date_of_birth",
    "ground",
    "deletion_date",
    "destination_known",
    "destination_in_area",
    "placed_by_council",
    "sao_in_force",
    "meeting_offered",
    "meeting_held",
    "school_suggested_ehe",
    "safeguarding_file",
    "child_protection_plan_or_s47",
}


def _anchor(step: str, field: str) -> str:
    """The id of the field's first control, as the step's template renders it."""
    return f"id_{field}_0" if field in GROUPED_CONTROLS else f"id_{field}"


def return_sections(deletion_return) -> list[dict]:
    """What a school sent, from the stored return."""
    r = deletion_return
    values = {name: getattr(r, name) for name in SUBMITTED_FIELDS}
    return sections_for(
        kind=r.kind,
        values=values,
        is_special=r.school.is_special,
        attachment_names=[a.original_name for a in r.attachments.all()],
    )
