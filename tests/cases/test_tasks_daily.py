"""The daily job: one failing return or case is logged by its id and tried again next time,
while everything else is still done."""

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases.models import DeletionReturn, Episode
from cases.services import daily as daily_service
from cases.services import due as due_service
from cases.tasks import daily_casework
from tests.cases.factories import ChildFactory, EHEEpisodeFactory, SchoolFactory
from tests.cases.returns_helpers import submit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
MORNING = datetime(2026, 11, 20, 6, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(time_machine, monkeypatch):
    """Two school returns whose jobs were lost, two cases of children past compulsory school
    age, and two cases whose due dates need working out."""
    time_machine.move_to(MORNING - timedelta(hours=1))
    # Their routing jobs were lost (the broker was down).
    returns = [
        submit(
            SchoolFactory(),
            pupil_first_name=name,
            pupil_last_name="Sample",
            enqueue_routing=lambda pk: None,
        ).deletion_return
        for name in ("Ariadne", "Bartholomew")
    ]
    old = [
        EHEEpisodeFactory(
            status="suitable", start_date=date(2023, 9, 4), child=ChildFactory(date_of_birth=dob)
        )
        for dob in (date(2008, 5, 1), date(2008, 6, 1))
    ]
    fresh = [EHEEpisodeFactory(status="panel", start_date=date(2026, 11, 2)) for _ in range(2)]
    time_machine.move_to(MORNING)
    return {"returns": returns, "old": old, "fresh": fresh}


def fail_for(monkeypatch, module, name, bad_id, id_of):
    real = getattr(module, name)

    def flaky(*args, **kwargs):
        if id_of(*args, **kwargs) == bad_id:
            raise RuntimeError("Broken record for Ariadne Sample")  # personal data, never logged
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)


def test_one_failing_item_of_each_kind_leaves_the_rest_done(world, monkeypatch, caplog):
    bad_return, good_return = world["returns"]
    bad_close, good_close = world["old"]
    bad_due, good_due = world["fresh"]
    fail_for(
        monkeypatch,
        daily_service,
        "deletion_return_process",
        bad_return.pk,
        lambda **kw: kw["deletion_return"].pk,
    )
    fail_for(
        monkeypatch,
        daily_service,
        "episode_close_ceased_csa",
        bad_close.pk,
        lambda **kw: kw["episode"].pk,
    )
    real_facts = due_service._ehe_facts

    def flaky_facts(episode, today, explicit):
        if episode.pk == bad_due.pk:
            raise RuntimeError("Broken record for Ariadne Sample")
        return real_facts(episode, today, explicit)

    monkeypatch.setattr(due_service, "_ehe_facts", flaky_facts)

    with caplog.at_level(logging.ERROR, logger="cases.services.daily"):
        result = daily_casework.delay().get()

    assert result["returns_routed"] == 1 and result["closed"] == 1 and result["failed"] == 3
    assert DeletionReturn.objects.get(pk=bad_return.pk).status == "received"
    assert DeletionReturn.objects.get(pk=good_return.pk).outcome == "ehe_opened"
    assert Episode.objects.get(pk=bad_close.pk).status == "suitable"
    assert Episode.objects.get(pk=good_close.pk).status == "closed"
    assert Episode.objects.get(pk=bad_due.pk).next_due_on is None
    assert Episode.objects.get(pk=good_due.pk).next_due_kind == "panel_decision"

    logged = [record.getMessage() for record in caplog.records]
    assert len(logged) == 3
    assert f"school return {bad_return.pk} failed (RuntimeError)" in logged[0]
    assert f"case {bad_close.pk} failed (RuntimeError)" in logged[1]
    assert f"case {bad_due.pk} failed (RuntimeError)" in logged[2]
    assert not any("Ariadne" in message or "Sample" in message for message in logged)

    # Mended by the next day: the next run does what was left.
    monkeypatch.undo()
    again = daily_casework.delay().get()
    assert (again["returns_routed"], again["closed"], again["failed"]) == (1, 1, 0)
    assert DeletionReturn.objects.get(pk=bad_return.pk).outcome == "ehe_opened"
    assert Episode.objects.get(pk=bad_close.pk).status == "closed"
    assert Episode.objects.get(pk=bad_due.pk).next_due_kind == "panel_decision"


def test_a_failing_item_leaves_nothing_half_written(world, monkeypatch):
    bad = world["old"][0]
    real = daily_service.episode_close_ceased_csa

    def close_then_fail(**kwargs):
        real(**kwargs)
        if kwargs["episode"].pk == bad.pk:
            raise RuntimeError("after the write")

    monkeypatch.setattr(daily_service, "episode_close_ceased_csa", close_then_fail)
    result = daily_casework.delay().get()
    assert result["failed"] == 1
    bad.refresh_from_db()
    assert (bad.status, bad.end_date) == ("suitable", None)  # its savepoint rolled back
    assert not bad.events.filter(to_status="closed").exists()


def test_a_service_write_still_raises_when_its_due_dates_cannot_be_worked_out(officer, monkeypatch):
    from cases.services import post16_advice_record

    episode = EHEEpisodeFactory(status="suitable", start_date=date(2026, 9, 1))

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(due_service, "_ehe_facts", broken)
    with pytest.raises(RuntimeError):
        post16_advice_record(by=officer, episode=episode, on=TODAY, today=TODAY, channel="web")
