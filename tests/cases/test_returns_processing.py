"""Each regulation 9(1) ground is routed as DOMAIN §5.4 says."""

from datetime import date

import pytest

from cases.models import (
    Alert,
    Child,
    ConsentRequest,
    DeletionReturn,
    Episode,
    FormalStep,
)
from cases.services import (
    ServiceError,
    consent_decide,
    deletion_return_match,
)
from tests.cases.conftest import TODAY
from tests.cases.factories import (
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
    SchoolFactory,
)
from tests.cases.returns_helpers import submit

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_ground_f_opens_an_ehe_case_with_the_schools_answers(time_machine):
    time_machine.move_to(TODAY)
    school = SchoolFactory()
    receipt = submit(
        school,
        school_suggested_ehe=True,
        meeting_held=True,
        parent_reason="Anxiety about secondary transfer",
    )
    r = DeletionReturn.objects.get(pk=receipt.deletion_return.pk)
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    episode = r.episode
    assert (episode.kind, episode.status, episode.start_date) == ("ehe", "new", date(2026, 11, 16))
    assert episode.previous_school == school
    assert episode.previous_school_type == school.school_type
    assert episode.school_suggested_ehe is True and episode.pre_ehe_meeting_held is True
    assert episode.next_due_kind == "acknowledgement"  # before the initial contact
    child = episode.child
    assert child.people.get().phone == "07700 900123"
    assert r.attachments.count() == 1


@pytest.mark.parametrize("ground", ["g", "h", "i"])
def test_unknown_destination_opens_a_cme_case(ground, time_machine):
    time_machine.move_to(TODAY)
    r = submit(SchoolFactory(), ground=ground).deletion_return
    r.refresh_from_db()
    assert r.outcome == "cme_opened"
    assert (r.episode.kind, r.episode.status, r.episode.start_date) == (
        "cme",
        "referred",
        date(2026, 11, 16),
    )


def test_known_destination_elsewhere_is_recorded_and_opens_nothing(time_machine):
    time_machine.move_to(TODAY)
    r = submit(
        SchoolFactory(),
        ground="a",
        destination_known=True,
        destination_school_name="Elsewhere Academy",
        destination_local_authority="Another council",
        destination_in_area=False,
    ).deletion_return
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("processed", "recorded")
    assert not Episode.objects.exists()
    assert not Child.objects.exists()


def test_death_closes_open_cases(time_machine):
    time_machine.move_to(TODAY)
    child = ChildFactory(
        legal_first_name="Robin", legal_last_name="Example", date_of_birth=date(2014, 5, 17)
    )
    episode = EHEEpisodeFactory(child=child, status="suitable", start_date=date(2025, 1, 6))
    r = submit(SchoolFactory(), ground="k").deletion_return
    r.refresh_from_db()
    episode.refresh_from_db()
    assert r.outcome == "episodes_closed"
    assert (episode.status, episode.closure_reason) == ("closed", "deceased")


def test_sao_in_force_is_flagged_back_and_nothing_else_changes(time_machine):
    time_machine.move_to(TODAY)
    child = ChildFactory(
        legal_first_name="Robin", legal_last_name="Example", date_of_birth=date(2014, 5, 17)
    )
    episode = EHEEpisodeFactory(child=child, status="sao_process", start_date=date(2025, 1, 6))
    FormalStep.objects.create(episode=episode, kind="sao_served", occurred_on=date(2026, 3, 1))
    before = Episode.objects.count()
    r = submit(SchoolFactory(), ground="f", sao_in_force=False).deletion_return
    r.refresh_from_db()
    # Whatever the school ticked: our own records show the order.
    assert (r.status, r.outcome) == ("order_in_force", "sao_in_force")
    assert "revoked the order" in r.query_message
    assert r.messages.get().kind == "notice"
    assert Episode.objects.count() == before
    episode.refresh_from_db()
    assert episode.status == "sao_process"


def test_special_school_placement_needs_consent_then_opens_ehe(make_user, time_machine):
    from ehe.roles import Role

    time_machine.move_to(TODAY)
    school = SchoolFactory(is_special=True, school_type="special")
    r = submit(school, placed_by_council=True).deletion_return
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("received", "consent_required")
    assert not Episode.objects.exists()
    consent = ConsentRequest.objects.get()
    manager = make_user(Role.MANAGER)
    with pytest.raises(ServiceError) as error:
        consent_decide(
            by=manager,
            consent=consent,
            decision="granted",
            reasons="",
            arranged_by="this_council",
            today=TODAY,
            channel="web",
        )
    assert "reasons" in error.value.errors
    consent_decide(
        by=manager,
        consent=consent,
        decision="granted",
        reasons="Parent's plan meets the EHCP outcomes",
        arranged_by="this_council",
        today=TODAY,
        channel="web",
    )
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("processed", "ehe_opened")


def test_refused_consent_goes_back_to_the_school_with_reasons(make_user, time_machine):
    from ehe.roles import Role

    time_machine.move_to(TODAY)
    school = SchoolFactory(is_special=True, school_type="special")
    r = submit(school, placed_by_council=True).deletion_return
    consent_decide(
        by=make_user(Role.MANAGER),
        consent=ConsentRequest.objects.get(),
        decision="refused",
        reasons="Provision in the EHCP cannot be met at home",
        arranged_by="this_council",
        today=TODAY,
        channel="web",
    )
    r.refresh_from_db()
    # A decision, read as one: its reasons, and that it can go to the Secretary of State.
    assert (r.status, r.outcome) == ("consent_refused", "consent_refused")
    assert "cannot be met at home" in r.query_message
    assert "Secretary of State" in r.query_message
    assert r.messages.get().kind == "decision"
    assert not Episode.objects.exists()


def test_ehcp_pupil_at_a_mainstream_school_needs_no_consent(time_machine):
    time_machine.move_to(TODAY)
    r = submit(SchoolFactory(), sen_status="ehcp", placed_by_council=True).deletion_return
    r.refresh_from_db()
    assert r.outcome == "ehe_opened"
    assert not ConsentRequest.objects.exists()


def test_ambiguous_match_waits_for_a_person(make_user, time_machine):
    from ehe.roles import Role

    time_machine.move_to(TODAY)
    for _ in range(2):
        ChildFactory(
            legal_first_name="Robin", legal_last_name="Example", date_of_birth=date(2014, 5, 17)
        )
    r = submit(SchoolFactory()).deletion_return
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("received", "awaiting_match")
    assert not Episode.objects.exists()
    chosen = Child.objects.first()
    deletion_return_match(
        by=make_user(Role.OFFICER), deletion_return=r, child=chosen, today=TODAY, channel="web"
    )
    r.refresh_from_db()
    assert r.outcome == "ehe_opened" and r.episode.child == chosen


def test_bad_return_saves_nothing_and_names_each_field():
    with pytest.raises(ServiceError) as error:
        submit(
            SchoolFactory(),
            upn="A12345678901Z",
            parents=[],
            ground="z",
            deletion_date=date(2027, 1, 1),
            attachments=[],
        )
    assert {"upn", "parents", "ground", "deletion_date"} <= set(error.value.errors)
    assert not DeletionReturn.objects.exists()


def test_same_idempotency_key_returns_the_original_receipt(time_machine):
    time_machine.move_to(TODAY)
    from cases.services import deletion_return_submit
    from tests.cases.returns_helpers import notice_file, return_data

    school = SchoolFactory()
    queued = []
    first = deletion_return_submit(
        by=None,
        school=school,
        kind="deletion",
        data=return_data(),
        attachments=[notice_file()],
        idempotency_key="abc-1",
        channel="api",
        today=TODAY,
        enqueue_routing=queued.append,
    )
    again = deletion_return_submit(
        by=None,
        school=school,
        kind="deletion",
        data=return_data(),
        attachments=[notice_file()],
        idempotency_key="abc-1",
        channel="api",
        today=TODAY,
        enqueue_routing=queued.append,
    )
    assert first.created and not again.created
    assert again.deletion_return.reference == first.deletion_return.reference
    assert DeletionReturn.objects.count() == 1
    # Routing was queued once, after the first commit, with the return's id.
    assert queued == [first.deletion_return.pk]


def test_considering_ehe_opens_an_involvement(time_machine):
    time_machine.move_to(TODAY)
    r = submit(SchoolFactory(), kind="considering_ehe").deletion_return
    r.refresh_from_db()
    assert r.outcome == "involvement_opened"
    assert (r.episode.kind, r.episode.status) == ("involvement", "open")


def test_safeguarding_flag_alerts_a_manager(time_machine):
    time_machine.move_to(TODAY)
    submit(SchoolFactory(), safeguarding_file=True)
    assert Alert.objects.filter(kind="safeguarding").count() == 1


def test_attendance_that_is_not_a_number_and_overlong_fields_are_refused():
    with pytest.raises(ServiceError) as error:
        submit(SchoolFactory(), attendance_percent="most days", postcode="ZZ1 1ZZ" * 3)
    assert error.value.errors["attendance_percent"].startswith("Attendance must be a number")
    assert error.value.errors["postcode"] == "This must be 10 characters or fewer"
    assert not DeletionReturn.objects.exists()


def test_a_return_whose_job_was_lost_is_routed_by_the_daily_sweep(time_machine):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from cases.services import deletion_returns_sweep

    time_machine.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Europe/London")))
    # The broker is down: the job queued on commit never runs.
    r = submit(SchoolFactory(), enqueue_routing=lambda pk: None).deletion_return
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("received", "")
    assert (
        deletion_returns_sweep(today=TODAY, by=None, channel="system") == 0
    )  # too fresh: its job may still run
    time_machine.move_to(
        datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Europe/London")) + timedelta(minutes=11)
    )
    assert deletion_returns_sweep(today=TODAY, by=None, channel="system") == 1
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    assert deletion_returns_sweep(today=TODAY, by=None, channel="system") == 0


@pytest.mark.parametrize(
    ("kind", "status", "closure"),
    [("involvement", "open", "became_ehe"), ("cme", "enquiries", "ehe")],
)
def test_removal_for_home_education_ends_the_case_that_led_to_it(
    kind, status, closure, time_machine
):
    """A family considering home education, or a child followed as missing education, whose
    school then removes the pupil for home education: that case closes on the deletion date
    and the home education case opens from it, linked (DOMAIN §5.1, §5.3)."""
    time_machine.move_to(TODAY)
    child = ChildFactory(
        legal_first_name="Robin", legal_last_name="Example", date_of_birth=date(2014, 5, 17)
    )
    factory = {"involvement": InvolvementFactory, "cme": CMEEpisodeFactory}[kind]
    earlier = factory(child=child, status=status, start_date=date(2026, 10, 5))
    r = submit(SchoolFactory()).deletion_return
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    earlier.refresh_from_db()
    assert (earlier.status, earlier.closure_reason, earlier.end_date) == (
        "closed",
        closure,
        date(2026, 11, 16),
    )
    ehe = r.episode
    assert (ehe.kind, ehe.start_date, ehe.linked_from) == ("ehe", date(2026, 11, 16), earlier)
    assert ehe.source == "school_deletion_return"
    assert child.episodes.exclude(status="closed").get() == ehe
