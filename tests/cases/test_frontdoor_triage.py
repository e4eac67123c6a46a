"""The triage queue: everything waiting for the team, oldest first, one list; its count in the
navigation and on the officer and manager home pages."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import ConsentRequest
from cases.navigation import triage_counts
from cases.selectors.frontdoor import triage_count
from ehe.roles import Role
from policy.due import DueValues, initial_contact_due
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

LONDON = ZoneInfo("Europe/London")
OTHER_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]
ROW = re.compile(r'data-testid="triage-row" data-type="(\w+)">(.*?)</tr>', re.S)
DELETED = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def clock(time_machine):
    """Moves the clock to noon on a day; returns are stamped with the time they arrive."""

    def _at(on: date):
        time_machine.move_to(datetime(on.year, on.month, on.day, 12, 0, tzinfo=LONDON), tick=False)

    _at(TODAY)
    return _at


def ehe(first: str, last: str, *, start: date, **fields):
    return EHEEpisodeFactory(
        child__legal_first_name=first, child__legal_last_name=last, start_date=start, **fields
    )


def ambiguous_return(school, first: str, last: str):
    """A return whose pupil matches two children by name and date of birth: it must wait."""
    for _ in range(2):
        ChildFactory(legal_first_name=first, legal_last_name=last, date_of_birth=date(2014, 5, 17))
    r = submit(
        school, pupil_first_name=first, pupil_last_name=last, deletion_date=DELETED
    ).deletion_return
    r.refresh_from_db()
    assert r.outcome == "awaiting_match"
    return r


def consent_return(first: str, last: str):
    school = SchoolFactory(is_special=True, school_type="special")
    r = submit(
        school,
        placed_by_council=True,
        pupil_first_name=first,
        pupil_last_name=last,
        deletion_date=DELETED,
    ).deletion_return
    r.refresh_from_db()
    assert r.outcome == "consent_required"
    return r


def rows(response) -> list[tuple[str, str]]:
    """(type, name) for each row of the queue, in order."""
    found = []
    for kind, body in ROW.findall(response.content.decode()):
        name = re.search(r'data-testid="triage-name">([^<]+)<', body).group(1)
        found.append((kind, name))
    return found


def row_html(response, name: str) -> str:
    for _, body in ROW.findall(response.content.decode()):
        if f">{name}<" in body:
            return body
    raise AssertionError(f"{name} is not in the queue")


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


# --- who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
def test_officers_and_managers_open_triage(client_as, role):
    assert client_as(role).get(reverse("triage")).status_code == 200


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused_triage(client_as, role):
    EHEEpisodeFactory()
    response = client_as(role).get(reverse("triage"))
    assert response.status_code == 403
    assert b"Robin" not in response.content


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("triage"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- what it holds, and in what order --------------------------------------------------------


def test_every_kind_of_waiting_item_shows_oldest_first(as_officer, officer, clock):
    clock(date(2026, 11, 3))
    waiting_match = ambiguous_return(SchoolFactory(name="Birchfield Primary"), "Ada", "Match")
    clock(date(2026, 11, 10))
    consent = consent_return("Cy", "Consent")
    clock(TODAY)
    ehe("Eve", "New", start=date(2026, 11, 2))
    CMEEpisodeFactory(
        child__legal_first_name="Cam",
        child__legal_last_name="Missing",
        start_date=date(2026, 11, 5),
    )
    InvolvementFactory(
        child__legal_first_name="Ivy", child__legal_last_name="Thinking", start_date=TODAY
    )
    # Not waiting: allocated involvements, cases past their first step, closed cases,
    # returns already routed, consents already decided.
    InvolvementFactory(allocated_officer=officer, child__legal_first_name="Ian")
    ehe("Sam", "Suitable", start=date(2026, 1, 5), status="suitable")
    CMEEpisodeFactory(status="enquiries", child__legal_first_name="Enq")
    ehe("Cal", "Closed", start=date(2026, 1, 5), status="closed", end_date=date(2026, 6, 1))
    routed = submit(
        SchoolFactory(),
        pupil_first_name="Routed",
        ground="a",
        destination_known=True,
        destination_school_name="Elsewhere Academy",
        destination_local_authority="Another council",
        destination_in_area=False,
    ).deletion_return
    routed.refresh_from_db()
    assert routed.outcome == "recorded"

    response = as_officer.get(reverse("triage"))

    assert rows(response) == [
        ("ehe", "Eve New"),
        ("match", "Ada Match"),
        ("cme", "Cam Missing"),
        ("consent", "Cy Consent"),
        ("involvement", "Ivy Thinking"),
    ]
    html = response.content.decode()
    assert "5</b> items waiting" in html
    # Unmatched returns and consents for unknown pupils link to the return, not a child.
    assert f'href="/returns/{waiting_match.uid}/" data-testid="triage-name">Ada Match<' in html
    consent_row = row_html(response, "Cy Consent")
    assert f'href="/returns/{consent.uid}/"' in consent_row
    assert "Decision needed before the school removes the pupil" in consent_row
    assert "Managers" in consent_row
    assert "Not allocated" in row_html(response, "Cam Missing")
    assert "Start reasonable enquiries" in row_html(response, "Cam Missing")
    assert "From Birchfield Primary" in row_html(response, "Ada Match")
    assert f'href="/returns/{waiting_match.uid}/match/"' in row_html(response, "Ada Match")


def test_rows_show_received_date_days_waited_and_officer(as_officer, officer, clock):
    episode = ehe("Eve", "New", start=date(2026, 11, 13), allocated_officer=officer)
    clock(date(2026, 11, 16))
    ambiguous_return(SchoolFactory(), "Ada", "Match")
    clock(TODAY)
    response = as_officer.get(reverse("triage"))
    eve = row_html(response, "Eve New")
    assert "13\N{NO-BREAK SPACE}Nov\N{NO-BREAK SPACE}2026" in eve
    assert 'data-testid="waited">7 days<' in eve
    assert "Test Person" in eve
    assert f'href="/children/{episode.child.uid}/" data-testid="triage-name"' in eve
    ada = row_html(response, "Ada Match")
    assert "16\N{NO-BREAK SPACE}Nov\N{NO-BREAK SPACE}2026" in ada
    assert 'data-testid="waited">4 days<' in ada


def test_new_ehe_shows_initial_contact_due_and_overdue_when_past(as_officer, clock):
    late = date(2026, 10, 1)
    fresh = date(2026, 11, 18)
    ehe("Lou", "Late", start=late)
    ehe("Fay", "Fresh", start=fresh)
    response = as_officer.get(reverse("triage"))

    def short(on):
        return f"{on.day}\N{NO-BREAK SPACE}{on:%b}\N{NO-BREAK SPACE}{on.year}"

    late_row = row_html(response, "Lou Late")
    late_due = initial_contact_due(late, DueValues())
    assert late_due < TODAY
    assert short(late_due) in late_row and "Initial contact due" in late_row
    assert "Overdue" in late_row
    fresh_row = row_html(response, "Fay Fresh")
    fresh_due = initial_contact_due(fresh, DueValues())
    assert fresh_due > TODAY
    assert short(fresh_due) in fresh_row
    assert "Overdue" not in fresh_row


@pytest.mark.parametrize(
    ("type_code", "expected"),
    [
        ("ehe", [("ehe", "Eve New")]),
        ("cme", [("cme", "Cam Missing")]),
        ("involvement", [("involvement", "Ivy Thinking")]),
        ("match", [("match", "Ada Match")]),
        ("consent", [("consent", "Cy Consent")]),
    ],
)
def test_filter_by_type_shows_only_that_type(as_manager, clock, type_code, expected):
    ehe("Eve", "New", start=date(2026, 11, 2))
    CMEEpisodeFactory(child__legal_first_name="Cam", child__legal_last_name="Missing")
    InvolvementFactory(child__legal_first_name="Ivy", child__legal_last_name="Thinking")
    ambiguous_return(SchoolFactory(), "Ada", "Match")
    consent_return("Cy", "Consent")
    response = as_manager.get(reverse("triage"), {"type": type_code})
    assert rows(response) == expected
    current = rf'href="/triage/\?type={type_code}" aria-current="page"'
    assert re.search(current, response.content.decode())


def test_an_unknown_type_shows_everything(as_officer):
    ehe("Eve", "New", start=date(2026, 11, 2))
    CMEEpisodeFactory(child__legal_first_name="Cam", child__legal_last_name="Missing")
    response = as_officer.get(reverse("triage"), {"type": "nonsense"})
    assert response.status_code == 200
    assert len(rows(response)) == 2


def test_consent_action_says_decide_for_managers_and_view_for_officers(client, make_user):
    consent_return("Cy", "Consent")
    consent = ConsentRequest.objects.get()
    client.force_login(make_user(Role.MANAGER))
    html = client.get(reverse("triage")).content.decode()
    assert f'href="/consents/{consent.pk}/">Decide<' in html
    client.force_login(make_user(Role.OFFICER))
    html = client.get(reverse("triage")).content.decode()
    assert f'href="/consents/{consent.pk}/">View request<' in html


def test_empty_queue_says_so(as_officer):
    html = as_officer.get(reverse("triage")).content.decode()
    assert "Nothing is waiting" in html
    assert 'data-testid="triage-table"' not in html


def test_the_queue_is_paginated_in_fifties(as_officer):
    for n in range(53):
        EHEEpisodeFactory(start_date=date(2026, 1, 1) + timedelta(days=n))
    first = as_officer.get(reverse("triage"))
    assert len(rows(first)) == 50
    assert 'href="/triage/?page=2"' in first.content.decode()
    second = as_officer.get(reverse("triage"), {"page": 2})
    assert len(rows(second)) == 3
    filtered = as_officer.get(reverse("triage"), {"type": "ehe"})
    assert 'href="/triage/?type=ehe&amp;page=2"' in filtered.content.decode()


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("triage"), params or {})
    assert response.status_code == 200
    return len(captured), response


def _one_of_each(n: int):
    ehe(f"Eve{n}", "New", start=date(2026, 11, 2))
    CMEEpisodeFactory()
    InvolvementFactory()
    ambiguous_return(SchoolFactory(), f"Ada{n}", "Match")
    consent_return(f"Cy{n}", "Consent")


def test_the_queue_runs_the_same_number_of_queries_for_5_or_20_rows(as_manager):
    _one_of_each(0)
    few, response = _queries(as_manager)
    assert len(rows(response)) == 5
    for n in range(1, 4):
        _one_of_each(n)
    many, response = _queries(as_manager)
    assert len(rows(response)) == 20
    assert few == many


# --- counts: navigation and home pages --------------------------------------------------------


def nav_badge(html: str, href: str) -> str | None:
    """The count beside the navigation entry that links to ``href``."""
    block = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
    for item in re.findall(r"<li.*?</li>", block, re.S):
        if f'href="{href}"' in item:
            badge = re.search(r'app-service-navigation__count">(\d+)<', item)
            return badge.group(1) if badge else None
    raise AssertionError(f"{href} is not in the navigation")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
def test_navigation_shows_triage_with_the_number_waiting(client_as, role):
    ehe("Eve", "New", start=date(2026, 11, 2))
    CMEEpisodeFactory()
    ambiguous_return(SchoolFactory(), "Ada", "Match")
    html = client_as(role).get(reverse("triage")).content.decode()
    assert nav_badge(html, "/triage/") == "3"
    assert re.search(r'href="/triage/" aria-current="page"', html)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_no_triage_entry_or_count(client_as, make_user, role):
    EHEEpisodeFactory()
    user = make_user(role)
    assert triage_counts(user) == {}
    html = client_as(role).get("/", follow=True).content.decode()
    assert 'href="/triage/"' not in html


def test_triage_count_is_one_query(officer, django_assert_num_queries):
    _one_of_each(0)
    officer.roles  # noqa: B018 - the role cache belongs to the request, not the count
    with django_assert_num_queries(1):
        counts = triage_counts(officer)
    assert counts == {"cases.triage": 5}
    assert triage_count() == 5


def test_officer_home_shows_items_waiting_in_triage(as_officer):
    _one_of_each(0)
    html = as_officer.get(reverse("officer-home")).content.decode()
    assert 'data-testid="triage-waiting" class="app-dashboard-card__figure">5<' in html
    assert 'data-testid="consents-waiting"' not in html


def test_manager_home_shows_triage_and_consent_decisions_waiting(as_manager, make_user):
    _one_of_each(0)
    consent_return("Cy", "Second")
    decided = ConsentRequest.objects.first()
    decided.decision = "refused"
    decided.save()
    html = as_manager.get(reverse("manager-home")).content.decode()
    assert 'data-testid="triage-waiting" class="app-dashboard-card__figure">5<' in html
    assert 'data-testid="consents-waiting" class="app-dashboard-card__figure">1<' in html
    assert 'href="/triage/?type=consent"' in html


def test_triage_offers_the_two_ways_a_child_reaches_the_team_by_hand(client_as):
    from ehe.roles import Role

    html = client_as(Role.OFFICER).get("/triage/").content.decode()
    assert 'href="/cme/referrals/new/"' in html
    assert 'href="/children/new/"' in html


def test_new_home_education_case_shows_its_acknowledgement_letter_until_one_is_sent(
    client_as, officer, time_machine
):
    from datetime import date

    from cases.services import contact_record
    from ehe.roles import Role
    from tests.cases.factories import EHEEpisodeFactory

    time_machine.move_to(date(2026, 11, 20))
    episode = EHEEpisodeFactory(status="new", start_date=date(2026, 11, 16))
    client = client_as(Role.OFFICER)
    # Dates are printed with non-breaking spaces.
    html = client.get("/triage/").content.decode().replace("\xa0", " ")
    assert "Acknowledgement letter due 23 Nov 2026" in html
    contact_record(
        by=officer,
        episode=episode,
        contact_type="letter",
        occurred_on=date(2026, 11, 17),
        outcome="completed",
        notes="Welcome letter posted",
        today=date(2026, 11, 20),
        channel="web",
    )
    assert "Acknowledgement letter due" not in client.get("/triage/").content.decode()
