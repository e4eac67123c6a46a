"""Every open case always has a next date, worked out set-based by refresh_due_dates and shown
on the caseload, the officer's home page and the child page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import (
    CaseworkSettings,
    ChildCSCStatus,
    ChildSENStatus,
    CMEEnquiry,
    Contact,
    Episode,
    EpisodeEvent,
    InformationRequest,
    Judgement,
)
from cases.services import child_csc_status_set, refresh_due_dates
from cases.services.config import casework_settings_update
from policy.due import DUE_KIND_LABELS
from policy.workflow import CLOSED, CME_TRANSITIONS, EHE_TRANSITIONS, INVOLVEMENT_TRANSITIONS
from tests.cases.factories import (
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
STARTED = date(2026, 9, 7)
MOVED = date(2026, 11, 2)  # the day each case entered its current status

FACTORIES = {"ehe": EHEEpisodeFactory, "cme": CMEEpisodeFactory, "involvement": InvolvementFactory}

# What each open status makes due, for a case built by ``case_in`` (DOMAIN §5, ADR 0010).
EXPECTED = {
    ("ehe", "new"): ("acknowledgement", date(2026, 9, 14)),
    ("ehe", "informal_enquiry"): ("judgement", date(2026, 11, 30)),
    ("ehe", "suitable"): ("next_contact", date(2027, 10, 1)),
    ("ehe", "information_requested"): ("information_reply", date(2026, 11, 30)),
    ("ehe", "panel"): ("panel_decision", date(2026, 11, 30)),
    ("ehe", "s437_notice"): ("s437_review", date(2026, 12, 2)),
    ("ehe", "sao_process"): ("sao_review", date(2026, 11, 23)),
    ("ehe", "returning_to_school"): ("return_review", date(2026, 11, 30)),
    ("cme", "referred"): ("cme_home_visit", date(2026, 9, 14)),
    ("cme", "enquiries"): ("cme_enquiries_review", date(2026, 11, 16)),
    ("cme", "placing"): ("cme_placing_review", date(2026, 11, 16)),
    ("involvement", "open"): ("involvement_follow_up", date(2026, 9, 21)),
}


def every_open_status():
    tables = {
        "ehe": EHE_TRANSITIONS,
        "cme": CME_TRANSITIONS,
        "involvement": INVOLVEMENT_TRANSITIONS,
    }
    return [
        (kind, status) for kind, table in tables.items() for status in table if status != CLOSED
    ]


def case_in(kind: str, status: str, officer, **episode_fields) -> Episode:
    fields = {"start_date": STARTED, "allocated_officer": officer} | episode_fields
    episode = FACTORIES[kind](status=status, **fields)
    if status not in {"new", "referred", "open"}:
        EpisodeEvent.objects.create(
            episode=episode, occurred_on=MOVED, action="status_changed", to_status=status
        )
    if status == "suitable":
        Contact.objects.create(
            episode=episode,
            contact_type="annual_contact",
            occurred_on=date(2026, 10, 1),
            officer=officer,
            outcome="completed",
        )
    if status == "information_requested":
        InformationRequest.objects.create(
            episode=episode,
            requested_on=MOVED,
            what_would_help="A sample of work",
            reply_by=date(2026, 11, 30),
            requested_by=officer,
        )
    if kind == "cme" and status != "referred":
        CMEEnquiry.objects.create(
            episode=episode, item="home_visit", made_on=MOVED, made_by=officer, outcome="Seen"
        )
    return episode


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


def test_the_table_covers_every_open_status_of_every_kind():
    assert set(EXPECTED) == set(every_open_status())


@pytest.mark.parametrize(("kind", "status"), every_open_status())
def test_every_open_case_has_a_next_date_and_what_it_is(officer, kind, status):
    episode = case_in(kind, status, officer)
    refresh_due_dates(today=TODAY)
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == EXPECTED[(kind, status)]


def test_the_pages_show_every_open_cases_next_date(client, officer, frozen):
    episodes = {key: case_in(*key, officer) for key in every_open_status()}
    refresh_due_dates(today=TODAY)
    client.force_login(officer)

    caseload = client.get(reverse("caseload")).content.decode()
    home = client.get(reverse("officer-home")).content.decode()
    assert "Nothing due" not in caseload and "Not worked out yet" not in caseload
    assert "Nothing due" not in home and "Not worked out yet" not in home
    for key, episode in episodes.items():
        kind, due = EXPECTED[key]
        label = DUE_KIND_LABELS[kind]
        assert label in caseload, key
        card = child_card(client, episode)
        assert f"{label}: {due:%-d %B %Y}" in card, key
        assert "Nothing due" not in card and "Not worked out yet" not in card
    # The home page lists the ten soonest, overdue first.
    soonest = sorted(EXPECTED.values(), key=lambda item: item[1])[:10]
    listing = home[home.index('data-testid="next-due-list"') :]
    assert listing.count("govuk-table__row") == 11  # a header and ten cases
    for kind, _ in soonest:
        assert DUE_KIND_LABELS[kind] in listing


def child_card(client, episode) -> str:
    html = client.get(reverse("child-detail", args=[episode.child.uid])).content.decode()
    start = html.index(f'data-testid="episode-{episode.uid}"')
    end = html.find('data-testid="episode-', start + 1)
    return html[start : end if end != -1 else html.index(">History<")]


# --- set-based ---------------------------------------------------------------------------------


def test_refresh_runs_a_fixed_number_of_queries_whatever_the_number_of_cases(
    officer, django_assert_max_num_queries
):
    for key in every_open_status():
        case_in(*key, officer)
    with django_assert_max_num_queries(12) as few:
        refresh_due_dates(today=TODAY)
    for _ in range(4):
        for key in every_open_status():
            case_in(*key, officer)
    Episode.objects.update(next_due_on=None, next_due_kind="")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert refresh_due_dates(today=TODAY) == 5 * len(EXPECTED)


def test_refreshing_one_case_runs_a_fixed_number_of_queries(officer, django_assert_max_num_queries):
    episode = case_in("ehe", "panel", officer)
    with django_assert_max_num_queries(12):
        refresh_due_dates(today=TODAY, episode_ids=[episode.pk])
    episode.refresh_from_db()
    assert episode.next_due_kind == "panel_decision"


def test_the_latest_move_into_the_status_counts(officer):
    episode = case_in("ehe", "panel", officer)
    # Back to information requested and referred to the panel again a week later.
    EpisodeEvent.objects.create(
        episode=episode,
        occurred_on=date(2026, 11, 9),
        action="status_changed",
        from_status="information_requested",
        to_status="panel",
    )
    refresh_due_dates(today=TODAY)
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("panel_decision", date(2026, 12, 7))


# --- the council's values -----------------------------------------------------------------------

MOVES = [
    # (setting, new value, case, expected due date once moved)
    ("acknowledgement_working_days", 2, ("ehe", "new"), date(2026, 9, 9)),
    ("judgement_after_initial_contact_working_days", 5, ("ehe", "informal_enquiry"), None),
    ("panel_decision_working_days", 5, ("ehe", "panel"), date(2026, 11, 9)),
    ("s437_review_days", 20, ("ehe", "s437_notice"), date(2026, 11, 22)),
    ("sao_review_working_days", 5, ("ehe", "sao_process"), date(2026, 11, 9)),
    ("return_review_working_days", 5, ("ehe", "returning_to_school"), date(2026, 11, 9)),
    ("cme_home_visit_working_days", 2, ("cme", "referred"), date(2026, 9, 9)),
    ("cme_enquiries_review_working_days", 5, ("cme", "enquiries"), date(2026, 11, 9)),
    ("cme_placing_review_working_days", 5, ("cme", "placing"), date(2026, 11, 9)),
    ("involvement_follow_up_working_days", 5, ("involvement", "open"), date(2026, 9, 14)),
    ("next_contact_months", 6, ("ehe", "suitable"), date(2027, 4, 1)),
    ("next_contact_months_first_year", 3, ("ehe", "suitable"), date(2027, 1, 1)),
]


@pytest.mark.parametrize(("setting", "value", "key", "moved_to"), MOVES)
def test_changing_a_value_moves_every_due_date_it_governs(officer, setting, value, key, moved_to):
    episodes = [case_in(*key, officer) for _ in range(2)]
    refresh_due_dates(today=TODAY)
    casework_settings_update(by=officer, today=TODAY, **{setting: value}, channel="web")
    for episode in episodes:
        episode.refresh_from_db()
        assert episode.next_due_on != EXPECTED[key][1]
        if moved_to is not None:
            assert episode.next_due_on == moved_to
    assert CaseworkSettings.current().due_values().__getattribute__(setting) == value


def test_a_value_changed_outside_the_service_moves_the_dates_at_the_next_refresh(officer):
    episode = case_in("ehe", "panel", officer)
    refresh_due_dates(today=TODAY)
    row = CaseworkSettings.current()
    row.panel_decision_working_days = 10
    row.save()
    episode.refresh_from_db()
    assert episode.next_due_on == date(2026, 11, 30)  # not yet
    assert refresh_due_dates(today=TODAY) == 1
    episode.refresh_from_db()
    assert episode.next_due_on == date(2026, 11, 16)


# --- next contact by risk tier ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "status", "setting"),
    [
        (ChildCSCStatus, "cpp", "next_contact_months_cpp"),
        (ChildCSCStatus, "cin", "next_contact_months_cin"),
        (ChildSENStatus, "ehcp", "next_contact_months_ehcp"),
    ],
)
def test_a_status_held_on_the_date_shortens_the_next_contact(officer, model, status, setting):
    casework_settings_update(by=officer, today=TODAY, **{setting: 3}, channel="web")
    old_hand = ChildFactory()
    now = ChildFactory()
    ended = ChildFactory()
    model.objects.create(child=now, status=status, valid_from=date(2025, 1, 1))
    model.objects.create(
        child=ended, status=status, valid_from=date(2025, 1, 1), valid_to=date(2026, 6, 1)
    )
    cases = {}
    for name, child in (("none", old_hand), ("now", now), ("ended", ended)):
        cases[name] = case_in("ehe", "suitable", officer, child=child, start_date=date(2024, 9, 2))
    refresh_due_dates(today=TODAY)
    due = {name: Episode.objects.get(pk=e.pk).next_due_on for name, e in cases.items()}
    assert due == {
        "none": date(2027, 10, 1),
        "now": date(2027, 1, 1),  # 3 months after the annual contact of 1 October
        "ended": date(2027, 10, 1),
    }


def test_setting_a_childs_status_moves_their_next_contact_at_once(officer):
    casework_settings_update(by=officer, today=TODAY, next_contact_months_cpp=3, channel="web")
    episode = case_in("ehe", "suitable", officer, start_date=date(2024, 9, 2))
    refresh_due_dates(today=TODAY)
    before = Episode.objects.get(pk=episode.pk).next_due_on
    child_csc_status_set(
        by=officer,
        child=episode.child,
        status="cpp",
        valid_from=date(2026, 11, 2),
        today=TODAY,
        channel="web",
    )
    after = Episode.objects.get(pk=episode.pk).next_due_on
    assert (before, after) == (date(2027, 10, 1), date(2027, 1, 1))


def test_no_contact_in_twelve_months_shortens_the_interval_and_shows_overdue(officer):
    casework_settings_update(
        by=officer, today=TODAY, next_contact_months_no_recent_contact=6, channel="web"
    )
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2024, 9, 2))
    Contact.objects.create(
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2025, 10, 1),
        officer=officer,
        outcome="completed",
    )
    refresh_due_dates(today=TODAY)
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("next_contact", date(2026, 4, 1))


def test_a_judgements_own_next_contact_date_is_kept_unless_a_tier_is_sooner(officer):
    child = ChildFactory()
    episode = case_in("ehe", "suitable", officer, child=child, start_date=date(2024, 9, 2))
    Judgement.objects.create(
        episode=episode,
        decided_on=date(2026, 10, 5),
        outcome="appears_suitable",
        decided_by=officer,
        next_contact_due=date(2027, 6, 1),
    )
    refresh_due_dates(today=TODAY)
    episode.refresh_from_db()
    assert episode.next_due_on == date(2027, 6, 1)
    casework_settings_update(by=officer, today=TODAY, next_contact_months_cpp=2, channel="web")
    ChildCSCStatus.objects.create(child=child, status="cpp", valid_from=date(2026, 11, 1))
    refresh_due_dates(today=TODAY)
    episode.refresh_from_db()
    assert episode.next_due_on == date(2026, 12, 5)


# --- refreshing after every write ---------------------------------------------------------------


def test_a_reply_received_makes_the_judgement_due(officer):
    from cases.services import information_reply_record

    episode = case_in("ehe", "information_requested", officer)
    refresh_due_dates(today=TODAY)
    request = InformationRequest.objects.get(episode=episode)
    information_reply_record(
        by=officer, request=request, received_on=date(2026, 11, 16), today=TODAY, channel="web"
    )
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("judgement", date(2026, 11, 30))


def test_a_contact_on_a_considering_ehe_case_moves_its_follow_up(officer):
    from cases.services import contact_record

    episode = case_in("involvement", "open", officer)
    contact_record(
        by=officer,
        episode=episode,
        contact_type="school_meeting",
        occurred_on=date(2026, 11, 16),
        outcome="completed",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == (
        "involvement_follow_up",
        date(2026, 11, 30),
    )
