"""The front door's pure rules: what each ground does, how far ahead a deletion date may be,
which pupils a return may be about, the shape of phone numbers and postcodes, and the
return's declared states."""

from datetime import date, timedelta
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.calendar import is_working_day
from policy.frontdoor import (
    CLOSE_CASES,
    OPEN_CME,
    OPEN_EHE,
    OUTCOME_MOVES,
    RECORD,
    STATUS_FOR_OUTCOME,
    STATUS_MOVES,
    check_return_move,
    deletion_action,
    deletion_date_problem,
    flagged_for_an_order,
    latest_deletion_date,
    normalise_postcode,
    order_in_force_on,
    phone_digits,
    phone_problem,
    postcode_problem,
    same_phone,
    school_age_problem,
    split_postcode,
)
from policy.vocab import DELETION_GROUNDS, RETURN_OUTCOMES, RETURN_STATUSES
from policy.workflow import TransitionRefused

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
GROUNDS = DELETION_GROUNDS.codes


# -- what each ground does ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ground", "destination_known", "action"),
    [
        ("f", False, OPEN_EHE),
        ("e", False, OPEN_EHE),
        ("e", True, OPEN_EHE),
        ("g", False, OPEN_CME),
        ("h", None, OPEN_CME),
        ("i", False, OPEN_CME),
        ("g", True, RECORD),
        ("k", False, CLOSE_CASES),
        ("a", True, RECORD),
        ("d", False, RECORD),
        ("l", False, RECORD),
    ],
)
def test_each_ground_has_its_action(ground, destination_known, action):
    assert deletion_action(ground, destination_known=destination_known) == action


@pytest.mark.parametrize("ground", GROUNDS)
def test_an_order_in_force_stops_every_ground_but_amendment_revocation_and_death(ground):
    assert flagged_for_an_order(ground, order_in_force=True) is (ground not in {"d", "e", "k"})
    assert flagged_for_an_order(ground, order_in_force=False) is False


def test_an_order_is_in_force_from_service_until_revoked_or_school_age_ends():
    born = date(2014, 5, 17)  # compulsory school age ends on Friday 28 June 2030
    served = [(date(2026, 3, 1), 1, "sao_served")]
    assert order_in_force_on(date(2026, 11, 16), steps=served, date_of_birth=born)
    assert order_in_force_on(date(2030, 6, 28), steps=served, date_of_birth=born)
    # s437(4): the order lapses once the child is no longer of compulsory school age.
    assert not order_in_force_on(date(2030, 6, 29), steps=served, date_of_birth=born)
    revoked = [*served, (date(2026, 6, 1), 2, "sao_revoked")]
    assert not order_in_force_on(date(2026, 11, 16), steps=revoked, date_of_birth=born)
    served_again = [*revoked, (date(2026, 9, 1), 3, "sao_served")]
    assert order_in_force_on(date(2026, 11, 16), steps=served_again, date_of_birth=born)
    assert not order_in_force_on(date(2026, 11, 16), steps=[], date_of_birth=born)
    # Other formal steps say nothing about an order.
    notice_only = [(date(2026, 1, 5), 4, "s437_notice")]
    assert not order_in_force_on(date(2026, 11, 16), steps=notice_only, date_of_birth=born)


# -- timing (regulation 13) ---------------------------------------------------------------


def test_a_return_may_give_a_date_up_to_20_working_days_ahead():
    # Friday 20 November 2026: the 20th working day after it is Friday 18 December.
    assert latest_deletion_date(date(2026, 11, 20)) == date(2026, 12, 18)
    assert (
        deletion_date_problem(date(2026, 12, 18), today=date(2026, 11, 20), date_of_birth=None)
        == ""
    )
    assert deletion_date_problem(
        date(2026, 12, 21), today=date(2026, 11, 20), date_of_birth=None
    ) == (
        "The deletion date must be no more than 20 working days from today: "
        "18 December 2026 at the latest"
    )


def test_the_window_skips_bank_holidays():
    # From Monday 14 December 2026: Christmas Day (Friday) and Boxing Day's substitute
    # (Monday 28 December) are not working days, nor is New Year's Day.
    assert latest_deletion_date(date(2026, 12, 14)) == date(2027, 1, 14)


def test_the_deletion_date_must_follow_the_date_of_birth():
    assert deletion_date_problem(
        date(2014, 5, 17), today=date(2026, 11, 20), date_of_birth=date(2014, 5, 17)
    ) == ("The deletion date must be after the date of birth")


@given(dates)
def test_the_latest_date_is_a_working_day_20_working_days_on(today):
    latest = latest_deletion_date(today)
    assert is_working_day(latest)
    between = [today + timedelta(days=n) for n in range(1, (latest - today).days + 1)]
    assert sum(is_working_day(d) for d in between) == 20
    assert deletion_date_problem(latest, today=today, date_of_birth=None) == ""
    assert deletion_date_problem(latest + timedelta(days=1), today=today, date_of_birth=None)
    # Any day in the past is fine as far as timing goes.
    assert deletion_date_problem(today - timedelta(days=30), today=today, date_of_birth=None) == ""


# -- compulsory school age on the deletion date ------------------------------------------


def test_a_pupil_of_school_age_on_the_day_is_fine_on_any_ground():
    for ground in GROUNDS:
        assert (
            school_age_problem(
                ground, date_of_birth=date(2014, 5, 17), deletion_date=date(2026, 11, 16)
            )
            == ""
        )


def test_below_school_age_is_refused_except_on_ground_b():
    # Born 10 February 2019: compulsory school age starts on 31 March 2024.
    born = date(2019, 2, 10)
    assert school_age_problem("f", date_of_birth=born, deletion_date=date(2024, 3, 30)).startswith(
        "On the deletion date the pupil is not yet of compulsory school age (it starts on "
        "31 March 2024)"
    )
    assert school_age_problem("f", date_of_birth=born, deletion_date=date(2024, 3, 31)) == ""
    assert school_age_problem("b", date_of_birth=born, deletion_date=date(2023, 7, 20)) == ""


def test_above_school_age_is_refused_except_on_ground_l():
    # Born 23 September 2007: compulsory school age ends on Friday 28 June 2024.
    born = date(2007, 9, 23)
    assert school_age_problem("g", date_of_birth=born, deletion_date=date(2024, 6, 28)) == ""
    assert school_age_problem("g", date_of_birth=born, deletion_date=date(2024, 6, 29)).startswith(
        "On the deletion date the pupil is past compulsory school age (it ended on 28 June 2024)"
    )
    assert school_age_problem("l", date_of_birth=born, deletion_date=date(2024, 7, 19)) == ""


# -- phone numbers and postcodes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "digits"),
    [
        ("07700 900123", "07700900123"),
        ("01632 960001", "01632960001"),
        ("016977 3456", "0169773456"),
        ("+44 7700 900123", "7700900123"),
        ("+44 (0)7700 900123", "07700900123"),
        ("(01632) 960-001", "01632960001"),
    ],
)
def test_uk_numbers_are_10_or_11_digits_and_may_start_plus_44(phone, digits):
    assert phone_digits(phone) == digits
    assert phone_problem(phone) == ""


@pytest.mark.parametrize(
    "phone", ["", "07700 9001", "0770090012345", "+1 212 555 0100", "07700 9OO123", "phone me"]
)
def test_anything_else_is_not_a_uk_number(phone):
    assert phone_digits(phone) == ""
    assert phone_problem(phone).startswith("Enter a UK telephone number")


def test_the_same_number_written_two_ways_is_the_same():
    assert same_phone("+44 7700 900123", "07700 900 123")
    assert not same_phone("07700 900123", "07700 900124")


@pytest.mark.parametrize(
    ("postcode", "normal"),
    [
        ("zz1 1zz", "ZZ1 1ZZ"),
        ("ZZ11ZZ", "ZZ1 1ZZ"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("m1 1ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("dn551pt", "DN55 1PT"),
    ],
)
def test_postcodes_are_upper_case_with_one_space(postcode, normal):
    assert normalise_postcode(postcode) == normal
    assert postcode_problem(postcode) == ""


@pytest.mark.parametrize("postcode", ["", "ZZ1", "12345", "ZZ1 1Z1", "ZZZ1 1ZZ", "ZZ1 1ZZZ"])
def test_other_text_is_not_a_postcode(postcode):
    assert normalise_postcode(postcode) == ""
    assert postcode_problem(postcode) == "Enter a real postcode, like AA1 1AA"


def test_a_one_line_address_gives_up_the_postcode_at_its_end():
    assert split_postcode("12 Imaginary Lane, Northbrook, zz1 1zz") == (
        "12 Imaginary Lane, Northbrook",
        "ZZ1 1ZZ",
    )
    assert split_postcode("Flat 2, 9 Other Road") == ("Flat 2, 9 Other Road", "")


# -- the return's declared states ------------------------------------------------------------


def test_every_outcome_and_status_is_in_the_vocabularies_and_the_tables():
    assert set(OUTCOME_MOVES) == set(RETURN_OUTCOMES.codes) | {""}
    assert set(STATUS_FOR_OUTCOME) == set(OUTCOME_MOVES)
    assert set(STATUS_MOVES) == set(RETURN_STATUSES.codes)
    for targets in OUTCOME_MOVES.values():
        assert targets <= set(OUTCOME_MOVES)
    for targets in STATUS_MOVES.values():
        assert targets <= set(STATUS_MOVES)


def test_routing_moves_are_allowed():
    check_return_move(status="received", outcome="", to_status="processed", to_outcome="ehe_opened")
    check_return_move(
        status="received",
        outcome="awaiting_match",
        to_status="received",
        to_outcome="waiting_for_deletion_date",
    )
    check_return_move(
        status="received",
        outcome="consent_required",
        to_status="referred",
        to_outcome="referred_to_other_council",
    )
    # A question on a return already dealt with, its answer, and the answer read.
    check_return_move(
        status="processed", outcome="ehe_opened", to_status="query_raised", to_outcome="ehe_opened"
    )
    check_return_move(
        status="query_raised", outcome="ehe_opened", to_status="received", to_outcome="ehe_opened"
    )
    check_return_move(
        status="received", outcome="ehe_opened", to_status="processed", to_outcome="ehe_opened"
    )


@pytest.mark.parametrize(
    ("status", "outcome", "to_status", "to_outcome", "reason"),
    [
        # A routed return is not routed again.
        ("processed", "ehe_opened", "processed", "cme_opened", "already been dealt with"),
        # While the school is answering, the council does not decide.
        ("query_raised", "awaiting_match", "processed", "ehe_opened", "Wait for its answer"),
        # Nothing comes after the school is told an order is in force.
        ("order_in_force", "sao_in_force", "query_raised", "sao_in_force", "cannot become"),
        # The school is never shown something other than what the outcome means.
        ("received", "", "processed", "consent_required", "cannot be shown to the school"),
        ("received", "", "order_in_force", "ehe_opened", "cannot be shown to the school"),
        # An outcome that skips the decision it waits for.
        ("received", "consent_required", "processed", "cme_opened", "cannot become"),
        ("received", "", "received", "made_up", "is not an outcome"),
        ("received", "", "lost", "", "is not a status"),
    ],
)
def test_a_wrong_move_fails_loudly(status, outcome, to_status, to_outcome, reason):
    with pytest.raises(TransitionRefused) as refused:
        check_return_move(
            status=status, outcome=outcome, to_status=to_status, to_outcome=to_outcome
        )
    assert reason in str(refused.value)


def test_final_outcomes_go_nowhere_and_every_open_one_can_be_routed():
    final = {o for o, targets in OUTCOME_MOVES.items() if not targets}
    assert final == {
        "ehe_opened",
        "cme_opened",
        "involvement_opened",
        "episodes_closed",
        "linked",
        "recorded",
        "sao_in_force",
        "consent_refused",
        "referred_to_other_council",
    }
    for outcome in set(OUTCOME_MOVES) - final:
        assert OUTCOME_MOVES[outcome] & final


@given(
    st.sampled_from(sorted(STATUS_MOVES)),
    st.sampled_from(sorted(OUTCOME_MOVES)),
    st.sampled_from(sorted(STATUS_MOVES)),
    st.sampled_from(sorted(OUTCOME_MOVES)),
)
def test_an_allowed_move_always_leaves_a_status_the_outcome_allows(a, b, c, d):
    try:
        check_return_move(status=a, outcome=b, to_status=c, to_outcome=d)
    except TransitionRefused:
        return
    assert c in {STATUS_FOR_OUTCOME[d], "query_raised", "received"}
    assert d == b or a == "received"


def test_the_tables_are_consistent_for_every_pair():
    # Each pair a return can be in is reachable from "received, not routed".
    reachable = {("received", "")}
    frontier = list(reachable)
    while frontier:
        status, outcome = frontier.pop()
        for to_status, to_outcome in product(STATUS_MOVES, OUTCOME_MOVES):
            try:
                check_return_move(
                    status=status, outcome=outcome, to_status=to_status, to_outcome=to_outcome
                )
            except TransitionRefused:
                continue
            if (to_status, to_outcome) not in reachable:
                reachable.add((to_status, to_outcome))
                frontier.append((to_status, to_outcome))
    for outcome, status in STATUS_FOR_OUTCOME.items():
        assert (status, outcome) in reachable
