from datetime import date

import pytest

from ehe.roles import Role

TODAY = date(2026, 11, 20)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)
