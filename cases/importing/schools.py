"""Loading the schools list from a Get Information about Schools (GIAS) extract.

Real extracts carry well over a hundred columns; only the six below are read and the rest are
ignored. See docs/import-schools.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy.gias import is_open_status

from ..services.schools import SchoolData, UpsertCounts, schools_upsert
from .csvfile import ImportRefused, Problem, Record, read_records

URN = "URN"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (name)"
PHASE = "PhaseOfEducation (name)"
LA = "LA (code)"
STATUS = "EstablishmentStatus (name)"
COLUMNS = (URN, NAME, TYPE, PHASE, LA, STATUS)


@dataclass(frozen=True)
class SchoolsImportResult:
    counts: UpsertCounts
    rows: int


def parse_schools(raw: bytes) -> list[SchoolData]:
    """Read and check every row; raise ``ImportRefused`` listing every problem."""
    records, problems = read_records(raw, expected=COLUMNS, allow_extra=True)
    schools: list[SchoolData] = []
    first_line_of_urn: dict[str, int] = {}
    for record in records:
        school, row_problems = _read_school(record, first_line_of_urn)
        problems.extend(row_problems)
        if school is not None:
            schools.append(school)
    if problems:
        raise ImportRefused(problems)
    return schools


def _read_school(
    record: Record, first_line_of_urn: dict[str, int]
) -> tuple[SchoolData | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(record.line, column, message))

    urn = record[URN]
    if not (len(urn) == 6 and urn.isdigit()):
        problem(URN, f"A URN is 6 digits (got {urn!r})" if urn else "The URN is missing")
    elif urn in first_line_of_urn:
        problem(URN, f"URN {urn} is also on line {first_line_of_urn[urn]}")
    else:
        first_line_of_urn[urn] = record.line
    name = record[NAME]
    if not name:
        problem(NAME, "The school's name is missing")
    elif len(name) > 200:
        problem(NAME, "The name is longer than 200 characters")
    establishment_type = record[TYPE]
    if not establishment_type:
        problem(TYPE, "The type of establishment is missing")
    elif len(establishment_type) > 120:
        problem(TYPE, "The type of establishment is longer than 120 characters")
    phase = record[PHASE]
    if len(phase) > 60:
        problem(PHASE, "The phase is longer than 60 characters")
    la_code = record[LA]
    if la_code and not (len(la_code) == 3 and la_code.isdigit()):
        problem(LA, f"A local authority code is 3 digits (got {la_code!r})")
    is_open = False
    if not record[STATUS]:
        problem(STATUS, "The establishment status is missing")
    else:
        try:
            is_open = is_open_status(record[STATUS])
        except ValueError as exc:
            problem(STATUS, str(exc))
    if problems:
        return None, problems
    school = SchoolData(
        urn=urn,
        name=name,
        establishment_type=establishment_type,
        phase=phase,
        la_code=la_code,
        is_open=is_open,
    )
    return school, []


def import_schools(raw: bytes, *, by) -> SchoolsImportResult:
    """Check the whole file, then create or update every school in one transaction."""
    schools = parse_schools(raw)
    return SchoolsImportResult(
        counts=schools_upsert(by=by, schools=schools, channel="import"), rows=len(schools)
    )
