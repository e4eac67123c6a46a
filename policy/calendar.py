"""Academic years, terms, DfE census dates and working days in England.

The term boundaries and census dates computed here are the defaults from DOMAIN.md §4. Councils
can configure their own per year; callers that hold configured dates should prefer them and fall
back to these functions.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.easter import easter

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)

TERMS = ("autumn", "spring", "summer")

_TIME_IDENTIFIERS = {
    "autumn": "Autumn term",
    "spring": "Spring term",
    "summer": "Summer term",
}


def _check_term(term: str) -> None:
    if term not in TERMS:
        raise ValueError(f"Unknown term {term!r}: expected one of {', '.join(TERMS)}.")


def academic_year(on: date) -> int:
    """Return the calendar year in which the academic year containing ``on`` began.

    Academic years run from 1 September to 31 August, so 31 August 2025 is in 2024 and
    1 September 2025 is in 2025.
    """
    return on.year if on.month >= 9 else on.year - 1


def academic_year_label(academic_year: int) -> str:
    """Return the usual short label, e.g. 2023 -> ``"2023/24"``."""
    return f"{academic_year}/{(academic_year + 1) % 100:02d}"


def time_period(academic_year: int) -> str:
    """Return the ``time_period`` used in DfE published files, e.g. 2024 -> ``"202425"``."""
    return f"{academic_year}{(academic_year + 1) % 100:02d}"


def time_identifier(term: str) -> str:
    """Return the ``time_identifier`` used in DfE published files, e.g. ``"Autumn term"``."""
    _check_term(term)
    return _TIME_IDENTIFIERS[term]


def term_number(term: str) -> int:
    """Return 1, 2 or 3 for autumn, spring or summer, as the council's scorecard numbers them."""
    _check_term(term)
    return TERMS.index(term) + 1


def scorecard_term_label(academic_year: int, term: str) -> str:
    """Return a scorecard column heading such as ``"Term 2 2023/24"``."""
    return f"Term {term_number(term)} {academic_year_label(academic_year)}"


def nth_weekday_of_month(year: int, month: int, weekday: int, n: int) -> date:
    """Return the ``n``-th ``weekday`` (0 = Monday) of a month, counting from 1."""
    if n < 1:
        raise ValueError(f"n must be 1 or more, not {n}.")
    first = date(year, month, 1)
    result = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    if result.month != month:
        raise ValueError(f"There is no weekday number {n} of that kind in {year}-{month:02d}.")
    return result


def last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    """Return the last ``weekday`` (0 = Monday) of a month."""
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = next_month - timedelta(days=1)
    return last_day - timedelta(days=(last_day.weekday() - weekday) % 7)


def default_census_date(academic_year: int, term: str) -> date:
    """Return the default DfE census date for a term.

    The EHE and CME return uses the school census days: the first Thursday of October, the third
    Thursday of January and the third Thursday of May.
    """
    _check_term(term)
    if term == "autumn":
        return nth_weekday_of_month(academic_year, 10, THURSDAY, 1)
    if term == "spring":
        return nth_weekday_of_month(academic_year + 1, 1, THURSDAY, 3)
    return nth_weekday_of_month(academic_year + 1, 5, THURSDAY, 3)


def default_term_bounds(academic_year: int, term: str) -> tuple[date, date]:
    """Return the first and last day of a term under the default boundaries.

    Autumn is 1 September to 31 December, spring is 1 January to Easter Sunday and summer is
    Easter Monday to 31 August, so the three terms cover the academic year without gaps.
    """
    _check_term(term)
    if term == "autumn":
        return date(academic_year, 9, 1), date(academic_year, 12, 31)
    easter_sunday = easter(academic_year + 1)
    if term == "spring":
        return date(academic_year + 1, 1, 1), easter_sunday
    return easter_sunday + timedelta(days=1), date(academic_year + 1, 8, 31)


def term_for(on: date) -> tuple[int, str]:
    """Return the academic year and term that contain ``on`` under the default boundaries."""
    year = academic_year(on)
    for term in TERMS:
        first, last = default_term_bounds(year, term)
        if first <= on <= last:
            return year, term
    raise AssertionError(f"Default terms do not cover {on.isoformat()}.")  # pragma: no cover


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """Return the bank holidays in England and Wales for a year, including substitute days.

    Wales shares England's bank holidays, so the ``ENG`` subdivision serves both. The result is
    cached for the life of the process; the ``holidays`` package includes one-off days such as
    the 2022 state funeral as well as the substitute days that follow a weekend holiday.
    """
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(d: date) -> bool:
    """Return whether ``d`` is Monday to Friday and not a bank holiday in England and Wales."""
    return d.weekday() < SATURDAY and d not in bank_holidays(d.year)


def add_working_days(d: date, n: int) -> date:
    """Return the ``n``-th working day after ``d``.

    ``d`` itself never counts, whether or not it is a working day, and ``n == 0`` returns ``d``
    unchanged. A negative ``n`` counts back in the same way: ``-1`` is the last working day
    strictly before ``d``.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current
