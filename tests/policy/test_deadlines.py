from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.calendar import is_working_day
from policy.deadlines import (
    add_months,
    deemed_service_date,
    initial_contact_due,
    next_contact_due,
    notice_deadline,
    notice_period_end,
)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
postal = st.sampled_from(["first_class", "second_class"])


def test_domain_example_first_class_from_monday_2_march_2026():
    posted = date(2026, 3, 2)
    served = deemed_service_date(posted, "first_class")
    assert served == date(2026, 3, 4)
    assert notice_period_end(served) == date(2026, 3, 18)
    assert notice_deadline(posted, "first_class") == date(2026, 3, 18)


def test_second_class_is_the_fourth_working_day():
    assert deemed_service_date(date(2026, 3, 2), "second_class") == date(2026, 3, 6)


def test_posting_on_a_friday_skips_the_weekend():
    assert deemed_service_date(date(2026, 3, 6), "first_class") == date(2026, 3, 10)
    assert deemed_service_date(date(2026, 3, 6), "second_class") == date(2026, 3, 12)


def test_posting_on_a_saturday_counts_from_monday():
    assert deemed_service_date(date(2026, 3, 7), "first_class") == date(2026, 3, 10)


def test_posting_on_christmas_eve_2026():
    # Fri 25 Dec, the weekend and the substitute Mon 28 Dec are not working days, nor 1 Jan.
    posted = date(2026, 12, 24)
    assert deemed_service_date(posted, "first_class") == date(2026, 12, 30)
    assert deemed_service_date(posted, "second_class") == date(2027, 1, 4)
    assert notice_deadline(posted, "first_class") == date(2027, 1, 13)


def test_posting_before_easter_2026():
    # Good Friday 3 Apr and Easter Monday 6 Apr 2026 are bank holidays.
    posted = date(2026, 4, 2)
    assert deemed_service_date(posted, "first_class") == date(2026, 4, 8)
    assert deemed_service_date(posted, "second_class") == date(2026, 4, 10)


def test_hand_delivery_is_served_the_same_day_even_at_a_weekend():
    assert deemed_service_date(date(2026, 3, 2), "hand") == date(2026, 3, 2)
    assert deemed_service_date(date(2026, 12, 26), "hand") == date(2026, 12, 26)
    assert notice_deadline(date(2026, 3, 2), "hand") == date(2026, 3, 16)


@pytest.mark.parametrize("method", ["email", "e-mail", "E-mail", "EMAIL"])
def test_email_is_not_a_method_of_service(method):
    with pytest.raises(ValueError, match="courtesy copy"):
        deemed_service_date(date(2026, 3, 2), method)


@pytest.mark.parametrize("method", ["fax", "First class", "", "recorded"])
def test_unknown_method_is_rejected(method):
    with pytest.raises(ValueError, match="first_class, second_class, hand"):
        deemed_service_date(date(2026, 3, 2), method)


def test_notice_period_counts_the_day_of_service_as_day_one():
    served = date(2026, 3, 4)
    assert notice_period_end(served, 1) == served
    assert notice_period_end(served, 2) == date(2026, 3, 5)
    assert notice_period_end(served, 15) == date(2026, 3, 18)
    assert notice_period_end(date(2026, 12, 20), 15) == date(2027, 1, 3)


@pytest.mark.parametrize("days", [0, -1])
def test_notice_period_must_be_at_least_one_day(days):
    with pytest.raises(ValueError, match="at least 1 day"):
        notice_period_end(date(2026, 3, 4), days)


def test_initial_contact_due_counts_working_days():
    assert initial_contact_due(date(2026, 3, 2)) == date(2026, 3, 16)
    assert initial_contact_due(date(2026, 12, 21)) == date(2027, 1, 7)
    assert initial_contact_due(date(2026, 3, 2), 0) == date(2026, 3, 2)
    with pytest.raises(ValueError):
        initial_contact_due(date(2026, 3, 2), -1)


def test_next_contact_due_and_month_arithmetic():
    assert next_contact_due(date(2025, 3, 15)) == date(2026, 3, 15)
    assert next_contact_due(date(2024, 2, 29)) == date(2025, 2, 28)
    assert next_contact_due(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    with pytest.raises(ValueError):
        next_contact_due(date(2025, 3, 15), 0)


# Properties.


@given(posted=dates, method=postal)
def test_postal_service_is_a_working_day_strictly_after_posting(posted, method):
    served = deemed_service_date(posted, method)
    assert served > posted
    assert is_working_day(served)


@given(posted=dates)
def test_second_class_is_served_after_first_class(posted):
    first = deemed_service_date(posted, "first_class")
    second = deemed_service_date(posted, "second_class")
    assert second > first
    # Two further working days separate them, so at least two calendar days.
    assert (second - first).days >= 2


@given(delivered=dates)
def test_hand_service_is_the_day_of_delivery(delivered):
    assert deemed_service_date(delivered, "hand") == delivered


@given(served=dates, days=st.integers(min_value=1, max_value=120))
def test_notice_period_end_is_days_minus_one_after_service(served, days):
    end = notice_period_end(served, days)
    assert end >= served
    assert end - served == timedelta(days=days - 1)


@given(posted=dates, method=postal)
def test_notice_deadline_is_never_before_fifteen_days_from_posting(posted, method):
    assert notice_deadline(posted, method) >= posted + timedelta(days=16)
