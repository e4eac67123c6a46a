from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.calendar import (
    TERMS,
    academic_year,
    academic_year_label,
    add_working_days,
    bank_holidays,
    default_census_date,
    default_term_bounds,
    is_working_day,
    last_weekday_of_month,
    nth_weekday_of_month,
    scorecard_term_label,
    term_for,
    term_number,
    time_identifier,
    time_period,
)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
academic_years = st.integers(min_value=2000, max_value=2040)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 8, 31), 2024),
        (date(2025, 9, 1), 2025),
        (date(2026, 1, 1), 2025),
        (date(2025, 12, 31), 2025),
    ],
)
def test_academic_year_starts_on_1_september(on, expected):
    assert academic_year(on) == expected


def test_census_dates_2022_23_match_the_confirmed_dates():
    assert default_census_date(2022, "autumn") == date(2022, 10, 6)
    assert default_census_date(2022, "spring") == date(2023, 1, 19)
    assert default_census_date(2022, "summer") == date(2023, 5, 18)


def test_census_dates_2024_25():
    assert [default_census_date(2024, term) for term in TERMS] == [
        date(2024, 10, 3),
        date(2025, 1, 16),
        date(2025, 5, 15),
    ]


def test_unknown_term_is_rejected_with_the_valid_names():
    with pytest.raises(ValueError, match="autumn, spring, summer"):
        default_census_date(2024, "winter")
    with pytest.raises(ValueError, match="Unknown term"):
        default_term_bounds(2024, "Autumn")
    with pytest.raises(ValueError, match="Unknown term"):
        time_identifier("term 1")


def test_default_term_bounds_2025_26_use_easter_2026():
    assert default_term_bounds(2025, "autumn") == (date(2025, 9, 1), date(2025, 12, 31))
    assert default_term_bounds(2025, "spring") == (date(2026, 1, 1), date(2026, 4, 5))
    assert default_term_bounds(2025, "summer") == (date(2026, 4, 6), date(2026, 8, 31))


def test_default_term_bounds_follow_a_late_easter():
    # Easter Sunday 2019 was 21 April.
    assert default_term_bounds(2018, "spring")[1] == date(2019, 4, 21)
    assert default_term_bounds(2018, "summer")[0] == date(2019, 4, 22)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 9, 1), (2025, "autumn")),
        (date(2025, 12, 31), (2025, "autumn")),
        (date(2026, 1, 1), (2025, "spring")),
        (date(2026, 4, 5), (2025, "spring")),
        (date(2026, 4, 6), (2025, "summer")),
        (date(2026, 8, 31), (2025, "summer")),
    ],
)
def test_term_for(on, expected):
    assert term_for(on) == expected


def test_dfe_and_scorecard_labels():
    assert time_period(2024) == "202425"
    assert time_period(1999) == "199900"
    assert [time_identifier(term) for term in TERMS] == [
        "Autumn term",
        "Spring term",
        "Summer term",
    ]
    assert [term_number(term) for term in TERMS] == [1, 2, 3]
    assert academic_year_label(2023) == "2023/24"
    assert scorecard_term_label(2023, "spring") == "Term 2 2023/24"
    assert scorecard_term_label(2024, "autumn") == "Term 1 2024/25"


def test_weekday_helpers():
    assert nth_weekday_of_month(2026, 3, 0, 1) == date(2026, 3, 2)
    assert last_weekday_of_month(2026, 12, 3) == date(2026, 12, 31)
    assert last_weekday_of_month(2026, 2, 5) == date(2026, 2, 28)
    with pytest.raises(ValueError):
        nth_weekday_of_month(2026, 2, 0, 5)
    with pytest.raises(ValueError):
        nth_weekday_of_month(2026, 2, 0, 0)


# Working days.


def test_boxing_day_2026_substitute_monday_is_not_a_working_day():
    assert date(2026, 12, 28).weekday() == 0
    assert not is_working_day(date(2026, 12, 28))
    assert not is_working_day(date(2026, 12, 25))
    assert is_working_day(date(2026, 12, 24))
    assert is_working_day(date(2026, 12, 29))


def test_easter_2026_holidays():
    assert is_working_day(date(2026, 4, 2))
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert is_working_day(date(2026, 4, 7))


def test_weekends_and_one_off_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 3, 7))
    assert not is_working_day(date(2026, 3, 8))
    assert not is_working_day(date(2022, 9, 19))  # state funeral of Queen Elizabeth II
    assert not is_working_day(date(2023, 5, 8))  # coronation of King Charles III


def test_bank_holidays_2026():
    assert bank_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
    }


def test_add_working_days_examples():
    friday = date(2026, 3, 6)
    saturday = date(2026, 3, 7)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(saturday, 0) == saturday
    assert add_working_days(friday, 1) == date(2026, 3, 9)
    assert add_working_days(saturday, 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_add_working_days_counts_backwards_for_negative_n():
    assert add_working_days(date(2026, 12, 29), -1) == date(2026, 12, 24)
    assert add_working_days(date(2026, 4, 7), -2) == date(2026, 4, 1)
    assert add_working_days(date(2026, 3, 9), -1) == date(2026, 3, 6)


# Properties.


@given(on=dates)
def test_term_for_returns_a_term_containing_the_date(on):
    year, term = term_for(on)
    first, last = default_term_bounds(year, term)
    assert first <= on <= last
    assert year == academic_year(on)


@given(year=academic_years)
def test_default_terms_tile_the_academic_year(year):
    autumn, spring, summer = (default_term_bounds(year, term) for term in TERMS)
    assert autumn[0] == date(year, 9, 1)
    assert spring[0] == autumn[1] + timedelta(days=1)
    assert summer[0] == spring[1] + timedelta(days=1)
    assert summer[1] == date(year + 1, 8, 31)
    assert spring[1].weekday() == 6
    assert summer[0].weekday() == 0


@given(year=academic_years, term=st.sampled_from(TERMS))
def test_census_date_is_a_thursday_in_its_own_term(year, term):
    census = default_census_date(year, term)
    assert census.weekday() == 3
    assert term_for(census) == (year, term)


@given(d=dates, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day_after_exactly_n(d, n):
    result = add_working_days(d, n)
    assert result > d
    assert is_working_day(result)
    between = [d + timedelta(days=i) for i in range(1, (result - d).days + 1)]
    assert sum(is_working_day(day) for day in between) == n


@given(d=dates, n=st.integers(min_value=0, max_value=60))
def test_add_working_days_is_strictly_increasing_in_n(d, n):
    assert add_working_days(d, n + 1) > add_working_days(d, n)


@given(d=dates, n=st.integers(min_value=1, max_value=60))
def test_counting_back_undoes_counting_forward_from_a_working_day(d, n):
    if not is_working_day(d):
        d = add_working_days(d, 1)
    assert add_working_days(add_working_days(d, n), -n) == d
