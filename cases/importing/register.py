"""Reading and checking a register file (docs/import-register.md): one row per episode.

Everything here works on the file alone. Checks against what the service already holds are in
``register_import``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from policy.upn import normalise_upn, upn_error
from policy.vocab import (
    CSC_STATUS,
    PREVIOUS_SCHOOL_TYPES,
    SEN_STATUS,
    SEX,
    VocabularyLookupError,
)
from policy.workflow import REASONS_BY_KIND, EpisodeKind

from .csvfile import ImportRefused, Problem, Record, read_records
from .register_rules import END_REASONS, FORMAL_STEP_COLUMNS

COLUMNS = (
    "record_ref",
    "child_ref",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "upn",
    "postcode",
    "episode_type",
    "start_date",
    "end_date",
    "end_reason",
    "reason",
    "previous_school_type",
    "sen_status",
    "csc_status",
    "s437_served_date",
    "sao_served_date",
    "sao_revoked_date",
    "unsuitable_from",
)

EPISODE_TYPES = {"EHE": EpisodeKind.EHE, "CME": EpisodeKind.CME}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The shape of a UK postcode: outward code (area, district) then inward code (sector, unit).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


@dataclass
class RegisterRow:
    """A row as the service understands it. Codes, not labels; blanks stay empty strings."""

    line: int
    record_ref: str
    child_ref: str
    first_name: str
    last_name: str
    date_of_birth: date
    sex: str
    upn: str
    postcode: str
    kind: str
    start_date: date
    end_date: date | None
    end_reason: str
    reason: str
    previous_school_type: str
    sen_status: str
    csc_status: str
    s437_served_date: date | None
    sao_served_date: date | None
    sao_revoked_date: date | None
    unsuitable_from: date | None


def normalise_postcode(value: str) -> str | None:
    """ "ab1 2cd" → "AB1 2CD"; None when it is not shaped like a postcode."""
    match = _POSTCODE.match(" ".join(value.upper().split()))
    return f"{match.group(1)} {match.group(2)}" if match else None


class _RowReader:
    """Reads one record, collecting a problem for each bad value instead of stopping."""

    def __init__(self, record: Record, today: date):
        self.record = record
        self.today = today
        self.problems: list[Problem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.record.line, column, message))

    def text(self, column: str, *, required: bool, limit: int, what: str) -> str:
        value = self.record[column]
        if required and not value:
            self.problem(column, f"Give the {what}")
        elif len(value) > limit:
            self.problem(column, f"The {what} is longer than {limit} characters")
        return value

    def date(self, column: str, *, required: bool, personal: bool = False) -> date | None:
        value = self.record[column]
        if not value:
            if required:
                self.problem(column, "Give a date in the form YYYY-MM-DD")
            return None
        # Dates of birth are personal data: say what is wrong without repeating them.
        shown = "" if personal else f" (got {value!r})"
        try:
            if not _DATE.match(value):
                raise ValueError
            parsed = date.fromisoformat(value)
        except ValueError:
            self.problem(column, f"Not a date in the form YYYY-MM-DD{shown}")
            return None
        if parsed > self.today:
            self.problem(column, f"The date is in the future{shown}")
            return None
        return parsed

    def code(self, column: str, allowed, *, transform=str.lower) -> str:
        value = transform(self.record[column])
        if value and value not in allowed:
            self.problem(
                column,
                f"{self.record[column]!r} is not allowed; use one of: {', '.join(allowed)}"
                + " (or leave it blank)",
            )
            return ""
        return value


# How two rows' values are compared when they should describe the same child.
_COMPARED_AS = {"sex": str.upper, "upn": normalise_upn}


def _read_row(record: Record, today: date) -> tuple[RegisterRow | None, list[Problem]]:
    r = _RowReader(record, today)
    record_ref = r.text("record_ref", required=True, limit=50, what="record reference")
    child_ref = r.text("child_ref", required=True, limit=50, what="child reference")
    first_name = r.text("first_name", required=True, limit=100, what="first name")
    last_name = r.text("last_name", required=True, limit=100, what="last name")
    dob = r.date("date_of_birth", required=True, personal=True)
    sex = r.code("sex", SEX.codes, transform=str.upper)

    upn = normalise_upn(record["upn"])
    if upn and (problem := upn_error(upn)):
        r.problem("upn", problem)
        upn = ""

    postcode = ""
    if record["postcode"]:
        postcode = normalise_postcode(record["postcode"]) or ""
        if not postcode:
            r.problem("postcode", "This is not a UK postcode")

    kind = EPISODE_TYPES.get(record["episode_type"].upper(), "")
    if not kind:
        r.problem(
            "episode_type",
            f"Use EHE or CME (got {record['episode_type']!r})"
            if record["episode_type"]
            else "Give the episode type: EHE or CME",
        )

    start = r.date("start_date", required=True)
    end = r.date("end_date", required=False)
    end_reason = r.code("end_reason", END_REASONS)
    if start and dob and start < dob:
        r.problem("start_date", "The episode starts before the child's date of birth")
    if start and end and end < start:
        r.problem("end_date", "The end date is before the start date")
    if record["end_date"] and not record["end_reason"]:
        r.problem("end_reason", "A row with an end date needs an end reason")
    if record["end_reason"] and not record["end_date"]:
        r.problem("end_date", "A row with an end reason needs an end date")

    reason = ""
    if record["reason"] and kind:
        try:
            reason = REASONS_BY_KIND[kind].code_for_label(record["reason"])
        except VocabularyLookupError:
            r.problem(
                "reason",
                f"{record['reason']!r} is not a DfE {record['episode_type'].upper()} reason; "
                f"use one of: {'; '.join(REASONS_BY_KIND[kind].labels)}",
            )
    previous_school_type = ""
    if record["previous_school_type"]:
        try:
            previous_school_type = PREVIOUS_SCHOOL_TYPES.code_for_label(
                record["previous_school_type"]
            )
        except VocabularyLookupError:
            r.problem(
                "previous_school_type",
                f"{record['previous_school_type']!r} is not a DfE previous-school type; use "
                f"one of: {'; '.join(PREVIOUS_SCHOOL_TYPES.labels)}",
            )
    sen_status = r.code("sen_status", SEN_STATUS.codes)
    csc_status = r.code("csc_status", CSC_STATUS.codes)

    steps = {column: r.date(column, required=False) for column, _ in FORMAL_STEP_COLUMNS}
    unsuitable_from = r.date("unsuitable_from", required=False)
    _check_formal_dates(r, kind, start, end, steps, unsuitable_from)

    if r.problems:
        return None, r.problems
    return (
        RegisterRow(
            line=record.line,
            record_ref=record_ref,
            child_ref=child_ref,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=dob,
            sex=sex,
            upn=upn,
            postcode=postcode,
            kind=kind,
            start_date=start,
            end_date=end,
            end_reason=end_reason,
            reason=reason,
            previous_school_type=previous_school_type,
            sen_status=sen_status,
            csc_status=csc_status,
            s437_served_date=steps["s437_served_date"],
            sao_served_date=steps["sao_served_date"],
            sao_revoked_date=steps["sao_revoked_date"],
            unsuitable_from=unsuitable_from,
        ),
        [],
    )


def _check_formal_dates(r: _RowReader, kind, start, end, steps, unsuitable_from) -> None:
    given = {column: day for column, day in steps.items() if r.record[column]}
    if r.record["unsuitable_from"]:
        given["unsuitable_from"] = unsuitable_from
    if kind == EpisodeKind.CME:
        # Formal steps under s437 onward and unsuitable education are about home education.
        for column in given:
            r.problem(column, "Only EHE rows can have this date; leave it blank on CME rows")
        return
    if start is None:
        return
    for column, day in given.items():
        if day is None:
            continue
        if day < start:
            r.problem(column, "This date is before the episode's start date")
        elif end is not None and day > end:
            r.problem(column, "This date is after the episode's end date")
    if unsuitable_from is not None and end is not None and unsuitable_from == end:
        r.problem(
            "unsuitable_from", "This date is the episode's end date, so it would count no day"
        )
    s437, served, revoked = (
        steps["s437_served_date"],
        steps["sao_served_date"],
        steps["sao_revoked_date"],
    )
    if r.record["sao_revoked_date"] and not r.record["sao_served_date"]:
        r.problem("sao_revoked_date", "An order can be revoked only after one was served")
    if served and revoked and revoked < served:
        r.problem("sao_revoked_date", "The order is revoked before it was served")
    # s437(3): an order follows the notice, never the other way round.
    if s437 and served and served < s437:
        r.problem("sao_served_date", "The order is served before the s437 notice")
    if revoked and unsuitable_from and revoked == unsuitable_from:
        r.problem(
            "unsuitable_from",
            "This is the day the order was revoked; say whether the education was judged "
            "unsuitable before the revocation or after it",
        )


def read_register(raw: bytes, *, today: date) -> tuple[list[RegisterRow], list[Problem]]:
    """Parse and check every row. Header problems refuse the file at once (``ImportRefused``);
    row problems are returned with the rows that are good, so that the checks against the
    service's records can still report on those."""
    records, problems = read_records(raw, expected=COLUMNS, allow_extra=False)
    if problems and not records and any(p.line == 1 for p in problems):
        raise ImportRefused(problems)
    if not records and not problems:
        raise ImportRefused([Problem(0, "", "The file has a header row but no rows to import")])
    rows: list[RegisterRow] = []
    for record in records:
        row, row_problems = _read_row(record, today)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    problems.extend(_cross_row_problems(records))
    bad_lines = {p.line for p in problems}
    return [row for row in rows if row.line not in bad_lines], problems


def _cross_row_problems(records: list[Record]) -> list[Problem]:
    problems: list[Problem] = []
    first_line_of_ref: dict[str, int] = {}
    for record in records:
        ref = record["record_ref"]
        if not ref:
            continue
        if ref in first_line_of_ref:
            problems.append(
                Problem(
                    record.line,
                    "record_ref",
                    f"record_ref {ref} is also on line {first_line_of_ref[ref]}; each episode "
                    "has its own reference",
                )
            )
        else:
            first_line_of_ref[ref] = record.line

    by_child: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record["child_ref"]:
            by_child[record["child_ref"]].append(record)
    for child_ref, child_records in by_child.items():
        if len(child_records) < 2:
            continue
        for column, blank_means_not_given in (
            ("first_name", False),
            ("last_name", False),
            ("date_of_birth", False),
            ("sex", True),
            ("upn", True),
        ):
            values = {
                record.line: _COMPARED_AS.get(column, str)(record[column])
                for record in child_records
                if record[column] or not blank_means_not_given
            }
            if len(set(values.values())) < 2:
                continue
            lines = ", ".join(str(line) for line in sorted(values))
            for line in values:
                problems.append(
                    Problem(
                        line,
                        column,
                        f"Rows for child_ref {child_ref} disagree on {column} (lines {lines}); "
                        "rows with the same child_ref must describe the same child",
                    )
                )

    child_refs_of_upn: dict[str, dict[str, int]] = defaultdict(dict)
    for record in records:
        upn = normalise_upn(record["upn"])
        if upn and record["child_ref"]:
            child_refs_of_upn[upn].setdefault(record["child_ref"], record.line)
    for record in records:
        refs = child_refs_of_upn.get(normalise_upn(record["upn"]), {})
        others = sorted(ref for ref in refs if ref != record["child_ref"])
        if record["child_ref"] and others:
            problems.append(
                Problem(
                    record.line,
                    "upn",
                    "The same UPN is given for another child: child_ref " + ", ".join(others),
                )
            )
    return problems
