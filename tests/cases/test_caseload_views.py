"""The list screens: caseload, team and allocation, child search, navigation counts and the
officer and manager home pages."""

import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import ehe.urls
from cases.models import Alert, AuditEntry, Child, Episode, EpisodeEvent
from cases.navigation import casework_counts
from cases.selectors import child_search
from cases.services import child_create, child_update
from ehe import navigation as nav_module
from ehe.navigation import HOME, NavEntry, navigation, register_nav_entry
from ehe.roles import Role
from policy.upn import upn_check_letter
from tests.cases.conftest import TODAY
from tests.cases.factories import (
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
)

pytestmark = pytest.mark.django_db

OTHER_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]
CHILD_LINK = re.compile(r'href="/children/([0-9a-f-]{36})/">([^<]+)</a>')


@pytest.fixture(autouse=True)
def frozen_today(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def ehe(name: str, *, officer=None, **fields) -> Episode:
    first, last = name.split()
    return EHEEpisodeFactory(
        child__legal_first_name=first,
        child__legal_last_name=last,
        allocated_officer=officer,
        **fields,
    )


def names(response) -> list[str]:
    """Children named in the page's list, in order (each row links to the child page)."""
    return [name for _, name in CHILD_LINK.findall(response.content.decode())]


def valid_upn(body: str = "801123456789") -> str:
    return upn_check_letter(body) + body


# --- who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["caseload", "child-search", "team", "manager-home"])
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused_the_list_screens(client_as, role, url_name):
    response = client_as(role).get(reverse(url_name))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url_name", ["caseload", "child-search", "team", "officer-home", "manager-home"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
@pytest.mark.parametrize("url_name", ["caseload", "child-search"])
def test_officers_and_managers_open_caseload_and_search(client_as, role, url_name):
    assert client_as(role).get(reverse(url_name)).status_code == 200


def test_team_page_is_for_managers_only(client_as):
    assert client_as(Role.MANAGER).get(reverse("team")).status_code == 200
    assert client_as(Role.OFFICER).get(reverse("team")).status_code == 403


@pytest.mark.parametrize("role", [Role.OFFICER, *OTHER_ROLES])
def test_only_managers_may_allocate(client_as, role, officer):
    episode = ehe("Ava Unallocated")
    response = client_as(role).post(
        reverse("team-allocate"),
        {"episode": episode.uid, "officer": officer.pk, "version": episode.version},
    )
    assert response.status_code == 403
    episode.refresh_from_db()
    assert episode.allocated_officer is None
    assert not EpisodeEvent.objects.filter(episode=episode).exists()


def test_anonymous_cannot_allocate_or_acknowledge(client, officer):
    episode = ehe("Ava Unallocated")
    response = client.post(
        reverse("team-allocate"),
        {"episode": episode.uid, "officer": officer.pk, "version": episode.version},
    )
    assert response.status_code == 302
    alert = Alert.objects.create(kind="safeguarding", child=episode.child)
    assert client.post(reverse("alert-acknowledge"), {"alert": alert.pk}).status_code == 302
    episode.refresh_from_db()
    alert.refresh_from_db()
    assert episode.allocated_officer is None
    assert alert.acknowledged_at is None


# --- caseload: scope, filters, sort, pages ---------------------------------------------------


def test_caseload_shows_my_open_cases_by_default(as_officer, officer, make_user):
    colleague = make_user(Role.OFFICER)
    ehe("Ava Mine", officer=officer)
    ehe("Ben Theirs", officer=colleague)
    ehe("Cal Nobody")
    ehe("Dee Closed", officer=officer, status="closed", end_date=date(2026, 10, 1))
    assert names(as_officer.get(reverse("caseload"))) == ["Ava Mine"]


def test_officer_can_switch_to_all_team_cases_but_not_pick_a_colleague(
    as_officer, officer, make_user
):
    colleague = make_user(Role.OFFICER)
    ehe("Ava Mine", officer=officer, next_due_on=date(2026, 12, 1))
    ehe("Ben Theirs", officer=colleague, next_due_on=date(2026, 12, 2))
    ehe("Cal Nobody", next_due_on=date(2026, 12, 3))
    team = as_officer.get(reverse("caseload"), {"scope": "team"})
    assert names(team) == ["Ava Mine", "Ben Theirs", "Cal Nobody"]
    # The officer selector is a manager's tool; an officer's request for it is not honoured.
    assert 'name="officer"' not in team.content.decode()
    picked = as_officer.get(reverse("caseload"), {"officer": colleague.pk})
    assert names(picked) == ["Ava Mine"]


def test_manager_sees_an_officer_selector_that_filters(as_manager, officer, make_user):
    colleague = make_user(Role.OFFICER)
    ehe("Ava First", officer=officer)
    ehe("Ben Second", officer=colleague)
    response = as_manager.get(reverse("caseload"), {"officer": colleague.pk})
    assert names(response) == ["Ben Second"]
    assert f'<option value="{colleague.pk}" selected>' in response.content.decode()


def test_kind_and_status_filters(as_officer, officer):
    ehe("Ava New", officer=officer, next_due_on=date(2026, 12, 1))
    ehe("Ben Suitable", officer=officer, status="suitable", next_due_on=date(2026, 12, 2))
    CMEEpisodeFactory(
        child__legal_first_name="Cal",
        child__legal_last_name="Missing",
        allocated_officer=officer,
        next_due_on=date(2026, 12, 3),
    )
    url = reverse("caseload")
    assert names(as_officer.get(url, {"kind": "cme"})) == ["Cal Missing"]
    assert names(as_officer.get(url, {"kind": "ehe"})) == ["Ava New", "Ben Suitable"]
    assert names(as_officer.get(url, {"status": "suitable"})) == ["Ben Suitable"]
    assert names(as_officer.get(url, {"kind": "ehe", "status": "new"})) == ["Ava New"]


def test_status_choices_are_grouped_by_kind(as_officer):
    html = as_officer.get(reverse("caseload")).content.decode()
    assert '<optgroup label="Elective home education">' in html
    assert '<optgroup label="Child missing education">' in html
    assert '<option value="referred">Referred</option>' in html
    assert '<option value="closed">' not in html


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("overdue", ["Ava Late"]),
        ("7", ["Ben Today", "Cal Week"]),
        ("14", ["Ben Today", "Cal Week", "Dee Fortnight"]),
        ("28", ["Ben Today", "Cal Week", "Dee Fortnight", "Eve Month"]),
    ],
)
def test_due_filters(as_officer, officer, due, expected):
    ehe("Ava Late", officer=officer, next_due_on=TODAY - timedelta(days=1))
    ehe("Ben Today", officer=officer, next_due_on=TODAY)
    ehe("Cal Week", officer=officer, next_due_on=TODAY + timedelta(days=7))
    ehe("Dee Fortnight", officer=officer, next_due_on=TODAY + timedelta(days=14))
    ehe("Eve Month", officer=officer, next_due_on=TODAY + timedelta(days=28))
    ehe("Fay Later", officer=officer, next_due_on=TODAY + timedelta(days=29))
    assert names(as_officer.get(reverse("caseload"), {"due": due})) == expected


def test_new_and_unallocated_filters(as_officer, officer, make_user):
    colleague = make_user(Role.OFFICER)
    ehe("Ava New", officer=officer, next_due_on=date(2026, 12, 1))
    ehe("Ben Enquiry", officer=officer, status="informal_enquiry", next_due_on=date(2026, 12, 2))
    InvolvementFactory(
        child__legal_first_name="Cal",
        child__legal_last_name="Considering",
        allocated_officer=officer,
        next_due_on=date(2026, 12, 3),
    )
    ehe("Dee Unallocated", next_due_on=date(2026, 12, 4))
    ehe("Eve Colleague", officer=colleague, next_due_on=date(2026, 12, 5))
    url = reverse("caseload")
    assert names(as_officer.get(url, {"new": "1"})) == ["Ava New", "Cal Considering"]
    # Unallocated cases belong to nobody, so that filter looks across the team.
    assert names(as_officer.get(url, {"unallocated": "1"})) == ["Dee Unallocated"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "flying"}, "Status"),
        ({"sort": "shoe-size"}, "Sort by"),
        ({"kind": "pirate"}, "Kind of case"),
        ({"due": "yesterday"}, "Next due"),
        ({"officer": "not-a-number"}, "Allocated to"),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_message(as_manager, manager, params, field):
    ehe("Ava Mine", officer=manager, next_due_on=date(2026, 12, 1))
    ehe("Ben Mine", officer=manager, next_due_on=date(2026, 12, 2))
    response = as_manager.get(reverse("caseload"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not recognised" in html
    assert f"{field}: the value given was not recognised, so it was ignored." in html
    assert names(response) == ["Ava Mine", "Ben Mine"]
    assert "<title>Error" not in html


def test_a_status_of_another_kind_is_ignored_and_said_so(as_officer, officer):
    ehe("Ava Mine", officer=officer)
    response = as_officer.get(reverse("caseload"), {"kind": "ehe", "status": "referred"})
    html = response.content.decode()
    assert "Status: &#x27;Referred&#x27; is not a status of elective home education cases" in html
    assert names(response) == ["Ava Mine"]


def test_sorting_by_each_column_orders_the_rows(as_officer, officer):
    ehe(
        "Ava Young",
        officer=officer,
        status="suitable",
        start_date=date(2026, 3, 1),
        next_due_on=date(2027, 3, 1),
    )
    ehe(
        "Ben Xavier",
        officer=officer,
        status="informal_enquiry",
        start_date=date(2026, 1, 1),
        next_due_on=date(2026, 12, 1),
    )
    ehe(
        "Cal Zed",
        officer=officer,
        status="new",
        start_date=date(2026, 2, 1),
        next_due_on=date(2026, 11, 25),
    )
    url = reverse("caseload")
    assert names(as_officer.get(url)) == ["Cal Zed", "Ben Xavier", "Ava Young"]  # next due
    assert names(as_officer.get(url, {"sort": "-due"})) == ["Ava Young", "Ben Xavier", "Cal Zed"]
    assert names(as_officer.get(url, {"sort": "name"})) == ["Ben Xavier", "Ava Young", "Cal Zed"]
    assert names(as_officer.get(url, {"sort": "-name"})) == ["Cal Zed", "Ava Young", "Ben Xavier"]
    assert names(as_officer.get(url, {"sort": "start"})) == ["Ben Xavier", "Cal Zed", "Ava Young"]
    assert names(as_officer.get(url, {"sort": "-start"})) == [
        "Ava Young",
        "Cal Zed",
        "Ben Xavier",
    ]
    assert names(as_officer.get(url, {"sort": "status"})) == [
        "Ben Xavier",
        "Cal Zed",
        "Ava Young",
    ]


def test_sort_headers_carry_aria_sort_and_keep_the_filters(as_officer, officer):
    ehe("Ava Mine", officer=officer, next_due_on=TODAY + timedelta(days=3))
    html = as_officer.get(reverse("caseload"), {"sort": "-name", "due": "28"}).content.decode()
    headers = re.findall(r'<th scope="col" class="govuk-table__header" aria-sort="(\w+)">', html)
    assert headers == ["descending", "none", "none", "none"]
    # Choosing the name column again sorts A to Z, keeping the filter and no other values.
    assert 'href="/caseload/?due=28&amp;sort=name"' in html
    assert 'href="/caseload/?due=28&amp;sort=status"' in html


def test_caseload_is_paginated_by_fifty_keeping_filters(as_officer, officer):
    for n in range(55):
        ehe(f"Kid Number{n:02d}", officer=officer, next_due_on=TODAY + timedelta(days=n % 20))
    url = reverse("caseload")
    first = as_officer.get(url, {"sort": "name", "due": "28"})
    assert names(first) == [f"Kid Number{n:02d}" for n in range(50)]
    html = first.content.decode()
    assert "Showing <b>1</b> to <b>50</b> of <b>55</b> cases" in html
    assert 'href="/caseload/?due=28&amp;sort=name&amp;page=2" rel="next"' in html
    second = as_officer.get(url, {"sort": "name", "due": "28", "page": "2"})
    assert names(second) == [f"Kid Number{n:02d}" for n in range(50, 55)]
    assert 'rel="prev"' in second.content.decode()
    # A page that does not exist shows the nearest real one rather than failing.
    assert names(as_officer.get(url, {"sort": "name", "page": "99"}))[0] == "Kid Number50"
    assert names(as_officer.get(url, {"sort": "name", "page": "x"}))[0] == "Kid Number00"


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_caseload_runs_the_same_number_of_queries_for_2_or_30_rows(as_manager, manager):
    for n in range(2):
        ehe(f"Few Rows{n}", officer=manager, next_due_on=TODAY + timedelta(days=n))
    few = _queries(as_manager, reverse("caseload"), {"scope": "team"})
    for n in range(28):
        EHEEpisodeFactory(allocated_officer=manager if n % 2 else None, next_due_on=TODAY)
    assert len(names(as_manager.get(reverse("caseload"), {"scope": "team"}))) == 30
    many = _queries(as_manager, reverse("caseload"), {"scope": "team"})
    assert few == many


def test_each_row_shows_link_year_group_status_due_and_officer(as_officer, officer):
    episode = ehe(
        "Ava Row",
        officer=officer,
        status="information_requested",
        next_due_on=TODAY - timedelta(days=3),
        next_due_kind="information_reply",
        child__date_of_birth=date(2014, 5, 17),
    )
    html = as_officer.get(reverse("caseload")).content.decode()
    assert f'href="/children/{episode.child.uid}/">Ava Row</a>' in html
    assert "Year 8" in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Information requested</strong>' in html
    assert "17\xa0Nov\xa02026" in html  # kept on one line
    assert "Reply to information request" in html
    assert '<strong class="govuk-tag govuk-tag--red govuk-!-margin-top-1">Overdue</strong>' in html
    assert "Test Person" in html
    # The date of birth is not shown: the list stays lean.
    assert "17 May 2014" not in html


def test_caseload_addresses_hold_no_personal_data(as_officer, officer):
    for n in range(55):
        ehe(f"Kid Private{n:02d}", officer=officer)
    html = as_officer.get(reverse("caseload"), {"sort": "name"}).content.decode()
    for href in re.findall(r'href="(/caseload/[^"]*)"', html):
        assert "Private" not in href and "Kid" not in href


# --- team page and allocation ----------------------------------------------------------------


def test_team_page_shows_workload_and_the_unallocated_cases(as_manager, officer):
    ehe("Ava Late", officer=officer, next_due_on=TODAY - timedelta(days=2))
    ehe("Ben Fine", officer=officer, status="suitable", next_due_on=TODAY + timedelta(days=90))
    waiting = ehe("Cal Waiting", next_due_on=TODAY + timedelta(days=5))
    html = as_manager.get(reverse("team")).content.decode()
    row = re.search(rf"officer={officer.pk}\">Test Person</a></th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r">\s*(?:<strong[^>]*>)?(\d+)", row) == ["2", "1", "1"]
    assert names(as_manager.get(reverse("team"))) == ["Cal Waiting"]
    assert f'name="episode" value="{waiting.uid}"' in html
    assert f'name="version" value="{waiting.version}"' in html
    assert "1 case waiting to be allocated" in html


def test_manager_allocates_a_case(as_manager, manager, officer):
    episode = ehe("Ava Waiting")
    response = as_manager.post(
        reverse("team-allocate"),
        {"episode": episode.uid, "officer": officer.pk, "version": episode.version},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("team")
    assert "Case allocated to Test Person" in response.content.decode()
    episode.refresh_from_db()
    assert episode.allocated_officer == officer
    assert episode.version == 2
    event = EpisodeEvent.objects.get(episode=episode, action="allocated")
    assert event.by == manager
    assert names(response) == []


def test_allocating_from_an_out_of_date_page_is_refused(as_manager, make_user, officer):
    episode = ehe("Ava Waiting")
    seen_version = episode.version
    # A colleague allocates it first.
    episode.allocated_officer = make_user(Role.OFFICER)
    episode.version += 1
    episode.save()
    response = as_manager.post(
        reverse("team-allocate"),
        {"episode": episode.uid, "officer": officer.pk, "version": seen_version},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Someone else changed this case while you were editing it" in html
    episode.refresh_from_db()
    assert episode.allocated_officer != officer
    assert episode.version == seen_version + 1
    assert not EpisodeEvent.objects.filter(episode=episode).exists()


@pytest.mark.parametrize(
    ("officer_value", "message"),
    [("", "Choose who to allocate the case to"), ("analyst", "Choose an officer from the list")],
)
def test_allocation_needs_a_casework_officer(as_manager, make_user, officer_value, message):
    episode = ehe("Ava Waiting")
    if officer_value == "analyst":
        officer_value = make_user(Role.ANALYST).pk
    response = as_manager.post(
        reverse("team-allocate"),
        {"episode": episode.uid, "officer": officer_value, "version": episode.version},
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'<a href="#officer-{episode.uid}">{message}</a>' in html
    assert f'id="officer-{episode.uid}-error"' in html
    episode.refresh_from_db()
    assert episode.allocated_officer is None
    assert episode.version == 1


def test_allocating_an_unknown_case_says_so(as_manager, officer):
    response = as_manager.post(
        reverse("team-allocate"), {"episode": uuid.uuid4(), "officer": officer.pk, "version": 1}
    )
    assert "That case could not be found" in response.content.decode()


def test_allocate_is_post_only(as_manager):
    assert as_manager.get(reverse("team-allocate")).status_code == 405


def test_team_page_runs_the_same_number_of_queries_for_2_or_30_cases(as_manager, officer):
    for _ in range(2):
        EHEEpisodeFactory(next_due_on=TODAY)
    few = _queries(as_manager, reverse("team"))
    for _ in range(28):
        EHEEpisodeFactory(next_due_on=TODAY)
    assert len(names(as_manager.get(reverse("team")))) == 30
    assert _queries(as_manager, reverse("team")) == few


# --- child search ----------------------------------------------------------------------------


@pytest.fixture
def searchable():
    upn = valid_upn()
    wren = ChildFactory(
        legal_first_name="Wren",
        legal_last_name="Ashdown",
        date_of_birth=date(2013, 2, 14),
        upn=upn,
    )
    EHEEpisodeFactory(child=wren, status="suitable")
    CMEEpisodeFactory(child=wren, status="closed", end_date=date(2026, 10, 1))
    ChildFactory(
        legal_first_name="Rowan", legal_last_name="Ashdown", date_of_birth=date(2015, 6, 1)
    )
    ChildFactory(
        legal_first_name="Wren", legal_last_name="Fielding", date_of_birth=date(2013, 2, 14)
    )
    return wren


def search(client, **fields):
    data = {"name": "", "dob_day": "", "dob_month": "", "dob_year": "", "upn": "", **fields}
    return client.post(reverse("child-search"), data)


def test_search_page_shows_an_empty_form_on_get(as_officer, searchable):
    response = as_officer.get(reverse("child-search"))
    html = response.content.decode()
    assert '<form method="post" action="/children/search/"' in html
    assert names(response) == []
    assert "found" not in html
    assert AuditEntry.objects.count() == 0


def test_search_by_name(as_officer, searchable):
    assert names(search(as_officer, name="ashdown")) == ["Rowan Ashdown", "Wren Ashdown"]
    assert names(search(as_officer, name="wren ash")) == ["Wren Ashdown"]


def test_search_by_date_of_birth(as_officer, searchable):
    response = search(as_officer, dob_day="14", dob_month="2", dob_year="2013")
    assert names(response) == ["Wren Ashdown", "Wren Fielding"]


def test_search_by_upn_shows_the_child_and_open_cases(as_officer, searchable):
    response = search(as_officer, upn=searchable.upn.lower())
    html = response.content.decode()
    assert names(response) == ["Wren Ashdown"]
    assert f'href="/children/{searchable.uid}/"' in html
    assert "14 February 2013" in html
    assert searchable.upn in html
    assert '<strong class="govuk-tag govuk-tag--green">Appears suitable</strong>' in html
    assert "Making enquiries" not in html and "Closed" not in html  # closed cases are not listed


def test_all_fields_given_must_all_match(as_officer, searchable):
    response = search(as_officer, name="Wren", dob_day="14", dob_month="2", dob_year="2013")
    assert names(response) == ["Wren Ashdown", "Wren Fielding"]
    assert (
        names(search(as_officer, name="Rowan", dob_day="14", dob_month="2", dob_year="2013")) == []
    )


def test_no_match_says_so(as_officer, searchable):
    html = search(as_officer, name="Nobody").content.decode()
    assert "No children found" in html
    assert AuditEntry.objects.count() == 0


def test_search_needs_at_least_one_field(as_officer, searchable):
    html = search(as_officer).content.decode()
    assert "There is a problem" in html
    assert 'href="#id_name">Enter a name, a date of birth or a UPN to search for</a>' in html
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("dob", "anchor", "message"),
    [
        (("31", "2", "2014"), "id_dob_day", "Date of birth must be a real date"),
        (("aa", "2", "2014"), "id_dob_day", "Date of birth must be a real date"),
        (("1", "13", "2014"), "id_dob_day", "Date of birth must be a real date"),
        (("1", "", "2014"), "id_dob_month", "Date of birth must include a month"),
        (("", "", "2014"), "id_dob_day", "Date of birth must include a day and month"),
        (("1", "2", "14"), "id_dob_year", "Year must include 4 numbers"),
        (("1", "2", "2030"), "id_dob_day", "Date of birth must be in the past"),
    ],
)
def test_bad_dates_of_birth_get_a_field_error(as_officer, searchable, dob, anchor, message):
    day, month, year = dob
    html = search(as_officer, dob_day=day, dob_month=month, dob_year=year).content.decode()
    assert f'<a href="#{anchor}">{message}</a>' in html
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert "govuk-input--error" in html
    assert f'value="{year}"' in html  # what was typed is kept
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("upn", "message"),
    [
        ("A12345", "A UPN has 13 characters"),
        ("1234567890123", "A UPN is a letter, 11 digits, then a digit or letter (no I, O or S)"),
    ],
)
def test_malformed_upn_gets_the_reason(as_officer, searchable, upn, message):
    html = search(as_officer, upn=upn).content.decode()
    assert f'<a href="#id_upn">{message}</a>' in html
    assert AuditEntry.objects.count() == 0


def test_upn_with_a_wrong_check_letter_is_refused(as_officer, searchable):
    wrong = ("B" if searchable.upn[0] != "B" else "C") + searchable.upn[1:]
    html = search(as_officer, upn=wrong).content.decode()
    assert "The UPN&#x27;s check letter does not match the rest of the number" in html


def test_search_is_posted_so_nothing_personal_reaches_the_address(as_officer, searchable):
    response = search(as_officer, name="Wren", upn=searchable.upn)
    assert response.status_code == 200
    # The results come back in the POST's own response: no redirect to a results address.
    assert response.request["PATH_INFO"] == "/children/search/"
    assert response.request.get("QUERY_STRING", "") == ""
    html = response.content.decode()
    for href in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert "Wren" not in href and searchable.upn not in href and "2013" not in href
    # A search sent as a GET is not run: it shows the empty form.
    got = as_officer.get(reverse("child-search"), {"name": "Wren"})
    assert names(got) == []
    assert AuditEntry.objects.filter(detail="search result").count() == 1


def test_each_child_listed_is_an_audited_read(as_officer, officer, searchable):
    search(as_officer, name="Wren")
    entries = AuditEntry.objects.order_by("child_id")
    fielding = Child.objects.get(legal_last_name="Fielding")
    listed = sorted([searchable.pk, fielding.pk])
    assert [e.child_id for e in entries] == listed
    for entry in entries:
        assert entry.actor == officer
        assert entry.action == "view"
        assert entry.detail == "search result"
        assert entry.channel == "web"
        assert entry.object_type == "cases.child"


def test_search_runs_the_same_number_of_queries_for_2_or_20_results(as_officer):
    def timed() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = search(as_officer, name="Many")
        return len(captured), len(names(response))

    for _ in range(2):
        EHEEpisodeFactory(child__legal_last_name="Many")
    few, shown = timed()
    assert shown == 2
    for _ in range(18):
        EHEEpisodeFactory(child__legal_last_name="Many")
    many, shown = timed()
    assert shown == 20
    assert few == many


# Realistic names, added through the service as the screens do, so the search keys are
# the service's own.
FAMILY_NAMES = [
    ("Aoife", "", "O'Brien", ""),
    ("Zoë", "", "Nuñez", ""),
    ("Tom", "", "Smith-Jones", ""),
    ("Robert", "Seán", "Ó Súilleabháin", "Bobby"),
    ("Brianna", "", "Smithers", ""),
]


@pytest.fixture
def families(officer):
    return {
        last: child_create(
            by=officer,
            legal_first_name=first,
            legal_middle_names=middle,
            legal_last_name=last,
            preferred_name=preferred,
            date_of_birth=date(2014, 5, 17),
            known_from=TODAY,
            channel="web",
        )
        for first, middle, last, preferred in FAMILY_NAMES
    }


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("O'Brien", ["O'Brien"]),
        ("OBrien", ["O'Brien"]),
        ("obrien", ["O'Brien"]),
        ("o brien", ["O'Brien"]),
        ("aoife o’brien", ["O'Brien"]),
        ("Zoe", ["Nuñez"]),
        ("zoë nunez", ["Nuñez"]),
        ("NUNEZ", ["Nuñez"]),
        ("Smith", ["Smith-Jones", "Smithers"]),
        ("Jones", ["Smith-Jones"]),
        ("smith jones", ["Smith-Jones"]),
        ("smithjones", ["Smith-Jones"]),
        ("bobby", ["Ó Súilleabháin"]),
        ("sean o suilleabhain", ["Ó Súilleabháin"]),
        ("Roberta", []),
    ],
)
def test_search_finds_names_however_they_are_typed(officer, families, typed, found):
    results = child_search(officer, name=typed)
    assert sorted(child.legal_last_name for child in results) == sorted(found)


def test_search_by_name_takes_two_queries_however_many_match(officer, families):
    for n in range(30):
        EHEEpisodeFactory(child__legal_last_name=f"Smith-Lee{n}")
    assert officer.has_role(Role.OFFICER)  # roles are read once per request, not per search
    with CaptureQueriesContext(connection) as captured:
        found = list(child_search(officer, name="smith"))
    assert len(found) == 32
    assert len(captured) == 2  # the children, then their open cases


def test_renaming_a_child_changes_what_search_finds(officer, families):
    child = families["Smithers"]
    child_update(
        by=officer,
        child=child,
        expected_version=child.version,
        legal_last_name="D'Arcy-Webb",
        channel="web",
    )
    assert [c.pk for c in child_search(officer, name="darcy")] == [child.pk]
    assert [c.pk for c in child_search(officer, name="webb")] == [child.pk]
    assert child_search(officer, name="smithers").count() == 0


def test_search_screen_finds_a_name_typed_without_its_apostrophe(as_officer, families):
    response = search(as_officer, name="o brien")
    assert names(response) == ["Aoife O&#x27;Brien"]  # as the page escapes it


def test_search_by_upn_accepts_spaces_inside(as_officer, searchable):
    upn = searchable.upn
    response = search(as_officer, upn=f"{upn[:1].lower()} {upn[1:4]} {upn[4:8]} {upn[8:]}")
    assert names(response) == ["Wren Ashdown"]


def test_a_upn_from_an_unknown_local_authority_is_refused_on_the_search_screen(as_officer):
    html = search(as_officer, upn=upn_check_letter("999123456789") + "999123456789").content
    assert (
        '<a href="#id_upn">The UPN&#x27;s local authority number (999, characters 2 to 4) is not '
        "one that DfE recognises</a>"
    ) in html.decode()


def test_the_migration_fills_the_search_keys_of_children_already_held(families):
    from importlib import import_module

    from django.apps import apps

    Child.objects.update(name_search="")
    import_module("cases.migrations.0011_search_and_text_limits").fill_name_search(apps, None)
    assert Child.objects.get(legal_last_name="O'Brien").name_search == "aoife obrien"
    assert "osuilleabhain" in Child.objects.get(preferred_name="Bobby").name_search


def test_search_shows_at_most_fifty_and_says_there_are_more(as_officer):
    for n in range(52):
        ChildFactory(legal_first_name=f"Lots{n:02d}", legal_last_name="Alike")
    response = search(as_officer, name="Alike")
    assert len(names(response)) == 50
    assert "Only the first 50 matches are shown" in response.content.decode()
    assert AuditEntry.objects.count() == 50


# --- navigation ------------------------------------------------------------------------------


def nav(html: str) -> list[tuple[str, str | None]]:
    """(text, badge) for each navigation item."""
    block = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
    items = []
    for item in re.findall(r"<li.*?</li>", block, re.S):
        text = re.sub(r"<span class=\"moj-badge.*?</span>", "", item, flags=re.S)
        text = re.sub(r"<[^>]+>", "", text).split()
        badge = re.search(r'app-service-navigation__count">(\d+)<', item)
        items.append((" ".join(text), badge.group(1) if badge else None))
    return items


def test_officer_navigation_shows_caseload_count_and_search(as_officer, officer, make_user):
    ehe("Ava Mine", officer=officer)
    ehe("Ben Mine", officer=officer, next_due_on=TODAY - timedelta(days=1))
    ehe("Cal Closed", officer=officer, status="closed", end_date=date(2026, 10, 1))
    ehe("Dee Theirs", officer=make_user(Role.OFFICER))
    ehe("Eve Nobody")
    html = as_officer.get(reverse("officer-home")).content.decode()
    # Triage counts every new case in the team waiting for first contact (four here).
    assert nav(html) == [
        ("Home", None),
        ("Caseload", "2"),
        ("Triage", "4"),
        ("Find a child", None),
    ]


def test_manager_navigation_adds_team_with_the_unallocated_count(as_manager, officer):
    ehe("Ava Officer", officer=officer)
    ehe("Ben Nobody")
    ehe("Cal Nobody")
    html = as_manager.get(reverse("manager-home")).content.decode()
    assert nav(html) == [
        ("Home", None),
        ("Caseload", None),  # no cases of the manager's own: no badge
        ("Triage", "3"),
        ("Find a child", None),
        ("Team", "2"),
    ]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_no_casework_navigation(client_as, role):
    EHEEpisodeFactory()
    html = client_as(role).get("/", follow=True).content.decode()
    texts = [text for text, _ in nav(html)]
    assert texts[0] == "Home"
    assert "Caseload" not in texts and "Find a child" not in texts and "Team" not in texts


def test_current_section_is_marked_in_the_navigation(as_officer):
    html = as_officer.get(reverse("caseload")).content.decode()
    assert re.search(r'href="/caseload/" aria-current="page"', html)


def test_navigation_counts_take_one_query(officer, django_assert_num_queries):
    ehe("Ava Mine", officer=officer, next_due_on=TODAY - timedelta(days=1))
    ehe("Ben Nobody")
    officer.roles  # noqa: B018 - load the role cache, which belongs to the request, not the count
    with django_assert_num_queries(1):
        counts = casework_counts(officer)
    assert counts == {"cases.mine": 1, "cases.mine_overdue": 1, "cases.unallocated": 1}


def test_home_stays_first_and_reregistering_replaces(monkeypatch):
    monkeypatch.setattr(nav_module, "_entries", dict(nav_module._entries))
    register_nav_entry(NavEntry("Early", "caseload", frozenset(Role), order=-5))
    entries = navigation()
    assert entries[0] == HOME
    assert [e.url_name for e in entries].count("caseload") == 1
    assert entries[1].text == "Early"
    with pytest.raises(ValueError):
        register_nav_entry(NavEntry("Not home", "home", frozenset(Role)))


# --- home pages ------------------------------------------------------------------------------


def test_officer_home_figures_match_the_lists_they_link_to(as_officer, officer, make_user):
    ehe("Ava Late", officer=officer, status="suitable", next_due_on=TODAY - timedelta(days=1))
    ehe("Ben Soon", officer=officer, next_due_on=TODAY + timedelta(days=3))
    ehe("Cal Soon", officer=officer, status="suitable", next_due_on=TODAY + timedelta(days=7))
    ehe("Dee Later", officer=officer, next_due_on=TODAY + timedelta(days=30))
    ehe("Eve Nobody", next_due_on=TODAY - timedelta(days=4))
    ehe("Fay Theirs", officer=make_user(Role.OFFICER), next_due_on=TODAY)
    html = as_officer.get(reverse("officer-home")).content.decode()
    figures = dict(re.findall(r'data-testid="([\w-]+)">(\d+)</p>', html))
    assert figures == {"due-this-week": "2", "overdue": "1", "new": "2", "unallocated": "1"}
    links = re.findall(r'<a class="govuk-link" href="(/caseload/\?[^"]+)">', html)
    counts = [len(names(as_officer.get(link.replace("&amp;", "&")))) for link in links]
    assert counts == [2, 1, 2, 1]


def test_officer_home_lists_what_is_due_next_overdue_first(as_officer, officer, make_user):
    ehe(
        "Dee Later",
        officer=officer,
        next_due_on=TODAY + timedelta(days=30),
        next_due_kind="judgement",
    )
    ehe(
        "Ava Late",
        officer=officer,
        next_due_on=TODAY - timedelta(days=2),
        next_due_kind="panel_decision",
    )
    ehe("Ben Soon", officer=officer, next_due_on=TODAY, next_due_kind="booked_home_visit")
    ehe("Fay Theirs", officer=make_user(Role.OFFICER), next_due_on=TODAY - timedelta(days=9))
    for n in range(12):
        ehe(f"Kid Far{n:02d}", officer=officer, next_due_on=TODAY + timedelta(days=60 + n))
    html = as_officer.get(reverse("officer-home")).content.decode()
    listing = html[html.index('data-testid="next-due-list"') : html.index("</table>")]
    listed = [name for _, name in CHILD_LINK.findall(listing)]
    assert listed[:3] == ["Ava Late", "Ben Soon", "Dee Later"]
    assert len(listed) == 10 and "Fay Theirs" not in listed
    first_row = listing[listing.index("Ava Late") : listing.index("Ben Soon")]
    assert "Panel decision" in first_row and "Overdue" in first_row
    assert "Booked home visit" in listing[listing.index("Ben Soon") :]


def test_officer_home_runs_the_same_number_of_queries_for_few_or_many_cases(as_officer, officer):
    for n in range(2):
        ehe(f"Few Home{n}", officer=officer, next_due_on=TODAY + timedelta(days=n))
    few = _queries(as_officer, reverse("officer-home"))
    for n in range(25):
        ehe(f"Many Home{n}", officer=officer, next_due_on=TODAY + timedelta(days=n))
    assert _queries(as_officer, reverse("officer-home")) == few


def test_officer_home_is_not_for_managers_and_vice_versa(client_as):
    assert client_as(Role.MANAGER).get(reverse("officer-home")).status_code == 403
    assert client_as(Role.OFFICER).get(reverse("manager-home")).status_code == 403


def test_manager_home_shows_unallocated_workload_and_alerts(as_manager, officer):
    ehe("Ava Officer", officer=officer, next_due_on=TODAY - timedelta(days=1))
    waiting = ehe("Ben Waiting")
    Alert.objects.create(kind="csc_child_ehe", child=waiting.child, episode=waiting)
    acknowledged = Alert.objects.create(kind="safeguarding", child=waiting.child)
    acknowledged.acknowledged_at = acknowledged.created_at
    acknowledged.save()
    html = as_manager.get(reverse("manager-home")).content.decode()
    assert 'data-testid="unallocated">1<' in html
    assert 'data-testid="team-overdue">1<' in html
    assert 'data-testid="alert-count">1<' in html
    assert f'href="/children/{waiting.child.uid}/">Ben Waiting</a>' in html
    assert "Child with a CIN or CPP status became home educated" in html
    assert "Safeguarding concern raised" not in html
    assert re.search(
        rf"officer={officer.pk}\">Test Person</a></th>\s*<td[^>]*>1</td>\s*<td[^>]*>1</td>", html
    )


def test_manager_acknowledges_an_alert(as_manager, manager):
    alert = Alert.objects.create(kind="safeguarding", child=ChildFactory())
    response = as_manager.post(reverse("alert-acknowledge"), {"alert": alert.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("manager-home")
    html = response.content.decode()
    assert "Alert acknowledged" in html
    assert 'data-testid="no-alerts"' in html
    alert.refresh_from_db()
    assert alert.acknowledged_by == manager
    again = as_manager.post(reverse("alert-acknowledge"), {"alert": alert.pk}, follow=True)
    assert "This alert has already been acknowledged" in again.content.decode()


def test_acknowledging_a_missing_alert_says_so(as_manager):
    response = as_manager.post(reverse("alert-acknowledge"), {"alert": 999999}, follow=True)
    assert "That alert could not be found" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICER, *OTHER_ROLES])
def test_only_managers_acknowledge_alerts(client_as, role):
    alert = Alert.objects.create(kind="safeguarding", child=ChildFactory())
    assert (
        client_as(role).post(reverse("alert-acknowledge"), {"alert": alert.pk}).status_code == 403
    )
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_manager_home_runs_the_same_number_of_queries_for_few_or_many_alerts(as_manager):
    for _ in range(2):
        Alert.objects.create(kind="safeguarding", child=ChildFactory())
    few = _queries(as_manager, reverse("manager-home"))
    for _ in range(18):
        Alert.objects.create(kind="safeguarding", child=ChildFactory())
    assert _queries(as_manager, reverse("manager-home")) == few


def test_search_page_offers_to_add_a_child_who_is_not_known(client_as):
    from ehe.roles import Role

    html = client_as(Role.OFFICER).get("/children/search/").content.decode()
    assert 'href="/children/new/"' in html
