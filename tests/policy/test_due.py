"""The due-date rules (policy.due): every open case always has a next date."""

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.calendar import add_working_days
from policy.contacts import (
    CONTACT_TYPE_CME_ENQUIRY,
    EHE_ONLY_CONTACT_TYPES,
    VISIT_KINDS,
    contact_types_for,
)
from policy.deadlines import add_months
from policy.due import (
    BOOKED_LABELS,
    DUE_KIND_LABELS,
    RISK_TIERS,
    DueValues,
    EHEFacts,
    booked_visit_item,
    cme_due_items,
    ehe_due_items,
    involvement_due_items,
    next_contact_months,
    risk_tiers,
    soonest,
)
from policy.vocab import CME_ENQUIRY_ITEMS, CONTACT_TYPES
from policy.workflow import CLOSED, CME_TRANSITIONS, EHE_TRANSITIONS, CMEStatus, EHEStatus

TODAY = date(2026, 11, 20)
START = date(2026, 11, 2)  # a Monday
DOB = date(2014, 5, 17)  # Year 7 in 2026/27: nowhere near leaving school
VALUES = DueValues()


def ehe(status: str, **facts) -> list:
    return ehe_due_items(
        EHEFacts(status=status, start=START, dob=DOB, **facts), today=TODAY, values=VALUES
    )


def first(items):
    return (items[0].kind, items[0].due_on)


# --- home education --------------------------------------------------------------------------


def test_new_case_has_the_acknowledgement_letter_first_then_the_initial_contact():
    assert first(ehe("new")) == ("acknowledgement", date(2026, 11, 9))
    assert first(ehe("new", letter_sent=True)) == ("initial_contact", date(2026, 11, 16))


def test_acknowledgement_letter_is_for_new_cases_only():
    kinds = {item.kind for item in ehe("informal_enquiry", entered_status_on=START)}
    assert "acknowledgement" not in kinds


def test_informal_enquiry_has_a_judgement_due_20_working_days_after_the_initial_contact():
    contacted = date(2026, 11, 5)
    items = ehe("informal_enquiry", entered_status_on=contacted, last_qualifying_contact=contacted)
    assert first(items) == ("judgement", add_working_days(contacted, 20))
    assert ("next_contact", date(2027, 11, 5)) in [(i.kind, i.due_on) for i in items]


def test_informal_enquiry_shows_the_annual_contact_when_it_comes_sooner():
    # Back in informal enquiry for the annual contact, which a judgement set for next week.
    items = ehe(
        "informal_enquiry",
        entered_status_on=date(2026, 11, 19),
        last_qualifying_contact=date(2025, 11, 27),
        judgement_next_contact=date(2026, 11, 27),
    )
    assert first(items) == ("next_contact", date(2026, 11, 27))


def test_suitable_has_the_next_contact_a_year_after_the_last_qualifying_contact():
    assert first(ehe("suitable", last_qualifying_contact=date(2026, 10, 1))) == (
        "next_contact",
        date(2027, 10, 1),
    )


def test_information_requested_waits_for_the_reply_date_and_is_overdue_after_it():
    items = ehe("information_requested", open_information_reply_by=date(2026, 11, 18))
    assert first(items) == ("information_reply", date(2026, 11, 18))
    assert items[0].is_overdue(TODAY)


def test_after_the_reply_a_judgement_is_due_10_working_days_later():
    items = ehe("information_requested", last_reply_received=date(2026, 11, 16))
    assert first(items) == ("judgement", date(2026, 11, 30))


@pytest.mark.parametrize(
    ("status", "kind", "due"),
    [
        ("panel", "panel_decision", date(2026, 11, 30)),  # 20 working days
        ("s437_notice", "s437_review", date(2026, 12, 2)),  # 30 calendar days
        ("sao_process", "sao_review", date(2026, 11, 23)),  # 15 working days
        ("returning_to_school", "return_review", date(2026, 11, 30)),  # 20 working days
    ],
)
def test_formal_stages_and_returns_are_reviewed_from_the_day_of_the_move(status, kind, due):
    assert first(ehe(status, entered_status_on=START)) == (kind, due)


def test_without_a_recorded_move_the_review_counts_from_the_start_and_shows_overdue():
    # An imported case with no history of the move: the review is late, so someone looks.
    items = ehe("panel")
    assert first(items) == ("panel_decision", add_working_days(START, 20))


def test_a_contact_on_a_returning_case_is_a_review_and_the_next_follows_it():
    items = ehe("returning_to_school", entered_status_on=START, last_contact=date(2026, 11, 16))
    assert first(items) == ("return_review", add_working_days(date(2026, 11, 16), 20))


def test_a_contact_before_the_move_does_not_count_as_a_review():
    items = ehe("returning_to_school", entered_status_on=START, last_contact=date(2026, 10, 1))
    assert first(items) == ("return_review", add_working_days(START, 20))


def test_year_11_gets_post16_advice_and_everyone_leaves_at_the_end_of_compulsory_age():
    year11 = date(2010, 12, 1)  # leaves Friday 25 June 2027
    items = ehe_due_items(
        EHEFacts(status="suitable", start=START, dob=year11, last_qualifying_contact=TODAY),
        today=TODAY,
        values=VALUES,
    )
    kinds = [i.kind for i in items]
    assert kinds[:2] == ["post16_advice", "csa_end"]
    assert items[1].due_on == date(2027, 6, 25)


# --- next contact by risk tier ---------------------------------------------------------------


def test_risk_tiers_that_apply_on_the_date():
    assert risk_tiers(
        csc_status="cpp", has_ehcp=True, start=START, last_contact=None, today=TODAY
    ) == {"cpp", "ehcp", "first_year"}
    assert risk_tiers(
        csc_status="cin",
        has_ehcp=False,
        start=date(2023, 1, 9),
        last_contact=date(2025, 10, 1),
        today=TODAY,
    ) == {"cin", "no_recent_contact"}
    assert (
        risk_tiers(
            csc_status="cla",
            has_ehcp=False,
            start=date(2023, 1, 9),
            last_contact=date(2026, 10, 1),
            today=TODAY,
        )
        == frozenset()
    )


def test_the_shortest_interval_among_the_tiers_that_apply_wins():
    values = replace(VALUES, next_contact_months_cpp=3, next_contact_months_ehcp=6)
    assert next_contact_months(frozenset(), values) == 12
    assert next_contact_months(frozenset({"ehcp"}), values) == 6
    assert next_contact_months(frozenset({"ehcp", "cpp"}), values) == 3
    items = ehe_due_items(
        EHEFacts(
            status="suitable",
            start=date(2024, 1, 8),
            dob=DOB,
            last_qualifying_contact=date(2026, 10, 1),
            risk_tiers=frozenset({"cpp", "ehcp"}),
        ),
        today=TODAY,
        values=values,
    )
    assert first(items) == ("next_contact", date(2027, 1, 1))


def test_a_tier_shortens_even_a_date_a_judgement_set():
    values = replace(VALUES, next_contact_months_first_year=4)
    items = ehe_due_items(
        EHEFacts(
            status="suitable",
            start=date(2026, 9, 1),
            dob=DOB,
            last_qualifying_contact=date(2026, 10, 1),
            judgement_next_contact=date(2027, 10, 1),
            risk_tiers=frozenset({"first_year"}),
        ),
        today=TODAY,
        values=values,
    )
    assert first(items) == ("next_contact", date(2027, 2, 1))


def test_every_tier_has_its_own_value():
    names = {f.name for f in fields(DueValues)}
    assert {f"next_contact_months_{tier}" for tier in RISK_TIERS} <= names


# --- children missing education and considering-EHE ------------------------------------------


def test_cme_home_visit_uses_the_councils_value():
    values = replace(VALUES, cme_home_visit_working_days=3)
    items = cme_due_items(status="referred", start=START, home_visit_made=False, values=values)
    assert first(items) == ("cme_home_visit", date(2026, 11, 5))


def test_cme_enquiries_are_reviewed_after_the_home_visit_and_each_later_enquiry():
    items = cme_due_items(
        status="enquiries",
        start=START,
        home_visit_made=True,
        last_activity=date(2026, 11, 16),
        values=VALUES,
    )
    assert first(items) == ("cme_enquiries_review", date(2026, 11, 30))


def test_an_overdue_home_visit_stays_first_whatever_else_is_recorded():
    items = cme_due_items(
        status="enquiries",
        start=START,
        home_visit_made=False,
        last_activity=date(2026, 11, 18),
        values=VALUES,
    )
    assert first(items) == ("cme_home_visit", date(2026, 11, 9))


def test_a_child_being_placed_is_reviewed_from_the_move_and_each_contact():
    items = cme_due_items(
        status="placing",
        start=START,
        home_visit_made=True,
        entered_status_on=date(2026, 11, 16),
        values=VALUES,
    )
    assert first(items) == ("cme_placing_review", date(2026, 11, 30))


def test_considering_ehe_is_followed_up_after_the_start_and_each_contact():
    assert first(involvement_due_items(start=START, last_contact=None, values=VALUES)) == (
        "involvement_follow_up",
        date(2026, 11, 16),
    )
    items = involvement_due_items(start=START, last_contact=date(2026, 11, 16), values=VALUES)
    assert first(items) == ("involvement_follow_up", date(2026, 11, 30))


# --- booked visits ---------------------------------------------------------------------------


def test_a_booked_visit_is_the_next_date_when_it_is_sooner():
    booked = booked_visit_item("home_visit", date(2026, 11, 24))
    assert soonest([*ehe("suitable", last_qualifying_contact=TODAY), booked]) == booked
    later = booked_visit_item("home_visit", date(2028, 1, 5))
    assert soonest([*ehe("suitable", last_qualifying_contact=TODAY), later]) != later


def test_every_due_kind_and_booking_has_a_label():
    assert {f"booked_{code}" for code in VISIT_KINDS.codes} == set(BOOKED_LABELS)
    assert all(len(kind) <= 30 for kind in DUE_KIND_LABELS)  # Episode.next_due_kind


# --- every open status of every kind has something due ---------------------------------------

open_ehe = st.sampled_from(sorted(s for s in EHE_TRANSITIONS if s != CLOSED))
open_cme = st.sampled_from(sorted(s for s in CME_TRANSITIONS if s != CLOSED))
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
maybe_day = st.none() | days
small = st.integers(min_value=1, max_value=60)


@given(
    status=open_ehe,
    start=days,
    entered=maybe_day,
    last=maybe_day,
    reply_by=maybe_day,
    replied=maybe_day,
    letter=st.booleans(),
    wait=small,
)
def test_every_open_ehe_status_has_a_dated_item_other_than_leaving_school(
    status, start, entered, last, reply_by, replied, letter, wait
):
    today = start + timedelta(days=wait)
    items = ehe_due_items(
        EHEFacts(
            status=status,
            start=start,
            dob=date(start.year - 8, start.month, min(start.day, 28)),
            entered_status_on=entered,
            last_qualifying_contact=last,
            last_contact=last,
            open_information_reply_by=reply_by,
            last_reply_received=replied,
            letter_sent=letter,
        ),
        today=today,
        values=VALUES,
    )
    assert [i.due_on for i in items] == sorted(i.due_on for i in items)
    assert {i.kind for i in items} - {"csa_end", "post16_advice"}, status
    assert all(i.kind in DUE_KIND_LABELS for i in items)


@given(status=open_cme, start=days, visited=st.booleans(), last=maybe_day, entered=maybe_day)
def test_every_open_cme_status_has_something_due_no_earlier_than_the_start(
    status, start, visited, last, entered
):
    items = cme_due_items(
        status=status,
        start=start,
        home_visit_made=visited,
        last_activity=last,
        entered_status_on=entered,
        values=VALUES,
    )
    assert items and all(i.due_on > start for i in items)
    assert [i.due_on for i in items] == sorted(i.due_on for i in items)


@given(start=days, last=maybe_day)
def test_a_follow_up_is_always_after_the_start_and_the_last_contact(start, last):
    (item,) = involvement_due_items(start=start, last_contact=last, values=VALUES)
    assert item.due_on > start and (last is None or item.due_on > last)


@given(base=days, tiers=st.sets(st.sampled_from(sorted(RISK_TIERS))), months=st.integers(1, 12))
def test_a_risk_tier_never_pushes_the_next_contact_later(base, tiers, months):
    values = replace(VALUES, **{f"next_contact_months_{t}": months for t in tiers})
    standard = ehe_due_items(
        EHEFacts(status="suitable", start=base, dob=DOB, last_qualifying_contact=base),
        today=base,
        values=values,
    )
    tiered = ehe_due_items(
        EHEFacts(
            status="suitable",
            start=base,
            dob=DOB,
            last_qualifying_contact=base,
            risk_tiers=frozenset(tiers),
        ),
        today=base,
        values=values,
    )

    def next_contact(items):
        return next(i.due_on for i in items if i.kind == "next_contact")

    assert next_contact(tiered) <= next_contact(standard) == add_months(base, 12)


# --- contacts on each kind of case -----------------------------------------------------------


def test_contact_mapping_names_real_contact_types_and_enquiries():
    assert set(CONTACT_TYPE_CME_ENQUIRY) <= set(CONTACT_TYPES.codes)
    assert set(CONTACT_TYPE_CME_ENQUIRY.values()) <= set(CME_ENQUIRY_ITEMS.codes)
    assert CONTACT_TYPE_CME_ENQUIRY["home_visit"] == "home_visit"
    assert CONTACT_TYPE_CME_ENQUIRY["letter"] == "letter_last_known_address"
    assert set(CONTACT_TYPES.codes) >= EHE_ONLY_CONTACT_TYPES
    assert set(VISIT_KINDS.codes) <= set(CONTACT_TYPES.codes)


def test_home_education_contacts_are_not_offered_on_a_cme_case():
    on_cme = {code for code, _ in contact_types_for("cme")}
    assert on_cme == set(CONTACT_TYPES.codes) - EHE_ONLY_CONTACT_TYPES
    assert {"home_visit", "letter", "phone"} <= on_cme
    assert {code for code, _ in contact_types_for("ehe")} == set(CONTACT_TYPES.codes)


def test_status_constants_used_by_the_rules_exist():
    assert EHEStatus.PANEL in EHE_TRANSITIONS and CMEStatus.PLACING in CME_TRANSITIONS
