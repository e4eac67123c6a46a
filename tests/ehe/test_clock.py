"""The suite's clock: the real one, or the day EHE_TEST_CLOCK moves it to (tests/conftest.py)."""

import datetime

from django.utils import timezone


def test_the_session_runs_on_the_moved_day_when_one_is_given(moved_clock):
    # Without EHE_TEST_CLOCK this is the machine's own date; with it, the moved day (the
    # session starts at 10:30 that morning, so the day has not yet turned).
    expected = moved_clock or datetime.date.today()
    assert timezone.localdate() == expected
