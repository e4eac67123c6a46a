"""Shared fixtures. Tests that need a real service (Redis, Chromium) skip when it is absent
on a developer's machine, and fail instead when CI=true (see ``require_service``)."""

import os

import pytest

from ehe.roles import Role
from ehe.services import user_create

IN_CI = os.environ.get("CI", "").lower() == "true"


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
