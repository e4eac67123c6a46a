"""The front door's rules through the service (brief items 1–4 and 7): ground (e), an order in
force on every ground, special schools whose placement answer is blank, consent that belongs
to another council, deletion dates ahead of time held until the day, and the school-age,
telephone and postcode checks."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.models import ConsentRequest, DeletionReturn, Episode, FormalStep
from cases.services import ServiceError, consent_decide, deletion_returns_sweep
from cases.services.frontdoor.state import return_move
from ehe.roles import Role
from policy.workflow import TransitionRefused
from tests.cases.conftest import TODAY
from tests.cases.factories import ChildFactory, EHEEpisodeFactory, SchoolFactory
from tests.cases.returns_helpers import submit

pytestmark = [pytest.mark.django_db(transaction=True)]

DOB = date(2014, 5, 17)
DELETED = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def frozen(time_machine):
    # The routing job reads today's date from the clock: Friday 20 November 2026.
    time_machine.move_to(
        datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )


def routed(receipt) -> DeletionReturn:
    return DeletionReturn.objects.get(pk=receipt.deletion_return.pk)


def known_child(**kwargs):
    return ChildFactory(
        legal_first_name="Robin", legal_last_name="Example", date_of_birth=DOB, **kwargs
    )


def under_an_order(child=None, *, revoked=False):
    """A child whose EHE case reached a served school attendance order."""
    child = child or known_child()
    episode = EHEEpisodeFactory(child=child, status="sao_process", start_date=date(2025, 1, 6))
    FormalStep.objects.create(episode=episode, kind="sao_served", occurred_on=date(2026, 3, 1))
    if revoked:
        FormalStep.objects.create(
            episode=episode, kind="sao_revoked", occurred_on=date(2026, 10, 1)
        )
    return child, episode


def special_school():
    return SchoolFactory(name="Hollytree Special School", is_special=True, school_type="special")


# -- 1. ground (e) --------------------------------------------------------------------------


def test_ground_e_opens_a_home_education_case_from_the_deletion_date():
    school = SchoolFactory(name="Ashgrove Primary", urn="100200")
    r = routed(submit(school, ground="e", attachments=[]))
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    episode = r.episode
    assert (episode.kind, episode.status, episode.start_date) == ("ehe", "new", DELETED)
    assert (episode.source, episode.previous_school) == ("school_deletion_return", school)
    assert episode.reason_notes.startswith("School attendance order revoked")
    assert episode.child.legal_first_name == "Robin"


def test_ground_e_for_a_child_whose_case_is_open_links_the_return_to_it():
    child, episode = under_an_order(revoked=True)
    before = Episode.objects.count()
    r = routed(submit(SchoolFactory(), ground="e", attachments=[]))
    assert (r.status, r.outcome, r.episode) == ("processed", "linked", episode)
    assert r.matched_child == child
    assert Episode.objects.count() == before


def test_ground_e_is_a_lawful_way_out_even_before_the_revocation_is_on_our_records():
    child, episode = under_an_order()
    r = routed(submit(SchoolFactory(), ground="e", attachments=[], sao_in_force=True))
    assert (r.outcome, r.episode) == ("linked", episode)


# -- 2. an order in force -------------------------------------------------------------------


@pytest.mark.parametrize("ground", list("abcfghijlmno"))
def test_an_order_on_our_records_is_flagged_whatever_the_ground_and_whatever_was_ticked(ground):
    child, episode = under_an_order()
    before = Episode.objects.count()
    r = routed(submit(SchoolFactory(), ground=ground, sao_in_force=False))
    assert (r.status, r.outcome) == ("order_in_force", "sao_in_force")
    assert r.matched_child == child
    [message] = r.messages.all()
    assert message.kind == "notice"
    assert "keep them on your register" in message.text
    assert Episode.objects.count() == before
    episode.refresh_from_db()
    assert episode.status == "sao_process"


@pytest.mark.parametrize(("ground", "outcome"), [("d", "recorded"), ("k", "episodes_closed")])
def test_amendment_and_death_are_lawful_under_an_order(ground, outcome):
    under_an_order()
    r = routed(submit(SchoolFactory(), ground=ground, sao_in_force=True))
    assert (r.status, r.outcome) == ("processed", outcome)


def test_the_schools_own_answer_flags_a_child_we_do_not_know():
    r = routed(
        submit(
            SchoolFactory(),
            ground="a",
            destination_known=True,
            destination_school_name="Elsewhere Academy",
            sao_in_force=True,
        )
    )
    assert (r.status, r.outcome) == ("order_in_force", "sao_in_force")
    assert r.matched_child is None


def test_a_revoked_order_stops_nothing():
    under_an_order(revoked=True)
    r = routed(submit(SchoolFactory(), ground="f"))
    assert r.outcome == "linked"  # the open case, now that nothing stops the removal


# -- 3. special schools -----------------------------------------------------------------------


@pytest.mark.parametrize("answer", [None, True])
def test_a_special_school_pupil_whose_placement_is_unknown_or_arranged_is_held(answer):
    r = routed(submit(special_school(), placed_by_council=answer, sen_status="ehcp"))
    assert (r.status, r.outcome) == ("received", "consent_required")
    assert ConsentRequest.objects.get(deletion_return=r).decision == "pending"
    assert not Episode.objects.exists()


def test_the_field_left_out_altogether_is_held_too():
    from cases.services import deletion_return_submit
    from cases.tasks import route_deletion_return
    from tests.cases.returns_helpers import notice_file, return_data

    data = return_data()
    data.pop("placed_by_council", None)
    receipt = deletion_return_submit(
        by=None,
        school=special_school(),
        kind="deletion",
        data=data,
        attachments=[notice_file()],
        channel="api",
        today=TODAY,
        enqueue_routing=route_deletion_return,
    )
    assert routed(receipt).outcome == "consent_required"


def test_a_special_school_that_says_no_council_arranged_the_place_needs_no_consent():
    r = routed(submit(special_school(), placed_by_council=False))
    assert r.outcome == "ehe_opened"
    assert not ConsentRequest.objects.exists()


def test_consent_records_which_council_arranged_the_place(make_user):
    r = routed(submit(special_school(), placed_by_council=None))
    consent = ConsentRequest.objects.get()
    manager = make_user(Role.MANAGER)
    with pytest.raises(ServiceError) as missing:
        consent_decide(
            by=manager,
            consent=consent,
            decision="granted",
            reasons="Fine",
            today=TODAY,
            channel="web",
        )
    assert missing.value.errors == {"arranged_by": "Say which council arranged the pupil's place"}
    with pytest.raises(ServiceError) as unnamed:
        consent_decide(
            by=manager,
            consent=consent,
            decision="",
            reasons="",
            arranged_by="other_council",
            today=TODAY,
            channel="web",
        )
    assert unnamed.value.errors == {
        "arranged_by_council": "Enter the name of the council that arranged the place"
    }
    consent.refresh_from_db()
    assert consent.decision == "pending"
    consent_decide(
        by=manager,
        consent=consent,
        decision="",
        reasons="Their EHCP team named the school",
        arranged_by="other_council",
        arranged_by_council="Westmere Council",
        today=TODAY,
        channel="web",
    )
    consent.refresh_from_db()
    assert (consent.decision, consent.arranged_by_council) == ("referred", "Westmere Council")
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("referred", "referred_to_other_council")
    assert "Westmere Council" in r.query_message
    assert "keep the pupil on roll" in r.query_message
    assert not Episode.objects.exists()


def test_only_a_manager_decides(make_user):
    routed(submit(special_school(), placed_by_council=True))
    consent = ConsentRequest.objects.get()
    with pytest.raises(ServiceError):
        consent_decide(
            by=make_user(Role.OFFICER),
            consent=consent,
            decision="granted",
            reasons="Fine",
            arranged_by="this_council",
            today=TODAY,
            channel="web",
        )
    consent.refresh_from_db()
    assert consent.decision == "pending"


# -- 4. timing (regulation 13) ---------------------------------------------------------------


def test_a_deletion_date_more_than_20_working_days_ahead_is_refused():
    with pytest.raises(ServiceError) as error:
        submit(SchoolFactory(), deletion_date=date(2026, 12, 21))
    assert error.value.errors["deletion_date"] == (
        "The deletion date must be no more than 20 working days from today: "
        "18 December 2026 at the latest"
    )
    assert not DeletionReturn.objects.exists()


@pytest.mark.parametrize(("ground", "kind"), [("f", "ehe"), ("g", "cme")])
def test_a_return_sent_ahead_waits_for_its_deletion_date_and_opens_the_case_from_it(ground, kind):
    ahead = date(2026, 12, 18)
    r = routed(submit(SchoolFactory(), ground=ground, deletion_date=ahead))
    assert (r.status, r.outcome) == ("received", "waiting_for_deletion_date")
    assert not Episode.objects.exists()
    # Nothing happens on the days before.
    assert deletion_returns_sweep(today=date(2026, 12, 17), by=None, channel="system") == 0
    r.refresh_from_db()
    assert r.outcome == "waiting_for_deletion_date"
    # On the day, the sweep routes it: the case starts on the deletion date.
    assert deletion_returns_sweep(today=ahead, by=None, channel="system") == 1
    r.refresh_from_db()
    assert (r.status, r.episode.kind, r.episode.start_date) == ("processed", kind, ahead)
    assert deletion_returns_sweep(today=ahead, by=None, channel="system") == 0


def test_a_return_sent_ahead_is_still_flagged_at_once_for_an_order_in_force():
    under_an_order()
    r = routed(submit(SchoolFactory(), deletion_date=date(2026, 12, 18)))
    assert r.outcome == "sao_in_force"


def test_consent_given_before_the_deletion_date_opens_the_case_on_the_day(make_user):
    ahead = date(2026, 12, 4)
    r = routed(submit(special_school(), placed_by_council=True, deletion_date=ahead))
    assert r.outcome == "consent_required"
    consent_decide(
        by=make_user(Role.MANAGER),
        consent=ConsentRequest.objects.get(),
        decision="granted",
        reasons="The parent's plan meets the EHCP outcomes",
        arranged_by="this_council",
        today=TODAY,
        channel="web",
    )
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("received", "waiting_for_deletion_date")
    assert deletion_returns_sweep(today=ahead, by=None, channel="system") == 1
    r.refresh_from_db()
    assert (r.outcome, r.episode.start_date) == ("ehe_opened", ahead)
    # Consent is asked once: the grant stands when the return is routed on the day.
    assert ConsentRequest.objects.count() == 1


def test_one_return_that_cannot_be_routed_does_not_hold_up_the_others(monkeypatch):
    first = routed(submit(SchoolFactory(), deletion_date=date(2026, 12, 1)))
    second = routed(
        submit(SchoolFactory(), pupil_first_name="Ellis", deletion_date=date(2026, 12, 1))
    )
    from cases.services.frontdoor import routing

    real = routing.route

    def failing_for_first(r, **kwargs):
        if r.pk == first.pk:
            raise RuntimeError("storage unavailable")
        return real(r, **kwargs)

    monkeypatch.setattr(routing, "route", failing_for_first)
    assert deletion_returns_sweep(today=date(2026, 12, 1), by=None, channel="system") == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == ("waiting_for_deletion_date", "ehe_opened")


# -- 7. the school's checks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dob", "starts"),
    [(date(2022, 3, 1), "On the deletion date the pupil is not yet of compulsory school age")],
)
def test_a_pupil_below_school_age_is_refused(dob, starts):
    with pytest.raises(ServiceError) as error:
        submit(SchoolFactory(), date_of_birth=dob)
    assert error.value.errors["deletion_date"].startswith(starts)
    assert not DeletionReturn.objects.exists()


def test_a_pupil_past_school_age_is_refused_unless_the_ground_is_l():
    with pytest.raises(ServiceError) as error:
        submit(SchoolFactory(), date_of_birth=date(2009, 7, 1), ground="g")
    assert error.value.errors["deletion_date"].startswith(
        "On the deletion date the pupil is past compulsory school age (it ended on 27 June 2025)"
    )
    r = routed(submit(SchoolFactory(), date_of_birth=date(2009, 7, 1), ground="l"))
    assert r.outcome == "recorded"
    nursery = routed(submit(SchoolFactory(), date_of_birth=date(2022, 3, 1), ground="b"))
    assert nursery.outcome == "recorded"


def test_a_telephone_number_and_a_postcode_must_be_uk_ones():
    parent = {
        "first_name": "Sam",
        "last_name": "Example",
        "relationship": "mother",
        "address": "12 Imaginary Lane",
        "phone": "12345",
    }
    with pytest.raises(ServiceError) as error:
        submit(SchoolFactory(), postcode="Northbrook", parents=[parent])
    assert error.value.errors["postcode"] == "Enter a real postcode, like AA1 1AA"
    assert error.value.errors["parents.0.phone"].startswith("Enter a UK telephone number")
    assert not DeletionReturn.objects.exists()


def test_a_good_postcode_is_kept_in_capitals_with_one_space():
    r = submit(SchoolFactory(), postcode=" zz11zz ").deletion_return
    assert r.postcode == "ZZ1 1ZZ"


# -- 8. one writer for the return's state ---------------------------------------------------


def test_the_one_writer_refuses_a_move_the_table_does_not_allow():
    r = routed(submit(SchoolFactory()))
    assert r.outcome == "ehe_opened"
    with pytest.raises(TransitionRefused):
        return_move(r, outcome="cme_opened", by=None, channel="system")
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
