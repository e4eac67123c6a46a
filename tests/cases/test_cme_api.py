"""CME through the API: /api/v1/cme-enquiries/ (list by case, record) and
/api/v1/cme-referrals/ (register). Same roles, error shape, audit and pagination as the rest
of the casework API, and in the OpenAPI schema."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import Alert, AuditEntry, Child, CMEEnquiry, Episode, SafeguardingConcern
from cases.services import cme_enquiry_record
from ehe.roles import Role
from policy.vocab import CME_ENQUIRY_ITEMS
from tests.cases.factories import ChildFactory, CMEEpisodeFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db

ENQUIRIES = "/api/v1/cme-enquiries/"
REFERRALS = "/api/v1/cme-referrals/"
TODAY = date(2026, 11, 20)
REFUSED_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def api_as(make_user):
    def _as(*roles):
        client = APIClient()
        if roles:
            client.user = make_user(*roles)
            client.force_login(client.user)
        return client

    return _as


@pytest.fixture
def officer_api(api_as):
    return api_as(Role.OFFICER)


def new_child(**overrides) -> dict:
    child = {
        "legal_first_name": "Jo",
        "legal_last_name": "Madeupson",
        "date_of_birth": "2013-02-14",
        "sex": "F",
        "address": {"line_1": "9 Nowhere Close", "postcode": "ZZ3 3ZZ", "town": "Northbrook"},
        "csc_status": "none",
    }
    child.update(overrides)
    return child


def referral(**overrides) -> dict:
    body = {
        "source": "other_council",
        "referred_by": "CME officer, Westshire County Council",
        "start_date": "2026-11-09",
        "primary_reason": "moved_in_from_another_la",
        "safeguarding_concern": False,
    }
    body.update(overrides)
    return body


# --- enquiries -------------------------------------------------------------------------------


def test_recording_an_enquiry_moves_a_referred_case_on(officer_api):
    episode = CMEEpisodeFactory()
    response = officer_api.post(
        ENQUIRIES,
        {
            "episode": str(episode.uid),
            "item": "housing_and_benefits",
            "made_on": "2026-11-18",
            "outcome": "Housing benefit claim closed in October",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["episode"], body["child"], body["item"], body["made_by"]) == (
        str(episode.uid),
        str(episode.child.uid),
        "housing_and_benefits",
        officer_api.user.pk,
    )
    assert body["item_label"] == "Housing and benefits"
    episode.refresh_from_db()
    assert episode.status == "enquiries"
    assert AuditEntry.objects.get(object_type="cases.cmeenquiry").channel == "api"


def test_bad_enquiries_get_an_error_per_field_and_nothing_is_saved(officer_api):
    episode = CMEEpisodeFactory()
    shape = officer_api.post(
        ENQUIRIES, {"episode": str(episode.uid), "item": "crystal_ball"}, format="json"
    )
    assert shape.status_code == 400
    assert set(shape.json()["errors"]) == {"item", "made_on", "outcome"}
    # Shape is checked first (DRF), then the service's rules, each with its field named.
    blank = officer_api.post(
        ENQUIRIES,
        {"episode": str(episode.uid), "item": "police", "made_on": "2026-11-18", "outcome": " "},
        format="json",
    )
    assert blank.status_code == 400
    assert set(blank.json()["errors"]) == {"outcome"}
    future = officer_api.post(
        ENQUIRIES,
        {"episode": str(episode.uid), "item": "police", "made_on": "2026-12-01", "outcome": "x"},
        format="json",
    )
    assert future.status_code == 400
    assert future.json()["errors"] == {"made_on": ["The date must be today or in the past"]}
    unknown = officer_api.post(
        ENQUIRIES,
        {
            "episode": "00000000-0000-0000-0000-000000000000",
            "item": "police",
            "made_on": "2026-11-18",
            "outcome": "x",
        },
        format="json",
    )
    assert unknown.json()["errors"] == {"episode": ["There is no case with this id."]}
    assert not CMEEnquiry.objects.exists()
    episode.refresh_from_db()
    assert episode.status == "referred"


def test_enquiries_on_an_ehe_or_closed_case_are_refused_with_409(officer_api):
    closed = CMEEpisodeFactory(
        status="closed", end_date=date(2026, 11, 1), closure_reason="deceased"
    )
    for episode in (EHEEpisodeFactory(), closed):
        response = officer_api.post(
            ENQUIRIES,
            {
                "episode": str(episode.uid),
                "item": "police",
                "made_on": "2026-11-18",
                "outcome": "x",
            },
            format="json",
        )
        assert response.status_code == 409
        assert response.json()["detail"]
    assert not CMEEnquiry.objects.exists()


def _enquiries(officer, episode, n):
    for i in range(n):
        cme_enquiry_record(
            by=officer,
            episode=episode,
            item=CME_ENQUIRY_ITEMS.codes[i % len(CME_ENQUIRY_ITEMS)],
            made_on=date(2026, 11, 10),
            outcome=f"Outcome {i}",
            today=TODAY,
            channel="web",
        )


def test_the_list_filters_by_case_audits_each_read_and_runs_fixed_queries(officer_api):
    officer = officer_api.user
    few, many = CMEEpisodeFactory(), CMEEpisodeFactory()
    _enquiries(officer, few, 2)
    _enquiries(officer, many, 20)
    officer_api.get(ENQUIRIES)  # warm the session

    counts = []
    for episode, expected in ((few, 2), (many, 20)):
        AuditEntry.objects.filter(action="view").delete()
        with CaptureQueriesContext(connection) as queries:
            response = officer_api.get(ENQUIRIES, {"episode": str(episode.uid)})
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == expected
        assert {r["episode"] for r in results} == {str(episode.uid)}
        assert AuditEntry.objects.filter(action="view", child_id=episode.child_id).count() == (
            expected
        )
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_is_cursor_paginated(officer_api):
    episode = CMEEpisodeFactory()
    _enquiries(officer_api.user, episode, 3)
    first = officer_api.get(ENQUIRIES, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and "cursor=" in first["next"]
    second = officer_api.get(first["next"]).json()
    assert len(second["results"]) == 1
    ids = {r["id"] for r in first["results"]} | {r["id"] for r in second["results"]}
    assert ids == set(CMEEnquiry.objects.values_list("id", flat=True))


def test_reading_one_enquiry_is_audited(officer_api):
    episode = CMEEpisodeFactory()
    _enquiries(officer_api.user, episode, 1)
    enquiry = CMEEnquiry.objects.get()
    response = officer_api.get(f"{ENQUIRIES}{enquiry.pk}/")
    assert response.status_code == 200
    assert response.json()["outcome"] == "Outcome 0"
    assert AuditEntry.objects.filter(
        action="view", object_type="cases.cmeenquiry", child_id=episode.child_id
    ).exists()


# --- referrals -------------------------------------------------------------------------------


def test_registering_a_referral_for_a_new_child(officer_api):
    response = officer_api.post(REFERRALS, referral(new_child=new_child()), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    child = Child.objects.get(legal_last_name="Madeupson")
    assert body["child"] == str(child.uid)
    assert body["child_created"] is True
    assert body["refer_to_social_care"] is False
    case = body["case"]
    assert (case["kind"], case["status"], case["start_date"], case["primary_reason"]) == (
        "cme",
        "referred",
        "2026-11-09",
        "moved_in_from_another_la",
    )
    assert case["source"] == "other_council"
    assert case["source_detail"] == "CME officer, Westshire County Council"
    assert AuditEntry.objects.filter(channel="api", action="create", child_id=child.pk).count() >= 2


def test_registering_a_referral_for_a_known_child(officer_api):
    child = ChildFactory()
    response = officer_api.post(REFERRALS, referral(child=str(child.uid)), format="json")
    assert response.status_code == 201
    assert response.json()["child_created"] is False
    assert Episode.objects.get(child=child).kind == "cme"


def test_a_child_on_a_plan_or_with_a_concern_is_flagged_for_social_care(officer_api):
    on_plan = officer_api.post(
        REFERRALS, referral(new_child=new_child(csc_status="cpp")), format="json"
    )
    assert on_plan.json()["refer_to_social_care"] is True
    concern = officer_api.post(
        REFERRALS,
        referral(
            new_child=new_child(legal_last_name="Otherly"),
            safeguarding_concern=True,
            safeguarding_details="Reported sleeping in a car",
        ),
        format="json",
    )
    assert concern.json()["refer_to_social_care"] is True
    assert SafeguardingConcern.objects.get().details == "Reported sleeping in a car"
    assert Alert.objects.filter(kind="cme_social_care").count() == 2


def test_referral_bad_input_is_per_field_and_saves_nothing(officer_api):
    missing = officer_api.post(REFERRALS, {"new_child": {"address": {}}}, format="json")
    assert missing.status_code == 400
    errors = missing.json()["errors"]
    assert {
        "source",
        "referred_by",
        "start_date",
        "primary_reason",
        "safeguarding_concern",
    } <= set(errors)
    assert "legal_first_name" in errors["new_child"]
    address = officer_api.post(
        REFERRALS,
        referral(new_child=new_child(address={"line_1": "", "postcode": ""})),
        format="json",
    )
    assert address.status_code == 400
    assert set(address.json()["errors"]["new_child"]["address"]) == {"line_1", "postcode"}
    # The service's rules, with the new child's fields named where they sit in the request.
    rules = officer_api.post(
        REFERRALS,
        referral(
            new_child=new_child(date_of_birth="2022-01-01", upn="NOT-A-UPN"),
            source="imported",
            safeguarding_concern=True,
        ),
        format="json",
    )
    assert rules.status_code == 400
    assert set(rules.json()["errors"]) == {"source", "start_date", "safeguarding_details"}
    upn = officer_api.post(REFERRALS, referral(new_child=new_child(upn="NOT-A-UPN")), format="json")
    assert upn.status_code == 400
    assert set(upn.json()["errors"]) == {"new_child.upn"}
    both = officer_api.post(
        REFERRALS, referral(child=str(ChildFactory().uid), new_child=new_child()), format="json"
    )
    assert both.status_code == 400
    assert "non_field_errors" in both.json()["errors"]
    assert Child.objects.count() == 1  # only the factory's
    assert not Episode.objects.exists()
    assert not SafeguardingConcern.objects.exists()


def test_a_second_open_cme_case_is_refused(officer_api):
    existing = CMEEpisodeFactory()
    response = officer_api.post(REFERRALS, referral(child=str(existing.child.uid)), format="json")
    assert response.status_code == 400
    assert (
        "already has an open missing education case"
        in (response.json()["errors"]["non_field_errors"][0])
    )
    assert Episode.objects.count() == 1


# --- who may call them ---------------------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused(api_as, role):
    episode = CMEEpisodeFactory()
    _enquiries_made = CMEEnquiry.objects.count()
    client = api_as(role)
    assert client.get(ENQUIRIES).status_code == 403
    assert client.get(ENQUIRIES, {"episode": str(episode.uid)}).status_code == 403
    body = {"episode": str(episode.uid), "item": "police", "made_on": "2026-11-18", "outcome": "x"}
    assert client.post(ENQUIRIES, body, format="json").status_code == 403
    assert client.post(REFERRALS, referral(new_child=new_child()), format="json").status_code == 403
    assert CMEEnquiry.objects.count() == _enquiries_made
    assert Child.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_anonymous_callers_are_refused(api_as):
    client = api_as()
    assert client.get(ENQUIRIES).status_code in {401, 403}
    assert client.post(REFERRALS, referral(), format="json").status_code in {401, 403}


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
def test_officers_and_managers_may_call_them(api_as, role):
    client = api_as(role)
    assert client.get(ENQUIRIES).status_code == 200
    response = client.post(REFERRALS, referral(new_child=new_child()), format="json")
    assert response.status_code == 201


def test_the_endpoints_are_in_the_schema(api_as):
    schema = api_as(Role.OFFICER).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/cme-enquiries/"])
    assert "get" in paths["/api/v1/cme-enquiries/{id}/"]
    assert set(paths["/api/v1/cme-referrals/"]) - {"parameters"} == {"post"}
    filters = {p["name"] for p in paths["/api/v1/cme-enquiries/"]["get"]["parameters"]}
    assert {"episode", "child", "cursor", "page_size"} <= filters
    assert "409" in paths["/api/v1/cme-enquiries/"]["post"]["responses"]
    assert "201" in paths["/api/v1/cme-referrals/"]["post"]["responses"]
