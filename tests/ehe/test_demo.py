import pytest
from django.core.management import CommandError, call_command

from ehe.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from ehe.models import User
from ehe.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_on(settings):
    # pytest-django runs tests with DEBUG off; load_demo is for DEBUG-on servers.
    settings.DEBUG = True


def test_load_demo_creates_one_account_per_role_and_prints_sign_in_details(capsys):
    call_command("load_demo", children=3)
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.roles == {account.role}
        assert f"username: {account.username}" in out
    assert {account.role for account in DEMO_ACCOUNTS} == set(Role)


def test_load_demo_twice_repairs_rather_than_duplicates():
    call_command("load_demo", children=3)
    officer = User.objects.get(username="officer")
    officer.set_password("changed-by-someone")
    officer.is_active = False
    officer.save()
    call_command("load_demo", children=3)
    officer.refresh_from_db()
    assert officer.is_active
    assert officer.check_password(DEMO_PASSWORD)
    assert User.objects.filter(username="officer").count() == 1


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo data"):
        call_command("load_demo")
    assert not User.objects.filter(username="officer").exists()
