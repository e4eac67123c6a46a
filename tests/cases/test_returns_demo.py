"""The demo's invented school returns still go through the front door's checks (a pupil of
school age on the deletion date, UK phone numbers and postcodes) on any date the demo is
built, and take every path they are meant to."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.demo.returns import demo_returns_submit
from cases.demo.schools import demo_urn
from cases.models import DeletionReturn
from tests.cases.factories import SchoolFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("today", [date(2026, 11, 20), date(2031, 6, 30), date(2040, 2, 29)])
def test_the_demo_returns_pass_the_checks_on_any_date(time_machine, today):
    time_machine.move_to(
        datetime(today.year, today.month, today.day, 12, tzinfo=ZoneInfo("Europe/London"))
    )
    SchoolFactory(urn=demo_urn(0), name="Demo Primary")
    SchoolFactory(name="Demo Special School", is_special=True, school_type="special")
    assert demo_returns_submit(today=today) == 4
    outcomes = dict(DeletionReturn.objects.values_list("idempotency_key", "outcome"))
    assert outcomes == {
        "demo-ehe": "ehe_opened",
        "demo-cme": "cme_opened",
        "demo-considering": "involvement_opened",
        "demo-consent": "consent_required",
    }
    assert set(DeletionReturn.objects.values_list("channel", flat=True)) == {"demo"}
    # Sent again, none is added twice.
    assert demo_returns_submit(today=today) == 0
