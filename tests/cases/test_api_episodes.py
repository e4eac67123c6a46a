"""The episodes API: opening cases, the workflow's moves as POST actions, allocation, filters."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import AuditEntry, Episode, EpisodeEvent
from ehe.roles import Role
from tests.cases.factories import (
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

EPISODES = "/api/v1/episodes/"
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def api(make_user):
    def _as(*roles):
        client = APIClient()
        client.user = make_user(*roles)
        client.force_login(client.user)
        return client

    return _as


@pytest.fixture
def officer_api(api):
    return api(Role.OFFICER)


@pytest.fixture
def manager_api(api):
    return api(Role.MANAGER)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


# --- reading ---------------------------------------------------------------------------------


def test_retrieve_shows_the_case_and_what_it_may_do_next_and_is_audited(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry", allocated_officer=officer_api.user)
    response = officer_api.get(f"{EPISODES}{episode.uid}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["child"]) == (str(episode.uid), str(episode.child.uid))
    assert body["status_label"] == "Informal enquiry"
    assert body["allowed_transitions"] == [
        "closed",
        "information_requested",
        "returning_to_school",
        "suitable",
    ]
    assert body["allocated_officer"] == officer_api.user.pk
    entry = AuditEntry.objects.get(action="view")
    assert (entry.child_id, entry.object_type, entry.channel) == (
        episode.child_id,
        "cases.episode",
        "api",
    )


def test_list_filters(officer_api, make_user):
    colleague = make_user(Role.OFFICER)
    child = ChildFactory()
    mine_overdue = EHEEpisodeFactory(
        child=child, allocated_officer=officer_api.user, next_due_on=date(2026, 11, 1)
    )
    theirs_soon = CMEEpisodeFactory(
        allocated_officer=colleague, status="enquiries", next_due_on=date(2026, 12, 1)
    )
    unallocated_later = EHEEpisodeFactory(next_due_on=date(2027, 6, 1))
    closed = InvolvementFactory(
        status="closed", end_date=date(2026, 10, 1), closure_reason="remained_in_school"
    )

    def ids(query):
        response = officer_api.get(f"{EPISODES}?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    every = {str(e.uid) for e in (mine_overdue, theirs_soon, unallocated_later, closed)}
    assert ids("") == every
    assert ids("kind=cme") == {str(theirs_soon.uid)}
    assert ids("status=closed") == {str(closed.uid)}
    assert ids(f"allocated_officer={officer_api.user.pk}") == {str(mine_overdue.uid)}
    assert ids("unallocated=true") == {str(unallocated_later.uid), str(closed.uid)}
    assert ids("overdue=true") == {str(mine_overdue.uid)}
    assert ids("overdue=false") == every - {str(mine_overdue.uid)}
    assert ids("due_before=2027-01-01") == {str(mine_overdue.uid), str(theirs_soon.uid)}
    assert ids(f"child={child.uid}") == {str(mine_overdue.uid)}


def test_a_bad_filter_value_is_a_400_per_field(officer_api):
    response = officer_api.get(f"{EPISODES}?kind=school&due_before=soon")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "due_before"}


def test_list_audits_each_case_shown_and_runs_fixed_queries(officer_api):
    def fill(children):
        # Each child: a closed "considering EHE" case that led to an open EHE case, with
        # everything the list shows (officer, previous school, links both ways) filled in.
        for _ in range(children):
            involvement = InvolvementFactory(
                status="closed",
                end_date=date(2026, 10, 1),
                closure_reason="became_ehe",
                allocated_officer=officer_api.user,
            )
            EHEEpisodeFactory(
                child=involvement.child,
                linked_from=involvement,
                allocated_officer=officer_api.user,
                previous_school=SchoolFactory(),
            )

    fill(1)
    officer_api.get(EPISODES)
    before = AuditEntry.objects.count()
    two_rows = queries_for(officer_api, EPISODES)
    assert AuditEntry.objects.count() - before == 2
    fill(9)
    before = AuditEntry.objects.count()
    assert queries_for(officer_api, EPISODES) == two_rows
    assert AuditEntry.objects.count() - before == 20


def test_cursor_pagination_walks_every_case_once(officer_api):
    episodes = EHEEpisodeFactory.create_batch(5)
    seen, url = [], f"{EPISODES}?page_size=2"
    while url:
        body = officer_api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(str(e.uid) for e in episodes)


# --- opening ---------------------------------------------------------------------------------


def test_open_a_case(officer_api):
    child = ChildFactory()
    response = officer_api.post(
        EPISODES,
        {
            "child": str(child.uid),
            "kind": "ehe",
            "start_date": "2026-11-02",
            "source": "parent",
            "primary_reason": "mental_health",
            "allocated_officer": officer_api.user.pk,
        },
    )
    assert response.status_code == 201, response.json()
    episode = Episode.objects.get(uid=response.json()["id"])
    assert (episode.status, episode.child, episode.allocated_officer) == (
        "new",
        child,
        officer_api.user,
    )
    # The acknowledgement letter (5 working days) comes before the initial contact (10).
    assert response.json()["next_due_kind"] == "acknowledgement"
    assert AuditEntry.objects.get(action="create", object_type="cases.episode").channel == "api"


def test_opening_a_second_open_case_of_the_same_kind_is_refused(officer_api):
    existing = EHEEpisodeFactory()
    response = officer_api.post(
        EPISODES,
        {"child": str(existing.child.uid), "kind": "ehe", "start_date": "2026-11-02"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"kind": ["This child already has an open case of this kind"]}
    }
    assert Episode.objects.count() == 1


def test_opening_with_bad_input_saves_nothing(officer_api):
    child = ChildFactory()
    response = officer_api.post(
        EPISODES,
        {
            "child": str(child.uid),
            "kind": "holiday",
            "start_date": "2026-11-02",
            "source": "rumour",
        },
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "source"}
    future = officer_api.post(
        EPISODES, {"child": str(child.uid), "kind": "ehe", "start_date": "2026-12-25"}
    )
    assert future.status_code == 400
    assert future.json()["errors"] == {
        "start_date": ["The start date must be today or in the past"]
    }
    assert not Episode.objects.exists()
    assert not EpisodeEvent.objects.exists()


def test_only_a_manager_may_open_a_case_for_someone_else(officer_api, manager_api, make_user):
    colleague = make_user(Role.OFFICER)
    first, second = ChildFactory(), ChildFactory()
    payload = {"kind": "cme", "start_date": "2026-11-02", "allocated_officer": colleague.pk}
    refused = officer_api.post(EPISODES, {**payload, "child": str(first.uid)})
    assert refused.status_code == 403
    assert not Episode.objects.exists()
    allowed = manager_api.post(EPISODES, {**payload, "child": str(second.uid)})
    assert allowed.status_code == 201
    assert allowed.json()["allocated_officer"] == colleague.pk


# --- moving ----------------------------------------------------------------------------------


def test_an_allowed_transition_moves_the_case(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry")
    response = officer_api.post(
        f"{EPISODES}{episode.uid}/transition/",
        {"to": "returning_to_school", "reason": "School place applied for", "version": 1},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["version"]) == ("returning_to_school", 2)
    event = EpisodeEvent.objects.get(episode=episode, action="status_changed")
    assert (event.from_status, event.to_status, event.occurred_on) == (
        "informal_enquiry",
        "returning_to_school",
        TODAY,
    )
    audit = AuditEntry.objects.get(action="transition")
    assert (audit.channel, audit.actor) == ("api", officer_api.user)


def test_a_forbidden_transition_is_409_with_the_reason_and_changes_nothing(officer_api):
    episode = EHEEpisodeFactory(status="new")
    response = officer_api.post(
        f"{EPISODES}{episode.uid}/transition/", {"to": "panel", "version": 1}
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A case at 'New' cannot move to 'School Attendance Panel'. "
        "From here it can move to: Informal enquiry."
    }
    episode.refresh_from_db()
    assert (episode.status, episode.version) == ("new", 1)
    assert not EpisodeEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="transition").exists()


def test_a_stale_version_is_409_and_changes_nothing(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry", version=3)
    response = officer_api.post(
        f"{EPISODES}{episode.uid}/transition/", {"to": "suitable", "version": 2}
    )
    assert response.status_code == 409
    assert "Someone else changed this case" in response.json()["detail"]
    episode.refresh_from_db()
    assert (episode.status, episode.version) == ("informal_enquiry", 3)


def test_transition_input_is_checked_per_field(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry")
    response = officer_api.post(
        f"{EPISODES}{episode.uid}/transition/", {"to": "sideways", "on": "2026-12-01"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"to", "version"}
    future = officer_api.post(
        f"{EPISODES}{episode.uid}/transition/",
        {"to": "suitable", "on": "2026-12-01", "version": 1},
    )
    assert future.status_code == 400
    assert future.json()["errors"] == {"on": ["The date must be today or in the past"]}
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"


def test_close_a_case(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry")
    response = officer_api.post(
        f"{EPISODES}{episode.uid}/close/",
        {"closure_reason": "returned_to_school", "on": "2026-11-19", "version": 1},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["end_date"], body["closure_reason"]) == (
        "closed",
        "2026-11-19",
        "returned_to_school",
    )
    assert body["allowed_transitions"] == []


def test_closing_needs_a_known_reason_and_the_table_still_applies(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry")
    unknown = officer_api.post(
        f"{EPISODES}{episode.uid}/close/", {"closure_reason": "bored", "version": 1}
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"closure_reason": ["Choose why the case is closing"]}
    new = EHEEpisodeFactory(status="new")
    refused = officer_api.post(
        f"{EPISODES}{new.uid}/close/", {"closure_reason": "returned_to_school", "version": 1}
    )
    assert refused.status_code == 409
    assert "cannot move to 'Closed'" in refused.json()["detail"]
    assert not Episode.objects.filter(status="closed").exists()


def test_closing_a_considering_ehe_case_as_became_ehe_opens_the_ehe_case(officer_api):
    involvement = InvolvementFactory()
    response = officer_api.post(
        f"{EPISODES}{involvement.uid}/transition/",
        {"to": "closed", "closure_reason": "became_ehe", "version": 1},
    )
    assert response.status_code == 200, response.json()
    ehe = Episode.objects.get(child=involvement.child, kind="ehe")
    assert ehe.linked_from == involvement
    assert response.json()["led_to"] == [str(ehe.uid)]
    stale = officer_api.post(
        f"{EPISODES}{InvolvementFactory(version=2).uid}/close/",
        {"closure_reason": "remained_in_school", "version": 1},
    )
    assert stale.status_code == 409
    assert Episode.objects.filter(status="closed").count() == 1


def test_a_closed_case_cannot_move(officer_api):
    episode = CMEEpisodeFactory(
        status="closed", end_date=date(2026, 10, 1), closure_reason="on_roll_in_area"
    )
    response = officer_api.post(
        f"{EPISODES}{episode.uid}/transition/", {"to": "enquiries", "version": 1}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This case is closed. Open a new episode instead."


# --- allocation and post-16 advice -----------------------------------------------------------


def test_a_manager_allocates_and_an_officer_may_not(officer_api, manager_api, make_user):
    colleague = make_user(Role.OFFICER)
    episode = EHEEpisodeFactory()
    url = f"{EPISODES}{episode.uid}/allocate/"

    refused = officer_api.post(url, {"officer": officer_api.user.pk})
    assert refused.status_code == 403
    episode.refresh_from_db()
    assert episode.allocated_officer is None

    allowed = manager_api.post(url, {"officer": colleague.pk})
    assert allowed.status_code == 200
    assert allowed.json()["allocated_officer"] == colleague.pk
    assert EpisodeEvent.objects.filter(episode=episode, action="allocated").count() == 1

    unallocated = manager_api.post(url, {"officer": None})
    assert unallocated.json()["allocated_officer"] is None


def test_allocating_to_someone_who_is_not_an_officer_is_refused(manager_api, make_user):
    analyst = make_user(Role.ANALYST)
    episode = EHEEpisodeFactory()
    response = manager_api.post(f"{EPISODES}{episode.uid}/allocate/", {"officer": analyst.pk})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "officer": ["Cases can only be allocated to EHE officers or managers"]
    }
    missing = manager_api.post(f"{EPISODES}{episode.uid}/allocate/", {"officer": 999999})
    assert missing.status_code == 400 and "officer" in missing.json()["errors"]
    episode.refresh_from_db()
    assert episode.allocated_officer is None


def test_allocating_a_closed_case_is_a_conflict(manager_api):
    episode = EHEEpisodeFactory(status="closed", end_date=date(2026, 10, 1), closure_reason="other")
    response = manager_api.post(
        f"{EPISODES}{episode.uid}/allocate/", {"officer": manager_api.user.pk}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "A closed case cannot be allocated."


def test_post16_advice_is_recorded(officer_api):
    episode = EHEEpisodeFactory(child=ChildFactory(date_of_birth=date(2011, 1, 10)))
    response = officer_api.post(
        f"{EPISODES}{episode.uid}/post16-advice/", {"on": "2026-11-18", "notes": "Referred"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["post16_advice_done_on"] == "2026-11-18"
    future = officer_api.post(f"{EPISODES}{episode.uid}/post16-advice/", {"on": "2027-01-01"})
    assert future.status_code == 400 and "on" in future.json()["errors"]
    episode.refresh_from_db()
    assert episode.post16_advice_done_on == date(2026, 11, 18)
