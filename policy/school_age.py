"""Compulsory school age and national curriculum year groups (DOMAIN.md §3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from policy.calendar import FRIDAY, academic_year, last_weekday_of_month

# Education (Start of Compulsory School Age) Order 1998: the prescribed days for s8(2).
_PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))

# Latest 16th birthday, as (month, day), that needs_cohort_review treats as possibly falling
# before the autumn term began. Autumn terms in England normally start in the first week of
# September.
_COHORT_REVIEW_UNTIL = (9, 7)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthday_in(dob: date, year: int) -> date:
    """Return the child's birthday in ``year``.

    A child born on 29 February is treated as having the birthday on 28 February in other
    years. The choice cannot change a compulsory school age or a year group: neither 28 February
    nor 1 March is a prescribed day or near 31 August.
    """
    if dob.month == 2 and dob.day == 29 and not _is_leap(year):
        return date(year, 2, 28)
    return dob.replace(year=year)


def age_on(dob: date, on: date) -> int:
    """Return the child's age in whole years on ``on`` (the birthday itself counts)."""
    return on.year - dob.year - (1 if on < birthday_in(dob, on.year) else 0)


def school_leaving_date(year: int) -> date:
    """Return the last Friday in June of ``year``.

    Education (School Leaving Date) Order 1997: this is the day at whose end a child who has
    reached 16 in the school year ceases to be of compulsory school age.
    """
    return last_weekday_of_month(year, 6, FRIDAY)


def compulsory_school_age(
    dob: date, *, school_year_starts: Mapping[int, date] | None = None
) -> tuple[date, date]:
    """Return the first and last day on which a child is of compulsory school age.

    ``school_year_starts`` optionally maps a calendar year to the day the school year began in
    it (the first day of the autumn term); years that are not in it use 1 September.
    """
    fifth = birthday_in(dob, dob.year + 5)
    # Education Act 1996 s8(2): a 5th birthday on a prescribed day starts compulsory school age
    # that day; otherwise it starts on the next prescribed day. 31 December is the last one in
    # the year, so one always follows within the same calendar year.
    start = next(
        prescribed
        for prescribed in (date(fifth.year, m, d) for m, d in _PRESCRIBED_DAYS)
        if prescribed >= fifth
    )

    sixteenth = birthday_in(dob, dob.year + 16)
    year_start = (school_year_starts or {}).get(sixteenth.year, date(sixteenth.year, 9, 1))
    # Education Act 1996 s8(3): a child who turns 16 before the school year begins leaves on
    # that calendar year's leaving date, even if it has already passed (summer-born children
    # leave at 15); one who turns 16 once the school year has begun stays to the next June.
    if sixteenth < year_start:
        end = school_leaving_date(sixteenth.year)
    else:
        end = school_leaving_date(sixteenth.year + 1)
    return start, end


def is_compulsory_school_age(
    dob: date, on: date, *, school_year_starts: Mapping[int, date] | None = None
) -> bool:
    """Return whether the child is of compulsory school age on ``on`` (both ends inclusive)."""
    start, end = compulsory_school_age(dob, school_year_starts=school_year_starts)
    return start <= on <= end


def needs_cohort_review(dob: date) -> bool:
    """Return whether the end of compulsory school age should be checked by a person.

    The 1 September default stands in for the day the school year actually began (Education Act
    1996 s579(1) ties the school year to the first term after July). A 16th birthday between
    2 September and the start of the autumn term falls before that school year began, so the
    child may leave a year earlier than the default calculation says.
    """
    sixteenth = birthday_in(dob, dob.year + 16)
    return (9, 2) <= (sixteenth.month, sixteenth.day) <= _COHORT_REVIEW_UNTIL


def year_group(dob: date, on: date) -> int:
    """Return the chronological national curriculum year group on ``on``.

    The year group is the child's age on the 31 August just before the academic year containing
    ``on`` began, minus 4: 0 is Reception and 1 to 11 are Years 1 to 11. Earlier years give
    negative numbers and later ones 12 and above. A manual out-of-cohort placement is a case
    record, not a rule, so it is not applied here; the DfE return uses this chronological value.
    """
    return age_on(dob, date(academic_year(on), 8, 31)) - 4


def year_group_label(n: int | None) -> str:
    """Return a display label for a year group number.

    ``None`` gives ``"Unknown"``, as in the DfE return. Years 12 and 13 keep their usual
    sixth-form names; anything before Reception or after Year 13 gets a plain description.
    """
    if n is None:
        return "Unknown"
    if n < 0:
        return "Before Reception"
    if n == 0:
        return "Reception"
    if n <= 13:
        return f"Year {n}"
    return "After Year 13"


def left_compulsory_school_age_if_born_before(today: date) -> date:
    """The date of birth before which every child has left compulsory school age by ``today``.

    Lets a database find everyone past compulsory school age with one comparison. Everyone
    born before 1 September of year Y-16 has left by the end of the last Friday of June in Y
    (s8(3), default school-year start).
    """
    if today > school_leaving_date(today.year):
        return date(today.year - 16, 9, 1)
    return date(today.year - 17, 9, 1)
