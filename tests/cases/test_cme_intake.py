"""Registering a CME referral (cme_referral_register) and correcting a case's DfE reason
(episode_reason_update): known and new children, all or nothing, the social-care alert."""

from datetime import date

import pytest

from cases.models import (
    Alert,
    AuditEntry,
    Child,
    ChildAddress,
    ChildCSCStatus,
    Episode,
    EpisodeEvent,
    SafeguardingConcern,
)
from cases.services import (
    ServiceError,
    StaleEdit,
    TransitionRefused,
    cme_intake,
    safeguarding_concern_raise,
)
from cases.services.cme_intake import cme_referral_register, episode_reason_update
from tests.cases.factories import (
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
)

pytestmark = pytest.mark.django_db

START = date(2026, 11, 2)


def new_child(**overrides) -> dict:
    child = {
        "legal_first_name": "Ash",
        "legal_middle_names": "",
        "legal_last_name": "Invented",
        "preferred_name": "",
        "date_of_birth": date(2015, 3, 4),
        "sex": "M",
        "upn": "",
        "csc_status": "none",
        "address": {
            "line_1": "4 Made Up Row",
            "line_2": "",
            "town": "Northbrook",
            "postcode": "zz9 9zz",
            "in_area": True,
        },
    }
    child.update(overrides)
    return child


def referral(**overrides) -> dict:
    fields = {
        "source": "school",
        "referred_by": "Head of year, Ashgrove Primary, 01234 000000",
        "start_date": START,
        "primary_reason": "moved_in_from_another_la",
        "notes": "Family seen moving into the area",
        "safeguarding_concern": False,
        "safeguarding_details": "",
    }
    fields.update(overrides)
    return fields


def snapshot() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Child,
            ChildAddress,
            ChildCSCStatus,
            Episode,
            EpisodeEvent,
            SafeguardingConcern,
            Alert,
            AuditEntry,
        )
    }


def test_a_referral_about_a_known_child_opens_a_cme_case(officer, today):
    child = ChildFactory(date_of_birth=date(2014, 5, 17))
    result = cme_referral_register(
        by=officer, child=child, today=today, **referral(), channel="web"
    )
    episode = result.episode
    assert result.child == child and not result.child_created
    assert (episode.kind, episode.status, episode.start_date) == ("cme", "referred", START)
    assert episode.primary_reason == "moved_in_from_another_la"
    assert episode.source == "school"
    assert episode.source_detail == "Head of year, Ashgrove Primary, 01234 000000"
    assert episode.reason_notes == "Family seen moving into the area"
    assert not result.refer_to_social_care
    assert not Alert.objects.exists()
    assert AuditEntry.objects.filter(object_type="cases.episode", action="create").count() == 1


def test_a_referral_about_a_new_child_creates_the_child_with_address_and_status(officer, today):
    result = cme_referral_register(
        by=officer, new_child=new_child(csc_status="cin"), today=today, **referral(), channel="web"
    )
    child = result.child
    assert result.child_created
    assert (child.legal_first_name, child.legal_last_name, child.sex) == ("Ash", "Invented", "M")
    address = ChildAddress.objects.get(child=child)
    assert (address.line_1, address.postcode, address.valid_from) == (
        "4 Made Up Row",
        "ZZ9 9ZZ",
        START,
    )
    assert ChildCSCStatus.objects.get(child=child).status == "cin"
    assert result.episode.child == child
    # A child in need is not one of the CME alert's statuses (DOMAIN §5.3: CPP, CLA, concern).
    assert not result.refer_to_social_care


@pytest.mark.parametrize("status", ["cpp", "cla"])
def test_a_new_child_on_a_plan_or_looked_after_alerts_a_manager(officer, today, status):
    result = cme_referral_register(
        by=officer, new_child=new_child(csc_status=status), today=today, **referral(), channel="web"
    )
    assert result.refer_to_social_care
    alert = Alert.objects.get(kind="cme_social_care")
    assert (alert.child, alert.episode) == (result.child, result.episode)


def test_a_concern_entered_on_the_referral_is_saved_before_the_case_so_the_alert_fires(
    officer, today
):
    result = cme_referral_register(
        by=officer,
        new_child=new_child(),
        today=today,
        **referral(safeguarding_concern=True, safeguarding_details="Neighbour heard shouting"),
        channel="web",
    )
    concern = SafeguardingConcern.objects.get(child=result.child)
    assert concern.details == "Neighbour heard shouting"
    assert concern.raised_on == today
    assert result.refer_to_social_care
    assert Alert.objects.filter(kind="cme_social_care", episode=result.episode).exists()
    assert concern.created_at <= result.episode.created_at


def test_a_known_child_with_an_earlier_concern_alerts_a_manager(officer, today):
    child = ChildFactory()
    safeguarding_concern_raise(
        by=officer,
        child=child,
        raised_on=date(2026, 1, 5),
        details="Earlier",
        today=today,
        channel="web",
    )
    result = cme_referral_register(
        by=officer, child=child, today=today, **referral(), channel="web"
    )
    assert result.refer_to_social_care


def test_a_failure_in_the_last_step_saves_nothing(officer, today, monkeypatch):
    def refuse(**kwargs):
        raise ServiceError({"start_date": "Refused by the last step"})

    monkeypatch.setattr(cme_intake, "episode_open", refuse)
    before = snapshot()
    with pytest.raises(ServiceError) as raised:
        cme_referral_register(
            by=officer,
            new_child=new_child(csc_status="cpp"),
            today=today,
            **referral(safeguarding_concern=True, safeguarding_details="Worried"),
            channel="web",
        )
    assert raised.value.errors == {"start_date": "Refused by the last step"}
    assert snapshot() == before


def test_a_known_child_with_an_open_cme_case_is_refused_and_the_concern_is_not_kept(officer, today):
    existing = CMEEpisodeFactory()
    before = snapshot()
    with pytest.raises(ServiceError) as raised:
        cme_referral_register(
            by=officer,
            child=existing.child,
            today=today,
            **referral(safeguarding_concern=True, safeguarding_details="Worried"),
            channel="web",
        )
    assert "already has an open missing education case" in raised.value.errors[""]
    assert snapshot() == before


def test_every_problem_with_the_referral_is_reported_at_once_and_nothing_saved(officer, today):
    before = snapshot()
    with pytest.raises(ServiceError) as raised:
        cme_referral_register(
            by=officer,
            new_child=new_child(address={"line_1": " ", "postcode": ""}, csc_status="unknown"),
            today=today,
            **referral(
                source="imported",
                referred_by=" ",
                primary_reason="",
                start_date=date(2026, 12, 1),
                safeguarding_concern=True,
                safeguarding_details="",
            ),
            channel="web",
        )
    assert set(raised.value.errors) == {
        "line_1",
        "postcode",
        "csc_status",
        "source",
        "referred_by",
        "primary_reason",
        "start_date",
        "safeguarding_details",
    }
    assert snapshot() == before


def test_not_recorded_is_a_reason_that_can_be_chosen_but_a_missing_one_is_refused(officer, today):
    child = ChildFactory()
    with pytest.raises(ServiceError) as raised:
        cme_referral_register(
            by=officer, child=child, today=today, **referral(primary_reason=""), channel="web"
        )
    assert raised.value.errors == {
        "primary_reason": "Choose the DfE reason the child is missing education"
    }
    result = cme_referral_register(
        by=officer,
        child=child,
        today=today,
        **referral(primary_reason="not_recorded"),
        channel="web",
    )
    assert result.episode.primary_reason == "not_recorded"


@pytest.mark.parametrize(
    ("dob", "start"),
    [
        (date(2022, 1, 10), START),  # not yet of compulsory school age
        (date(2009, 8, 1), START),  # left at the end of June 2025
    ],
)
def test_the_case_must_start_while_the_child_is_of_compulsory_school_age(
    officer, today, dob, start
):
    with pytest.raises(ServiceError) as raised:
        cme_referral_register(
            by=officer,
            new_child=new_child(date_of_birth=dob),
            today=today,
            **referral(start_date=start),
            channel="web",
        )
    assert "not of compulsory school age" in raised.value.errors["start_date"]
    assert not Child.objects.exists()


def test_either_a_known_child_or_a_new_one_not_both(officer, today):
    with pytest.raises(ServiceError):
        cme_referral_register(
            by=officer,
            child=ChildFactory(),
            new_child=new_child(),
            today=today,
            **referral(),
            channel="web",
        )
    with pytest.raises(ServiceError):
        cme_referral_register(by=officer, today=today, **referral(), channel="web")
    assert not Episode.objects.exists()


# --- the DfE reason ------------------------------------------------------------------------


def test_the_cme_reason_can_be_corrected_with_an_event_and_audit(officer, today):
    episode = CMEEpisodeFactory()
    updated = episode_reason_update(
        by=officer,
        episode=episode,
        primary_reason="believed_moved_to_another_country",
        expected_version=episode.version,
        today=today,
        channel="web",
    )
    assert updated.primary_reason == "believed_moved_to_another_country"
    assert updated.version == episode.version + 1
    event = EpisodeEvent.objects.get(episode=episode, action="reason_changed")
    assert event.data == {"from": "not_recorded", "to": "believed_moved_to_another_country"}
    assert event.by == officer
    audit = AuditEntry.objects.get(object_type="cases.episode", action="update")
    assert audit.child_id == episode.child_id


def test_an_ehe_case_takes_an_ehe_reason_and_a_cme_case_a_cme_reason(officer, today):
    ehe = EHEEpisodeFactory()
    cme = CMEEpisodeFactory()
    with pytest.raises(ServiceError) as raised:
        episode_reason_update(
            by=officer,
            episode=ehe,
            primary_reason="unsuitable_ehe",
            expected_version=1,
            today=today,
            channel="web",
        )
    assert set(raised.value.errors) == {"primary_reason"}
    with pytest.raises(ServiceError):
        episode_reason_update(
            by=officer,
            episode=cme,
            primary_reason="lifestyle",
            expected_version=1,
            today=today,
            channel="web",
        )
    episode_reason_update(
        by=officer,
        episode=ehe,
        primary_reason="lifestyle",
        expected_version=1,
        today=today,
        channel="web",
    )
    ehe.refresh_from_db()
    cme.refresh_from_db()
    assert (ehe.primary_reason, cme.primary_reason) == ("lifestyle", "not_recorded")
    assert EpisodeEvent.objects.filter(action="reason_changed").count() == 1


def test_reason_changes_are_refused_on_stale_edits_closed_cases_and_involvements(officer, today):
    episode = CMEEpisodeFactory(version=3)
    with pytest.raises(StaleEdit):
        episode_reason_update(
            by=officer,
            episode=episode,
            primary_reason="unknown",
            expected_version=2,
            today=today,
            channel="web",
        )
    closed = CMEEpisodeFactory(
        status="closed", end_date=date(2026, 10, 1), closure_reason="on_roll_in_area"
    )
    with pytest.raises(TransitionRefused):
        episode_reason_update(
            by=officer,
            episode=closed,
            primary_reason="unknown",
            expected_version=1,
            today=today,
            channel="web",
        )
    with pytest.raises(TransitionRefused):
        episode_reason_update(
            by=officer,
            episode=InvolvementFactory(),
            primary_reason="unknown",
            expected_version=1,
            today=today,
            channel="web",
        )
    assert not EpisodeEvent.objects.filter(action="reason_changed").exists()
    episode.refresh_from_db()
    assert episode.primary_reason == "not_recorded"
