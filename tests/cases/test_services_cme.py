from datetime import date

import pytest

from cases.models import Alert, Episode, SafeguardingConcern
from cases.selectors import status_on
from cases.services import (
    ServiceError,
    child_create,
    cme_enquiry_record,
    episode_close,
    episode_open,
    refresh_due_dates,
)
from tests.cases.conftest import TODAY
from tests.cases.factories import ChildFactory, CMEEpisodeFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db


def test_cme_case_has_a_home_visit_due_within_five_working_days(officer):
    episode = episode_open(
        by=officer,
        child=ChildFactory(),
        kind="cme",
        start_date=date(2026, 11, 16),
        today=TODAY,
        source="school",
        channel="web",
    )
    assert (episode.next_due_kind, episode.next_due_on) == ("cme_home_visit", date(2026, 11, 23))
    cme_enquiry_record(
        by=officer,
        episode=episode,
        item="home_visit",
        made_on=date(2026, 11, 18),
        outcome="Nobody home; card left",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    # The visit made, the enquiries are reviewed 10 working days after the latest one.
    assert (episode.status, episode.next_due_kind, episode.next_due_on) == (
        "enquiries",
        "cme_enquiries_review",
        date(2026, 12, 2),
    )


def test_daily_refresh_covers_cme_cases():
    episode = CMEEpisodeFactory(start_date=date(2026, 11, 16))
    assert refresh_due_dates(today=TODAY) == 1
    episode.refresh_from_db()
    assert episode.next_due_on == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("reason", "field"),
    [
        ("other_council_area", "closure_notes"),
        ("left_country", "closure_notes"),
        ("untraced", "closure_reason"),
    ],
)
def test_cme_closures_record_what_the_law_needs(officer, reason, field):
    episode = CMEEpisodeFactory(status="enquiries", start_date=date(2026, 9, 1))
    with pytest.raises(ServiceError) as error:
        episode_close(
            by=officer, episode=episode, on=TODAY, closure_reason=reason, today=TODAY, channel="web"
        )
    assert field in error.value.errors
    assert Episode.objects.get(pk=episode.pk).status == "enquiries"


def test_untraced_after_the_lost_pupil_database_upload(officer):
    episode = CMEEpisodeFactory(status="enquiries", start_date=date(2026, 9, 1))
    cme_enquiry_record(
        by=officer,
        episode=episode,
        item="lost_pupil_database",
        made_on=date(2026, 11, 1),
        outcome="CTF uploaded",
        today=TODAY,
        channel="web",
    )
    closed = episode_close(
        by=officer, episode=episode, on=TODAY, closure_reason="untraced", today=TODAY, channel="web"
    )
    assert closed.status == "closed"


def test_cme_closed_as_home_educated_opens_the_linked_ehe_case(officer):
    episode = CMEEpisodeFactory(status="enquiries", start_date=date(2026, 9, 1))
    closed = episode_close(
        by=officer, episode=episode, on=TODAY, closure_reason="ehe", today=TODAY, channel="web"
    )
    ehe = closed.led_to.get()
    assert (ehe.kind, ehe.status, ehe.start_date) == ("ehe", "new", TODAY)


def test_an_old_safeguarding_concern_does_not_raise_a_cme_alert(officer):
    child = child_create(
        by=officer,
        legal_first_name="Robin",
        legal_last_name="Example",
        date_of_birth=date(2014, 5, 17),
        known_from=date(2020, 1, 1),
        channel="web",
    )
    SafeguardingConcern.objects.create(
        child=child, raised_on=date(2022, 1, 5), details="Old", raised_by=officer
    )
    episode_open(by=officer, child=child, kind="cme", start_date=TODAY, today=TODAY, channel="web")
    assert not Alert.objects.exists()
    SafeguardingConcern.objects.create(
        child=child, raised_on=date(2026, 6, 1), details="New", raised_by=officer
    )
    Episode.objects.all().update(status="closed", end_date=TODAY, closure_reason="deceased")
    episode_open(by=officer, child=child, kind="cme", start_date=TODAY, today=TODAY, channel="web")
    assert Alert.objects.get().kind == "cme_social_care"


def test_a_cme_case_of_its_own_gives_the_reason_when_both_apply():
    child = ChildFactory()
    ehe = EHEEpisodeFactory(child=child, status="panel", start_date=date(2026, 1, 5))
    ehe.unsuitable_periods.create(valid_from=date(2026, 3, 1))
    CMEEpisodeFactory(
        child=child,
        status="enquiries",
        start_date=date(2026, 6, 1),
        primary_reason="moved_in_from_another_country",
    )
    assert status_on(child.pk, date(2026, 4, 1)) == {"ehe": False, "cme": "unsuitable_ehe"}
    assert status_on(child.pk, date(2026, 7, 1)) == {
        "ehe": False,
        "cme": "moved_in_from_another_country",
    }
