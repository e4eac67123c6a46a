from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.school_age import (
    age_on,
    birthday_in,
    compulsory_school_age,
    is_compulsory_school_age,
    left_compulsory_school_age_if_born_before,
    needs_cohort_review,
    school_leaving_date,
    year_group,
    year_group_label,
)

births = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
years = st.integers(min_value=1995, max_value=2050)


# DOMAIN.md §3 worked examples.


def test_born_10_february_2019_starts_on_31_march_2024():
    assert compulsory_school_age(date(2019, 2, 10))[0] == date(2024, 3, 31)


def test_born_23_september_2007_ends_on_friday_28_june_2024():
    end = compulsory_school_age(date(2007, 9, 23))[1]
    assert end == date(2024, 6, 28)
    assert end.strftime("%A") == "Friday"


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, date(2024, 6, 28)),
        (2025, date(2025, 6, 27)),
        (2026, date(2026, 6, 26)),
        (2027, date(2027, 6, 25)),
    ],
)
def test_school_leaving_date_is_last_friday_in_june(year, expected):
    assert school_leaving_date(year) == expected


# Start of compulsory school age around the prescribed days.


@pytest.mark.parametrize(
    ("dob", "expected_start"),
    [
        (date(2019, 3, 31), date(2024, 3, 31)),  # 5th birthday on a prescribed day
        (date(2019, 4, 1), date(2024, 8, 31)),
        (date(2019, 8, 31), date(2024, 8, 31)),  # 5th birthday on a prescribed day
        (date(2019, 9, 1), date(2024, 12, 31)),
        (date(2019, 12, 31), date(2024, 12, 31)),  # 5th birthday on a prescribed day
        (date(2020, 1, 1), date(2025, 3, 31)),
        (date(2019, 3, 30), date(2024, 3, 31)),
    ],
)
def test_start_is_first_prescribed_day_on_or_after_fifth_birthday(dob, expected_start):
    assert compulsory_school_age(dob)[0] == expected_start


# End of compulsory school age around 1 September.


def test_sixteenth_birthday_on_31_august_ends_that_june():
    # Turns 16 on 31 Aug 2024, after the leaving date but before the school year began.
    assert compulsory_school_age(date(2008, 8, 31))[1] == date(2024, 6, 28)


def test_sixteenth_birthday_on_1_september_ends_the_next_june():
    assert compulsory_school_age(date(2008, 9, 1))[1] == date(2025, 6, 27)


def test_sixteenth_birthday_on_leaving_date_ends_that_day():
    assert compulsory_school_age(date(2008, 6, 28))[1] == date(2024, 6, 28)


def test_sixteenth_birthday_in_january_ends_that_june():
    assert compulsory_school_age(date(2009, 1, 1))[1] == date(2025, 6, 27)


def test_configured_school_year_start_moves_early_september_birthdays_back_a_year():
    dob = date(2008, 9, 3)
    assert compulsory_school_age(dob)[1] == date(2025, 6, 27)
    starts = {2024: date(2024, 9, 4)}
    assert compulsory_school_age(dob, school_year_starts=starts)[1] == date(2024, 6, 28)
    assert not is_compulsory_school_age(dob, date(2024, 9, 10), school_year_starts=starts)
    assert is_compulsory_school_age(dob, date(2024, 9, 10))


@pytest.mark.parametrize(
    ("dob", "flagged"),
    [
        (date(2008, 8, 31), False),
        (date(2008, 9, 1), False),
        (date(2008, 9, 2), True),
        (date(2008, 9, 7), True),
        (date(2008, 9, 8), False),
        (date(2008, 12, 25), False),
    ],
)
def test_needs_cohort_review_flags_early_september_birthdays(dob, flagged):
    assert needs_cohort_review(dob) is flagged


# 29 February births.


def test_leap_day_birthday_falls_on_28_february_in_other_years():
    assert birthday_in(date(2020, 2, 29), 2025) == date(2025, 2, 28)
    assert birthday_in(date(2020, 2, 29), 2024) == date(2024, 2, 29)
    assert age_on(date(2020, 2, 29), date(2025, 2, 27)) == 4
    assert age_on(date(2020, 2, 29), date(2025, 2, 28)) == 5


def test_leap_day_birth_compulsory_school_age():
    # 5th birthday taken as 28 Feb 2025; 16th birthday is 29 Feb 2036.
    assert compulsory_school_age(date(2020, 2, 29)) == (date(2025, 3, 31), date(2036, 6, 27))
    assert compulsory_school_age(date(2016, 2, 29)) == (date(2021, 3, 31), date(2032, 6, 25))


@given(year=st.sampled_from([1992, 1996, 2000, 2004, 2008, 2012, 2016, 2020, 2024, 2028]))
def test_leap_day_births_match_neighbours(year):
    leap_day = date(year, 2, 29)
    for neighbour in (date(year, 2, 28), date(year, 3, 1)):
        assert compulsory_school_age(leap_day) == compulsory_school_age(neighbour)
        on = date(year + 9, 10, 1)
        assert year_group(leap_day, on) == year_group(neighbour, on)


# Inclusive bounds.


def test_is_compulsory_school_age_is_inclusive_at_both_ends():
    dob = date(2019, 2, 10)
    start, end = compulsory_school_age(dob)
    assert (start, end) == (date(2024, 3, 31), date(2035, 6, 29))
    assert not is_compulsory_school_age(dob, start - timedelta(days=1))
    assert is_compulsory_school_age(dob, start)
    assert is_compulsory_school_age(dob, end)
    assert not is_compulsory_school_age(dob, end + timedelta(days=1))


# Year groups.


def test_31_august_birthday_is_youngest_in_year_and_1_september_oldest_in_next():
    on = date(2024, 9, 2)
    assert year_group(date(2019, 8, 31), on) == 1
    assert year_group(date(2019, 9, 1), on) == 0
    assert year_group(date(2020, 8, 31), on) == 0
    assert year_group(date(2020, 9, 1), on) == -1


def test_year_group_changes_on_1_september_not_on_birthday():
    dob = date(2015, 3, 15)
    assert year_group(dob, date(2024, 8, 31)) == 4
    assert year_group(dob, date(2024, 9, 1)) == 5
    assert year_group(dob, date(2025, 3, 14)) == 5
    assert year_group(dob, date(2025, 3, 15)) == 5


def test_year_11_in_final_compulsory_year():
    assert year_group(date(2007, 9, 23), date(2024, 6, 28)) == 11
    assert year_group(date(2007, 9, 23), date(2024, 9, 1)) == 12


@pytest.mark.parametrize(
    ("n", "label"),
    [
        (None, "Unknown"),
        (-2, "Before Reception"),
        (-1, "Before Reception"),
        (0, "Reception"),
        (1, "Year 1"),
        (11, "Year 11"),
        (12, "Year 12"),
        (13, "Year 13"),
        (14, "After Year 13"),
    ],
)
def test_year_group_label(n, label):
    assert year_group_label(n) == label


# Properties.


@given(dob=births, year=years)
def test_year_group_rises_by_one_each_1_september(dob, year):
    assert year_group(dob, date(year, 9, 1)) == year_group(dob, date(year, 8, 31)) + 1


@given(dob=births, year=years, offset=st.integers(min_value=0, max_value=364))
def test_year_group_is_constant_within_an_academic_year(dob, year, offset):
    first_day = date(year, 9, 1)
    on = first_day + timedelta(days=offset)
    assert year_group(dob, on) == year_group(dob, first_day)


@given(dob=births)
def test_start_is_first_prescribed_day_on_or_after_fifth_birthday_property(dob):
    start, end = compulsory_school_age(dob)
    fifth = birthday_in(dob, dob.year + 5)
    assert start <= end
    assert start >= fifth
    assert (start.month, start.day) in {(3, 31), (8, 31), (12, 31)}
    prescribed = [date(fifth.year, m, 31) for m in (3, 8, 12)]
    assert not [d for d in prescribed if fifth <= d < start]


@given(dob=births)
def test_end_is_the_last_friday_in_june(dob):
    end = compulsory_school_age(dob)[1]
    assert end.month == 6
    assert end.weekday() == 4
    assert (end + timedelta(days=7)).month == 7


@given(dob=births)
def test_child_is_in_reception_at_start_and_year_11_at_end(dob):
    start, end = compulsory_school_age(dob)
    assert year_group(dob, start) == 0
    assert year_group(dob, end) == 11


@given(dob=births)
def test_end_follows_the_sixteenth_birthday_rule(dob):
    end = compulsory_school_age(dob)[1]
    sixteenth = birthday_in(dob, dob.year + 16)
    if sixteenth.month >= 9:
        assert end.year == sixteenth.year + 1
    else:
        assert end.year == sixteenth.year


@given(
    dob=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 31)),
)
def test_left_csa_cutoff_agrees_with_compulsory_school_age(dob, today):
    _, end = compulsory_school_age(dob)
    assert (dob < left_compulsory_school_age_if_born_before(today)) == (today > end)


def test_left_csa_cutoff_examples():
    # Last Friday of June 2026 is the 26th: the 2009/10 cohort leaves at the end of that day.
    assert left_compulsory_school_age_if_born_before(date(2026, 6, 26)) == date(2009, 9, 1)
    assert left_compulsory_school_age_if_born_before(date(2026, 6, 27)) == date(2010, 9, 1)
