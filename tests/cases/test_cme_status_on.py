"""cases.selectors.status_on: what a child counted as on a date (DOMAIN §8). An EHE child whose
education is judged not to appear suitable counts as CME ("Unsuitable elective home
education") from that date until resolved, and not as EHE; an episode counts on D when it
started on or before D and had not ended by D; and re-asking about a past date gives the same
answer however much is recorded later."""

from datetime import date, timedelta

import pytest

from cases.models import InformationRequest, UnsuitablePeriod
from cases.selectors import status_on
from cases.services import episode_close, episode_open, judgement_record
from tests.cases.factories import ChildFactory, CMEEpisodeFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db

EHE = {"ehe": True, "cme": None}
NEITHER = {"ehe": False, "cme": None}
UNSUITABLE = {"ehe": False, "cme": "unsuitable_ehe"}

STARTED = date(2026, 9, 7)
JUDGED = date(2026, 10, 5)  # "does not appear suitable"
RESOLVED = date(2026, 11, 2)  # "appears suitable" again

DAY = timedelta(days=1)


def judge(officer, episode, outcome, on, today):
    return judgement_record(
        by=officer,
        episode=episode,
        decided_on=on,
        outcome=outcome,
        reasons="Reasons given to the family",
        today=today,
        channel="web",
    )


@pytest.fixture
def unsuitable(officer, today):
    """An EHE case judged "does not appear suitable" on JUDGED (it moves to panel)."""
    episode = EHEEpisodeFactory(status="information_requested", start_date=STARTED)
    InformationRequest.objects.create(
        episode=episode,
        requested_on=STARTED,
        what_would_help="A description of a typical week",
        reply_by=JUDGED - 7 * DAY,
        requested_by=officer,
    )
    judge(officer, episode, "does_not_appear_suitable", JUDGED, today)
    return episode


def test_judged_unsuitable_counts_as_cme_from_that_date_and_not_as_ehe(unsuitable):
    child = unsuitable.child_id
    assert status_on(child, STARTED) == EHE
    assert status_on(child, JUDGED - DAY) == EHE
    assert status_on(child, JUDGED) == UNSUITABLE
    assert status_on(child, JUDGED + 30 * DAY) == UNSUITABLE
    period = UnsuitablePeriod.objects.get(episode=unsuitable)
    assert (period.valid_from, period.valid_to) == (JUDGED, None)


def test_resolved_counts_as_ehe_again_from_the_resolution_date(officer, today, unsuitable):
    judge(officer, unsuitable, "appears_suitable", RESOLVED, today)
    child = unsuitable.child_id
    assert status_on(child, RESOLVED - DAY) == UNSUITABLE
    assert status_on(child, RESOLVED) == EHE
    assert status_on(child, today) == EHE
    assert UnsuitablePeriod.objects.get(episode=unsuitable).valid_to == RESOLVED


def test_the_past_never_changes(officer, today, unsuitable):
    child = unsuitable.child_id
    past = [STARTED - DAY, STARTED, JUDGED - DAY, JUDGED, RESOLVED - DAY]
    before = {on: status_on(child, on) for on in past}

    # Later events, each dated after every date asked about.
    judge(officer, unsuitable, "appears_suitable", RESOLVED, today)
    episode_close(
        by=officer,
        episode=unsuitable,
        on=today,
        closure_reason="returned_to_school",
        today=today,
        channel="web",
    )

    assert {on: status_on(child, on) for on in past} == before
    assert before[STARTED - DAY] == NEITHER
    assert before[JUDGED] == before[RESOLVED - DAY] == UNSUITABLE
    assert status_on(child, today) == NEITHER  # returned to school today


def test_an_ordinary_cme_case_counts_from_its_start_until_the_day_before_its_end(officer, today):
    start, end = date(2026, 10, 1), date(2026, 11, 1)
    episode = CMEEpisodeFactory(
        start_date=start, primary_reason="moved_in_from_another_country", status="enquiries"
    )
    episode_close(
        by=officer,
        episode=episode,
        on=end,
        closure_reason="on_roll_in_area",
        today=today,
        channel="web",
    )
    child = episode.child_id
    cme = {"ehe": False, "cme": "moved_in_from_another_country"}
    assert status_on(child, start - DAY) == NEITHER
    assert status_on(child, start) == cme
    assert status_on(child, end - DAY) == cme
    assert status_on(child, end) == NEITHER


def test_an_open_cme_case_counts_today_with_its_reason(officer, today):
    child = ChildFactory()
    episode_open(
        by=officer,
        child=child,
        kind="cme",
        start_date=today,
        source="public",
        primary_reason="parental_decision_not_to_register",
        today=today,
        channel="web",
    )
    assert status_on(child.pk, today) == {
        "ehe": False,
        "cme": "parental_decision_not_to_register",
    }
    assert status_on(child.pk, today - DAY) == NEITHER


def test_a_child_returned_to_school_on_census_day_does_not_count_that_day(officer, today):
    census = date(2026, 10, 1)
    episode = EHEEpisodeFactory(status="returning_to_school", start_date=STARTED)
    episode_close(
        by=officer,
        episode=episode,
        on=census,
        closure_reason="returned_to_school",
        today=today,
        channel="web",
    )
    assert status_on(episode.child_id, census - DAY) == EHE
    assert status_on(episode.child_id, census) == NEITHER


def test_a_child_deregistered_on_census_day_counts_that_day(officer, today):
    census = date(2026, 10, 1)
    child = ChildFactory()
    episode_open(
        by=officer,
        child=child,
        kind="ehe",
        start_date=census,
        source="school_deletion_return",
        today=today,
        channel="web",
    )
    assert status_on(child.pk, census - DAY) == NEITHER
    assert status_on(child.pk, census) == EHE
