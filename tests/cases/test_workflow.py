"""Every allowed move works and every other is refused, for each kind of case."""

from datetime import date, timedelta

import pytest

from cases.models import Episode, EpisodeEvent
from cases.services import (
    ServiceError,
    StaleEdit,
    TransitionRefused,
    episode_close,
    episode_transition,
)
from policy.workflow import ADMINISTRATIVE_CLOSURE_REASONS, TRANSITIONS, EpisodeKind
from tests.cases.conftest import TODAY
from tests.cases.factories import CMEEpisodeFactory, EHEEpisodeFactory, InvolvementFactory
from tests.cases.guard_helpers import ready_for

pytestmark = pytest.mark.django_db

FACTORIES = {
    EpisodeKind.EHE: EHEEpisodeFactory,
    EpisodeKind.CME: CMEEpisodeFactory,
    EpisodeKind.INVOLVEMENT: InvolvementFactory,
}
CLOSURE_FOR = {
    EpisodeKind.EHE: "returned_to_school",
    EpisodeKind.CME: "on_roll_in_area",
    EpisodeKind.INVOLVEMENT: "remained_in_school",
}


def every_pair():
    for kind, table in TRANSITIONS.items():
        for current in table:
            for target in table:
                if current != target:
                    yield kind, current, target, target in table[current]


def make(kind, status):
    extra = {"end_date": date(2026, 10, 1), "closure_reason": "other"} if status == "closed" else {}
    return FACTORIES[kind](status=status, **extra)


@pytest.mark.parametrize(
    ("kind", "current", "target", "allowed"),
    list(every_pair()),
    ids=lambda v: str(v),
)
def test_transition_table(officer, kind, current, target, allowed):
    episode = make(kind, current)
    kwargs = {"closure_reason": CLOSURE_FOR[kind]} if target == "closed" else {}
    if allowed:
        ready_for(episode, target, by=officer, on=TODAY)
        moved = episode_transition(
            by=officer,
            episode=episode,
            to=target,
            on=TODAY,
            reason="test",
            today=TODAY,
            channel="web",
            **kwargs,
        )
        assert moved.status == target
        event = EpisodeEvent.objects.get(episode=episode, action="status_changed")
        assert (event.from_status, event.to_status, event.by) == (current, target, officer)
    else:
        with pytest.raises(TransitionRefused) as refused:
            episode_transition(
                by=officer,
                episode=episode,
                to=target,
                on=TODAY,
                today=TODAY,
                channel="web",
                **kwargs,
            )
        assert "cannot move" in str(refused.value) or "closed" in str(refused.value)
        episode.refresh_from_db()
        assert episode.status == current
        assert not EpisodeEvent.objects.filter(episode=episode).exists()


@pytest.mark.parametrize("status", ["new", "panel", "s437_notice", "sao_process"])
@pytest.mark.parametrize("reason", sorted(ADMINISTRATIVE_CLOSURE_REASONS))
def test_events_beyond_anyones_control_close_an_ehe_case_from_any_stage(officer, status, reason):
    episode = make(EpisodeKind.EHE, status)
    if reason == "ceased_csa":
        # Born March 2010: compulsory school age ended on Friday 26 June 2026.
        episode.child.date_of_birth = date(2010, 3, 1)
        episode.child.save()
    closed = episode_close(
        by=officer, episode=episode, on=TODAY, closure_reason=reason, today=TODAY, channel="web"
    )
    assert (closed.status, closed.closure_reason, closed.end_date) == ("closed", reason, TODAY)


def test_a_return_to_school_cannot_jump_the_panel_stage(officer):
    episode = make(EpisodeKind.EHE, "panel")
    with pytest.raises(TransitionRefused):
        episode_close(
            by=officer,
            episode=episode,
            on=TODAY,
            closure_reason="returned_to_school",
            today=TODAY,
            channel="web",
        )


def test_closing_needs_a_reason_from_the_right_list(officer):
    episode = make(EpisodeKind.EHE, "suitable")
    with pytest.raises(ServiceError) as error:
        episode_close(
            by=officer,
            episode=episode,
            on=TODAY,
            closure_reason="untraced",
            today=TODAY,
            channel="web",
        )
    assert "closure_reason" in error.value.errors
    with pytest.raises(ServiceError) as error:
        episode_close(
            by=officer,
            episode=episode,
            on=TODAY,
            closure_reason="other",
            today=TODAY,
            channel="web",
        )
    assert "closure_notes" in error.value.errors
    episode.refresh_from_db()
    assert episode.status == "suitable"


def test_a_stale_edit_is_refused_and_changes_nothing(officer):
    episode = make(EpisodeKind.EHE, "informal_enquiry")
    ready_for(episode, "suitable", by=officer, on=TODAY)
    loaded_version = episode.version
    episode_transition(
        by=officer,
        episode=episode,
        to="suitable",
        on=TODAY,
        today=TODAY,
        expected_version=loaded_version,
        channel="web",
    )
    with pytest.raises(StaleEdit):
        episode_transition(
            by=officer,
            episode=episode,
            to="information_requested",
            on=TODAY,
            today=TODAY,
            expected_version=loaded_version,
            channel="web",
        )
    episode.refresh_from_db()
    assert episode.status == "suitable"


def test_dates_in_the_future_or_before_the_start_are_refused(officer):
    episode = make(EpisodeKind.EHE, "informal_enquiry")
    for bad in (TODAY + timedelta(days=1), episode.start_date - timedelta(days=1)):
        with pytest.raises(ServiceError):
            episode_transition(
                by=officer, episode=episode, to="suitable", on=bad, today=TODAY, channel="web"
            )
    assert Episode.objects.get(pk=episode.pk).status == "informal_enquiry"
