"""Reading a CSV file that a person exported from somewhere else.

Spreadsheets and GIAS extracts arrive in more than one encoding: UTF-8 (sometimes with the byte
order mark Excel adds) or Windows-1252. Both are accepted. Every problem found is collected as a
``Problem`` with the line it is on, counting the header as line 1, so the person can find it in
the file.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an import file. ``line`` is 0 for the file as a whole; ``column``
    is empty when the problem is not with one column."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The file cannot be imported; nothing has been saved. ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        rows = {p.line for p in self.problems if p.line > 1}
        summary = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        if rows:
            summary += f" in {len(rows)} row{'s' if len(rows) != 1 else ''}"
        super().__init__(f"Nothing was imported: {summary}.")


@dataclass(frozen=True)
class Record:
    """One data row: ``line`` is where it starts in the file; values are stripped."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


def decode(raw: bytes) -> tuple[str, str]:
    """Return the text and the encoding it was read with."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 byte order mark on a file that is otherwise not UTF-8 (edited by two programs).
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        # Five bytes have no character in Windows-1252; Latin-1 reads them all.
        return body.decode("latin-1"), "latin-1"


def read_records(
    raw: bytes, *, expected: Sequence[str], allow_extra: bool
) -> tuple[list[Record], list[Problem]]:
    """Parse ``raw`` as a CSV with a header row naming ``expected`` columns (in any order).

    Missing columns, and extra ones unless ``allow_extra``, stop the import before any row is
    read: the problems are returned with no records.
    """
    text, _encoding = decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(1, "", f"The header row cannot be read as CSV: {exc}")]
    if header is None or not any(cell.strip() for cell in header):
        return [], [Problem(1, "", "The file is empty: the first line must name the columns")]
    names = [cell.strip() for cell in header]
    problems = _header_problems(names, expected, allow_extra)
    if problems:
        return [], problems

    records: list[Record] = []
    previous_end = 1
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(start, "", f"This row cannot be read as CSV: {exc}"))
            break
        previous_end = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            problems.append(
                Problem(
                    start,
                    "",
                    f"This row has {len(cells)} values but the header names {len(names)} columns",
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
        records.append(Record(start, values))
    return records, problems


def _header_problems(names: list[str], expected: Sequence[str], allow_extra: bool):
    problems = []
    counts = Counter(names)
    seen = set(counts)
    # Columns a file may carry and we ignore (GIAS has many) can repeat harmlessly.
    repeated = sorted(
        name for name, n in counts.items() if n > 1 and (name in expected or not allow_extra)
    )
    if repeated:
        problems.append(Problem(1, "", "Columns named more than once: " + ", ".join(repeated)))
    missing = [name for name in expected if name not in seen]
    if missing:
        problems.append(Problem(1, "", "Missing columns: " + ", ".join(missing)))
    if not allow_extra:
        extra = [name or "(a column with no name)" for name in names if name not in expected]
        if extra:
            problems.append(
                Problem(
                    1,
                    "",
                    "Unexpected columns: "
                    + ", ".join(extra)
                    + ". The file must have exactly these columns: "
                    + ", ".join(expected),
                )
            )
    return problems
