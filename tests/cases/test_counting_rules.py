"""Counting rules the DfE return stands on (DOMAIN §5.2 "Dates of a status", §8), as dated
scenarios through the services and ``status_on``."""

from datetime import date, timedelta

import pytest

from cases.models import EpisodeEvent, InformationRequest
from cases.selectors import status_on
from cases.services import (
    ServiceError,
    episode_close,
    episode_transition,
    episodes_close_ceased_csa,
    formal_step_record,
    judgement_record,
)
from tests.cases.factories import ChildFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
TODAY = date(2027, 9, 30)
EHE = {"ehe": True, "cme": None}
UNSUITABLE = {"ehe": False, "cme": "unsuitable_ehe"}
NEITHER = {"ehe": False, "cme": None}


def judged_unsuitable(officer, *, on: date, child=None):
    """An EHE case taken to the panel on ``on``: the child counts as CME from that day."""
    episode = EHEEpisodeFactory(
        status="information_requested",
        start_date=date(2026, 9, 7),
        **({"child": child} if child else {}),
    )
    InformationRequest.objects.create(
        episode=episode,
        requested_on=on - 40 * DAY,
        what_would_help="A term's plan",
        reply_by=on - 12 * DAY,
        requested_by=officer,
    )
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=on,
        outcome="does_not_appear_suitable",
        reasons="No evidence of a suitable education",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    return episode


def notice_served(manager, episode, on: date):
    formal_step_record(
        by=manager, episode=episode, kind="s437_notice", on=on, today=TODAY, channel="web"
    )
    episode.refresh_from_db()
    return episode


def test_waiting_for_a_school_place_still_counts_as_missing_education(officer, manager):
    judged = date(2027, 1, 11)
    episode = notice_served(manager, judged_unsuitable(officer, on=judged), date(2027, 1, 18))
    applied = date(2027, 2, 1)
    episode_transition(
        by=officer,
        episode=episode,
        to="returning_to_school",
        on=applied,
        reason="Parent applied for a place",
        today=TODAY,
        channel="web",
    )
    on_roll = date(2027, 3, 15)
    child = episode.child_id
    assert status_on(child, judged - DAY) == EHE
    assert status_on(child, judged) == UNSUITABLE
    # DOMAIN §5.2: CME includes children awaiting a place.
    assert status_on(child, applied) == UNSUITABLE
    assert status_on(child, on_roll - DAY) == UNSUITABLE
    episode_close(
        by=officer,
        episode=episode,
        on=on_roll,
        closure_reason="returned_to_school",
        today=TODAY,
        channel="web",
    )
    assert status_on(child, on_roll - DAY) == UNSUITABLE
    assert status_on(child, on_roll) == NEITHER  # on roll: no longer missing education
    assert episode.unsuitable_periods.get().valid_to == on_roll


def test_found_suitable_while_waiting_for_a_place_ends_the_missing_education(officer, manager):
    judged = date(2027, 1, 11)
    episode = notice_served(manager, judged_unsuitable(officer, on=judged), date(2027, 1, 18))
    episode_transition(
        by=officer,
        episode=episode,
        to="returning_to_school",
        on=date(2027, 2, 1),
        reason="Parent applied for a place",
        today=TODAY,
        channel="web",
    )
    episode_transition(
        by=officer,
        episode=episode,
        to="informal_enquiry",
        on=date(2027, 3, 1),
        reason="The family turned the place down and will carry on home educating",
        today=TODAY,
        channel="web",
    )
    # Going back to informal enquiries resolves nothing by itself.
    assert status_on(episode.child_id, date(2027, 3, 2)) == UNSUITABLE
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2027, 4, 6),
        outcome="appears_suitable",
        reasons="A full-time education suited to the child, seen on a visit",
        today=TODAY,
        channel="web",
    )
    assert status_on(episode.child_id, date(2027, 4, 5)) == UNSUITABLE
    assert status_on(episode.child_id, date(2027, 4, 6)) == EHE


def test_a_stalled_return_to_school_moves_back_only_with_its_reason(officer):
    episode = EHEEpisodeFactory(status="returning_to_school", start_date=date(2026, 9, 7))
    with pytest.raises(ServiceError) as error:
        episode_transition(
            by=officer,
            episode=episode,
            to="informal_enquiry",
            on=date(2027, 1, 4),
            reason=" ",
            today=TODAY,
            channel="web",
        )
    assert set(error.value.errors) == {"reason"}
    episode_transition(
        by=officer,
        episode=episode,
        to="informal_enquiry",
        on=date(2027, 1, 4),
        reason="No place came up; the family will home educate meanwhile",
        today=TODAY,
        channel="web",
    )
    move = EpisodeEvent.objects.get(episode=episode, action="status_changed")
    assert (move.from_status, move.to_status, move.reason) == (
        "returning_to_school",
        "informal_enquiry",
        "No place came up; the family will home educate meanwhile",
    )


def test_a_stalled_return_to_school_can_close_as_missing_education(officer):
    episode = EHEEpisodeFactory(status="returning_to_school", start_date=date(2026, 9, 7))
    closed = episode_close(
        by=officer,
        episode=episode,
        on=date(2027, 1, 4),
        closure_reason="became_cme",
        notes="Family no longer home educating and has not taken up the place",
        today=TODAY,
        channel="web",
    )
    assert (closed.status, closed.closure_reason, closed.end_date) == (
        "closed",
        "became_cme",
        date(2027, 1, 4),
    )


def test_the_last_day_of_compulsory_school_age_counts_and_the_case_ends_the_day_after(officer):
    # Born 1 March 2011: compulsory school age ends on Friday 25 June 2027 (the last Friday
    # of June of the school year in which the child turns 16).
    child = ChildFactory(date_of_birth=date(2011, 3, 1))
    episode = EHEEpisodeFactory(child=child, status="suitable", start_date=date(2026, 9, 7))
    last_day = date(2027, 6, 25)
    assert episodes_close_ceased_csa(today=last_day) == 0
    assert episodes_close_ceased_csa(today=last_day + DAY) == 1
    episode.refresh_from_db()
    assert (episode.closure_reason, episode.end_date) == ("ceased_csa", last_day + DAY)
    assert status_on(child.pk, last_day) == EHE
    assert status_on(child.pk, last_day + DAY) == NEITHER


def test_an_officer_cannot_close_a_case_as_ceased_csa_before_the_age_ends(officer):
    child = ChildFactory(date_of_birth=date(2011, 3, 1))
    episode = EHEEpisodeFactory(child=child, status="suitable", start_date=date(2026, 9, 7))
    with pytest.raises(ServiceError) as error:
        episode_close(
            by=officer,
            episode=episode,
            on=date(2027, 6, 25),
            closure_reason="ceased_csa",
            today=TODAY,
            channel="web",
        )
    assert "until 25 June 2027" in error.value.errors["on"]
    episode.refresh_from_db()
    assert episode.status == "suitable"
