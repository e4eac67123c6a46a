from datetime import date, timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from cases.models import Episode, EpisodeEvent
from cases.services import (
    ServiceError,
    TransitionRefused,
    episode_allocate,
    episodes_close_ceased_csa,
    involvement_conclude,
    post16_advice_record,
    refresh_due_dates,
)
from cases.tasks import daily_casework, route_waiting_returns
from ehe.roles import Role
from tests.cases.conftest import TODAY
from tests.cases.factories import (
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
)

pytestmark = pytest.mark.django_db


def test_cases_close_automatically_once_a_child_leaves_compulsory_school_age():
    # Born 23 Sep 2007: compulsory school age ended on Friday 28 June 2024 (DOMAIN §3).
    leaver = ChildFactory(date_of_birth=date(2007, 9, 23))
    ehe = EHEEpisodeFactory(child=leaver, status="suitable", start_date=date(2022, 1, 10))
    cme = CMEEpisodeFactory(child=leaver, status="enquiries", start_date=date(2023, 3, 1))
    stays = EHEEpisodeFactory(status="suitable", start_date=date(2022, 1, 10))
    assert episodes_close_ceased_csa(today=date(2024, 6, 28)) == 0
    assert episodes_close_ceased_csa(today=date(2024, 6, 29)) == 2
    for episode in (ehe, cme):
        episode.refresh_from_db()
        # s8(3): the age ends at the end of its last day, so the case's end date (its first
        # day out of the status) is the day after; the child still counts on 28 June.
        assert (episode.status, episode.closure_reason, episode.end_date) == (
            "closed",
            "ceased_csa",
            date(2024, 6, 29),
        )
        assert EpisodeEvent.objects.get(episode=episode, to_status="closed").by is None
    stays.refresh_from_db()
    assert stays.status == "suitable"


def test_year_11_child_has_a_post16_advice_task_before_leaving(officer):
    # Born 1 Dec 2010: Year 11 in 2026/27, leaves on Friday 25 June 2027.
    child = ChildFactory(date_of_birth=date(2010, 12, 1))
    episode = EHEEpisodeFactory(child=child, status="suitable", start_date=date(2026, 9, 1))
    refresh_due_dates(today=TODAY)
    episode.refresh_from_db()
    # 150 days before 25 June 2027.
    assert (episode.next_due_kind, episode.next_due_on) == ("post16_advice", date(2027, 1, 26))
    post16_advice_record(by=officer, episode=episode, on=TODAY, today=TODAY, channel="web")
    episode.refresh_from_db()
    assert episode.next_due_kind == "csa_end"
    assert episode.next_due_on == date(2027, 6, 25)


def test_daily_job_runs_through_celery_and_changes_nothing_the_second_time(time_machine):
    time_machine.move_to(date(2026, 11, 20))
    EHEEpisodeFactory(status="new", start_date=date(2026, 11, 2))
    first = daily_casework.delay().get()
    second = daily_casework.delay().get()
    assert first == {"returns_routed": 0, "closed": 0, "refreshed": 1, "failed": 0}
    assert second == {"returns_routed": 0, "closed": 0, "refreshed": 0, "failed": 0}


def test_involvement_that_became_ehe_opens_a_linked_ehe_case(officer):
    involvement = InvolvementFactory(start_date=date(2026, 10, 1))
    ehe = involvement_conclude(
        by=officer,
        episode=involvement,
        outcome="became_ehe",
        on=date(2026, 11, 2),
        today=TODAY,
        channel="web",
    )
    involvement.refresh_from_db()
    assert involvement.status == "closed" and involvement.closure_reason == "became_ehe"
    assert (ehe.kind, ehe.status, ehe.linked_from, ehe.start_date) == (
        "ehe",
        "new",
        involvement,
        date(2026, 11, 2),
    )


def test_involvement_kept_in_school_opens_nothing(officer):
    involvement = InvolvementFactory(start_date=date(2026, 10, 1))
    assert (
        involvement_conclude(
            by=officer,
            episode=involvement,
            outcome="remained_in_school",
            on=date(2026, 11, 2),
            today=TODAY,
            channel="web",
        )
        is None
    )
    assert Episode.objects.filter(kind="ehe").count() == 0


def test_only_officers_and_managers_take_cases(manager, make_user):
    episode = EHEEpisodeFactory()
    analyst = make_user(Role.ANALYST)
    with pytest.raises(ServiceError):
        episode_allocate(by=manager, episode=episode, officer=analyst, today=TODAY, channel="web")
    officer = make_user(Role.OFFICER)
    episode_allocate(by=manager, episode=episode, officer=officer, today=TODAY, channel="web")
    episode.refresh_from_db()
    assert episode.allocated_officer == officer
    assert EpisodeEvent.objects.filter(episode=episode, action="allocated").count() == 1


def test_closed_cases_cannot_be_allocated(manager, officer):
    episode = EHEEpisodeFactory(status="closed", end_date=date(2026, 10, 1), closure_reason="other")
    with pytest.raises(TransitionRefused):
        episode_allocate(by=manager, episode=episode, officer=officer, today=TODAY, channel="web")


def test_episode_events_are_append_only(officer):
    episode = EHEEpisodeFactory()
    post16_advice_record(by=officer, episode=episode, on=TODAY, today=TODAY, channel="web")
    event = EpisodeEvent.objects.get(episode=episode)
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_the_sweep_is_scheduled_every_quarter_hour():
    # The schedule comes from a migration (cases 0007).
    task = PeriodicTask.objects.get(task="cases.route_waiting_returns")
    assert (task.interval.every, task.interval.period, task.enabled) == (15, "minutes", True)
    assert route_waiting_returns.delay().get() == 0


def test_every_audit_entry_names_a_known_channel(officer):
    from cases.services import audit_change

    child = ChildFactory()
    with pytest.raises(ValueError, match="Unknown audit channel"):
        audit_change(by=officer, action="update", obj=child, child_id=child.pk, channel="click")
    audit_change(by=officer, action="update", obj=child, child_id=child.pk, channel="import")


def test_opening_a_case_reports_every_problem_at_once(officer):
    from cases.services import ServiceError, episode_open

    child = ChildFactory()
    with pytest.raises(ServiceError) as error:
        episode_open(
            by=officer,
            child=child,
            kind="ehe",
            start_date=TODAY + timedelta(days=1),
            source="a guess",
            primary_reason="not a reason",
            previous_school_type="castle",
            today=TODAY,
            channel="web",
        )
    assert set(error.value.errors) == {
        "source",
        "start_date",
        "primary_reason",
        "previous_school_type",
    }
    assert not child.episodes.exists()
