"""Shared fixtures. Tests that need a real service (Redis, Chromium) skip when it is absent
on a developer's machine, and fail instead when CI=true (see ``require_service``).

``EHE_TEST_CLOCK=YYYY-MM-DD`` runs the whole session with the clock moved to that day (still
ticking), so a test that only passes on the day it was written fails here rather than on a
user's machine; CI runs the suite a second time this way (``.ci/run``). Tests that set their
own date with time_machine still get it.
"""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ehe.roles import Role
from ehe.services import user_create

IN_CI = os.environ.get("CI", "").lower() == "true"
MOVED_CLOCK = os.environ.get("EHE_TEST_CLOCK", "").strip()


@pytest.fixture(scope="session", autouse=True)
def moved_clock():
    """The session's clock, moved when EHE_TEST_CLOCK says so."""
    if not MOVED_CLOCK:
        yield None
        return
    day = date.fromisoformat(MOVED_CLOCK)
    moment = datetime(day.year, day.month, day.day, 10, 30, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield day


def require_service(available: bool, reason: str) -> None:
    """Skip locally, fail in CI: a skipped test must never pass as green in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def _make(*roles: Role, username: str | None = None, password: str = "a-long-test-password"):
        return user_create(
            username=username or f"user{next(counter)}",
            password=password,
            roles=roles,
            first_name="Test",
            last_name="Person",
        )

    return _make


@pytest.fixture
def client_as(client, make_user):
    """A test client signed in as a new user with the given roles."""

    def _as(*roles: Role):
        user = make_user(*roles)
        client.force_login(user)
        return client

    return _as
