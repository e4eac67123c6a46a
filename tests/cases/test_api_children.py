"""The children and people API, end to end through the real URLs."""

import base64
from datetime import date, datetime
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import AuditEntry, Child, ChildAddress, ChildCSCStatus, Person, Relationship
from ehe.roles import Role
from policy.upn import upn_check_letter
from tests.cases.factories import (
    AddressFactory,
    ChildFactory,
    EHEEpisodeFactory,
    PersonFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

CHILDREN = "/api/v1/children/"
PEOPLE = "/api/v1/people/"


def valid_upn(body: str = "801123426001") -> str:
    return upn_check_letter(body) + body


@pytest.fixture(autouse=True)
def frozen_today():
    # The API takes today from the clock; the tests' dates are written for 20 November 2026.
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


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def views_of(child, channel="api"):
    return AuditEntry.objects.filter(child_id=child.pk, action="view", channel=channel)


# --- children: reading -----------------------------------------------------------------------


def test_retrieve_shows_the_record_as_at_today_and_is_audited(officer_api):
    child = ChildFactory(upn=valid_upn())
    AddressFactory(child=child, valid_from=date(2020, 1, 1), valid_to=date(2026, 1, 1))
    AddressFactory(child=child, valid_from=date(2026, 1, 1), postcode="ZZ9 9ZZ")
    ChildCSCStatus.objects.create(child=child, status="cin", valid_from=date(2025, 1, 1))
    episode = EHEEpisodeFactory(child=child)

    response = officer_api.get(f"{CHILDREN}{child.uid}/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(child.uid)
    assert body["upn"] == child.upn
    assert body["address"]["postcode"] == "ZZ9 9ZZ"
    assert (body["csc_status"], body["sen_status"]) == ("cin", "none")
    assert body["open_episodes"] == [{"id": str(episode.uid), "kind": "ehe", "status": "new"}]
    assert (body["age"], body["year_group"]) == (12, 8)
    assert "pk" not in body and body["version"] == 1
    entry = views_of(child).get()
    assert (entry.actor, entry.object_type, entry.object_id) == (
        officer_api.user,
        "cases.child",
        str(child.pk),
    )


def test_an_unknown_or_malformed_id_is_404(officer_api):
    assert officer_api.get(f"{CHILDREN}00000000-0000-0000-0000-000000000000/").status_code == 404
    assert officer_api.get(f"{CHILDREN}12/").status_code == 404


def test_list_writes_one_audit_entry_per_child_shown(officer_api):
    children = ChildFactory.create_batch(3)
    response = officer_api.get(CHILDREN)
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} == {str(c.uid) for c in children}
    for child in children:
        assert views_of(child).count() == 1


def test_list_pages_with_a_cursor_and_never_repeats_or_skips(officer_api):
    children = ChildFactory.create_batch(5)
    seen = []
    url = f"{CHILDREN}?page_size=2"
    while url:
        body = officer_api.get(url).json()
        assert len(body["results"]) <= 2
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(str(c.uid) for c in children)
    assert len(seen) == 5
    # Newest first.
    assert seen[0] == str(children[-1].uid)


def test_page_size_defaults_to_50_and_is_capped_at_200(officer_api):
    ChildFactory.create_batch(205)
    assert len(officer_api.get(CHILDREN).json()["results"]) == 50
    assert len(officer_api.get(f"{CHILDREN}?page_size=500").json()["results"]) == 200


def test_the_cursor_carries_no_personal_data(officer_api):
    ChildFactory.create_batch(3, legal_last_name="Zebedee")
    next_url = officer_api.get(f"{CHILDREN}?page_size=1").json()["next"]
    cursor = parse_qs(urlparse(next_url).query)["cursor"][0]
    decoded = base64.b64decode(cursor + "==").decode()
    assert "Zebedee" not in decoded and "Robin" not in decoded


def test_list_runs_the_same_number_of_queries_for_2_or_20_children(officer_api):
    def fill(n):
        for child in ChildFactory.create_batch(n):
            AddressFactory(child=child)
            ChildCSCStatus.objects.create(child=child, status="cpp", valid_from=date(2025, 1, 1))
            EHEEpisodeFactory(child=child)

    fill(2)
    officer_api.get(CHILDREN)  # the first request of a session may touch the session
    two = queries_for(officer_api, CHILDREN)
    fill(18)
    assert len(officer_api.get(CHILDREN).json()["results"]) == 20
    assert queries_for(officer_api, CHILDREN) == two


@pytest.mark.parametrize("param", ["name", "upn", "date_of_birth", "last_name"])
def test_personal_data_in_the_query_string_is_refused(officer_api, param):
    ChildFactory()
    response = officer_api.get(f"{CHILDREN}?{param}=x")
    assert response.status_code == 400
    assert "/api/v1/children/search/" in response.json()["errors"][param][0]
    assert not AuditEntry.objects.exists()


# --- children: search --------------------------------------------------------------------------


def test_search_by_name_date_of_birth_and_upn_in_the_body(officer_api):
    wanted = ChildFactory(
        legal_first_name="Juniper",
        legal_last_name="Quillfeather",
        date_of_birth=date(2015, 3, 4),
        upn=valid_upn(),
    )
    ChildFactory(
        legal_first_name="Juniper", legal_last_name="Other", date_of_birth=date(2016, 1, 1)
    )

    by_name = officer_api.post(f"{CHILDREN}search/", {"name": "juniper quill"})
    by_dob = officer_api.post(f"{CHILDREN}search/", {"date_of_birth": "2015-03-04"})
    by_upn = officer_api.post(f"{CHILDREN}search/", {"upn": wanted.upn})

    for response in (by_name, by_dob, by_upn):
        assert response.status_code == 200
        assert [r["id"] for r in response.json()["results"]] == [str(wanted.uid)]
        assert response.json()["more"] is False
    assert views_of(wanted).filter(detail="search").count() == 3


def test_search_by_name_ignores_apostrophes_hyphens_accents_and_case(officer_api):
    obrien = ChildFactory(legal_first_name="Aoife", legal_last_name="O'Brien")
    zoe = ChildFactory(legal_first_name="Zoë", legal_last_name="Nuñez")
    smith_jones = ChildFactory(legal_first_name="Tom", legal_last_name="Smith-Jones")
    ChildFactory(legal_first_name="Brianna", legal_last_name="Smithers")

    def found(name: str) -> list[str]:
        response = officer_api.post(f"{CHILDREN}search/", {"name": name})
        assert response.status_code == 200
        return [r["id"] for r in response.json()["results"]]

    assert found("o brien") == found("OBRIEN") == [str(obrien.uid)]
    assert found("zoe nunez") == [str(zoe.uid)]
    assert found("Jones") == found("tom smith-jones") == [str(smith_jones.uid)]


def test_search_by_upn_accepts_spaces_and_lower_case(officer_api):
    wanted = ChildFactory(upn=valid_upn())
    spaced = f" {wanted.upn[:4].lower()} {wanted.upn[4:8]} {wanted.upn[8:]} "
    response = officer_api.post(f"{CHILDREN}search/", {"upn": spaced})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(wanted.uid)]


def test_search_says_when_there_are_more_than_50(officer_api):
    ChildFactory.create_batch(51, legal_first_name="Wren")
    body = officer_api.post(f"{CHILDREN}search/", {"name": "wren"}).json()
    assert len(body["results"]) == 50 and body["more"] is True
    assert AuditEntry.objects.filter(detail="search").count() == 50


def test_search_with_no_terms_is_a_400(officer_api):
    response = officer_api.post(f"{CHILDREN}search/", {"name": " "})
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [
        "Enter a name, a date of birth or a UPN"
    ]


# --- children: writing ---------------------------------------------------------------------------


def test_create_adds_the_child_with_address_and_statuses(officer_api):
    response = officer_api.post(
        CHILDREN,
        {
            "legal_first_name": "Ash",
            "legal_last_name": "Invented",
            "date_of_birth": "2013-02-01",
            "sex": "M",
            "upn": valid_upn(),
            "known_from": "2026-11-01",
            "address": {"line_1": "1 Nowhere Row", "postcode": "ZZ2 2ZZ"},
            "csc_status": "cin",
        },
    )
    assert response.status_code == 201, response.json()
    child = Child.objects.get(uid=response.json()["id"])
    assert (child.legal_first_name, child.sex) == ("Ash", "M")
    assert response.json()["address"]["line_1"] == "1 Nowhere Row"
    assert response.json()["csc_status"] == "cin"
    assert ChildAddress.objects.get(child=child).valid_from == date(2026, 11, 1)
    created = AuditEntry.objects.get(child_id=child.pk, action="create")
    assert (created.channel, created.actor) == ("api", officer_api.user)


def test_create_with_bad_input_gives_field_errors_and_saves_nothing(officer_api):
    response = officer_api.post(
        CHILDREN,
        {"legal_first_name": "", "date_of_birth": "2030-01-01", "sex": "Q"},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"legal_first_name", "legal_last_name", "date_of_birth", "sex"}
    assert errors["date_of_birth"] == ["The date of birth must be in the past"]
    assert not Child.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_service_refusal_comes_back_per_field_and_saves_nothing(officer_api):
    upn = valid_upn()
    bad_check_letter = ("A" if upn[0] != "A" else "B") + upn[1:]
    response = officer_api.post(
        CHILDREN,
        {
            "legal_first_name": "Ash",
            "legal_last_name": "Invented",
            "date_of_birth": "2013-02-01",
            "upn": bad_check_letter,
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"upn": ["The UPN's check letter does not match the rest of the number"]}
    }
    assert not Child.objects.exists()


def test_a_upn_is_stored_without_spaces_in_capitals(officer_api):
    upn = valid_upn()
    response = officer_api.post(
        CHILDREN,
        {
            "legal_first_name": "Ash",
            "legal_last_name": "Invented",
            "date_of_birth": "2013-02-01",
            "upn": f"{upn[:5].lower()} {upn[5:]}",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["upn"] == upn
    assert Child.objects.get().upn == upn


def test_a_upn_from_an_unknown_local_authority_is_refused_with_the_reason(officer_api):
    child = ChildFactory()
    not_a_council = upn_check_letter("999123426001") + "999123426001"
    response = officer_api.patch(
        f"{CHILDREN}{child.uid}/", {"upn": not_a_council.lower(), "version": 1}
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "upn": [
                "The UPN's local authority number (999, characters 2 to 4) is not one that DfE "
                "recognises"
            ]
        }
    }
    child.refresh_from_db()
    assert (child.upn, child.version) == ("", 1)


def test_renaming_a_child_through_the_api_refreshes_what_search_finds(officer_api):
    child = ChildFactory(legal_first_name="Robin", legal_last_name="Oldname")
    response = officer_api.patch(
        f"{CHILDREN}{child.uid}/", {"legal_last_name": "Ní Bhriain", "version": 1}
    )
    assert response.status_code == 200
    assert officer_api.post(f"{CHILDREN}search/", {"name": "ni bhriain"}).json()["results"]
    assert not officer_api.post(f"{CHILDREN}search/", {"name": "oldname"}).json()["results"]


def test_patch_with_the_current_version_changes_the_child(officer_api):
    child = ChildFactory()
    response = officer_api.patch(f"{CHILDREN}{child.uid}/", {"preferred_name": "Ro", "version": 1})
    assert response.status_code == 200
    assert (response.json()["preferred_name"], response.json()["version"]) == ("Ro", 2)
    child.refresh_from_db()
    assert (child.preferred_name, child.version) == ("Ro", 2)
    entry = AuditEntry.objects.get(child_id=child.pk, action="update")
    assert entry.channel == "api" and "preferred_name" in entry.detail


def test_patch_with_a_stale_version_is_409_and_changes_nothing(officer_api):
    child = ChildFactory(preferred_name="Before")
    officer_api.patch(f"{CHILDREN}{child.uid}/", {"preferred_name": "First", "version": 1})

    response = officer_api.patch(
        f"{CHILDREN}{child.uid}/", {"preferred_name": "Second", "version": 1}
    )

    assert response.status_code == 409
    assert "Someone else changed this child's record" in response.json()["detail"]
    child.refresh_from_db()
    assert (child.preferred_name, child.version) == ("First", 2)


def test_patch_needs_a_version_and_something_to_change(officer_api):
    child = ChildFactory()
    no_version = officer_api.patch(f"{CHILDREN}{child.uid}/", {"preferred_name": "Ro"})
    nothing = officer_api.patch(f"{CHILDREN}{child.uid}/", {"version": 1})
    assert no_version.status_code == nothing.status_code == 400
    assert "version" in no_version.json()["errors"]
    assert nothing.json()["errors"]["non_field_errors"] == ["Send at least one field to change"]
    child.refresh_from_db()
    assert child.version == 1


def test_put_and_delete_are_not_offered(officer_api):
    child = ChildFactory()
    assert officer_api.put(f"{CHILDREN}{child.uid}/", {}).status_code == 405
    assert officer_api.delete(f"{CHILDREN}{child.uid}/").status_code == 405
    assert Child.objects.filter(pk=child.pk).exists()


# --- people -------------------------------------------------------------------------------------


def test_create_person_linked_to_a_child_with_flags(officer_api):
    child = ChildFactory()
    response = officer_api.post(
        PEOPLE,
        {
            "child": str(child.uid),
            "relationship": "father",
            "first_name": "Alder",
            "last_name": "Parentson",
            "email": "alder@example.invalid",
            "lives_with": False,
            "preferred_contact_method": "email",
        },
    )
    assert response.status_code == 201, response.json()
    person = Person.objects.get(uid=response.json()["id"])
    link = Relationship.objects.get(person=person, child=child)
    assert (link.relationship, link.lives_with, link.parental_responsibility) == (
        "father",
        False,
        True,
    )
    assert response.json()["children"][0]["child"] == str(child.uid)


def test_create_person_bad_input_saves_nothing(officer_api):
    child = ChildFactory()
    response = officer_api.post(
        PEOPLE,
        {
            "child": "not-a-uuid",
            "relationship": "uncle",
            "first_name": "A",
            "last_name": "B",
            "email": "nope",
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["child"] == ["Enter the child's id: a UUID."]
    assert set(errors) == {"child", "relationship", "email"}
    service = officer_api.post(
        PEOPLE,
        {
            "child": str(child.uid),
            "relationship": "mother",
            "first_name": "A",
            "last_name": "B",
            "interpreter_needed": True,
        },
    )
    assert service.status_code == 400
    assert "interpreter_language" in service.json()["errors"]
    assert not Person.objects.exists()


def test_person_read_is_audited_against_every_linked_child(officer_api):
    person = PersonFactory()
    first, second = RelationshipFactory(person=person), RelationshipFactory(person=person)
    response = officer_api.get(f"{PEOPLE}{person.uid}/")
    assert response.status_code == 200
    assert {c["child"] for c in response.json()["children"]} == {
        str(first.child.uid),
        str(second.child.uid),
    }
    for link in (first, second):
        entry = views_of(link.child).get()
        assert (entry.object_type, entry.object_id) == ("cases.person", str(person.pk))


def test_people_filter_by_child_and_fixed_queries(officer_api):
    child = ChildFactory()
    mine = RelationshipFactory.create_batch(2, child=child)
    RelationshipFactory()
    url = f"{PEOPLE}?child={child.uid}"
    response = officer_api.get(url)
    assert {p["id"] for p in response.json()["results"]} == {str(r.person.uid) for r in mine}
    assert views_of(child).count() == 2

    two = queries_for(officer_api, url)
    for link in RelationshipFactory.create_batch(18, child=child):
        RelationshipFactory(person=link.person)  # each parent has a second child too
    assert len(officer_api.get(url).json()["results"]) == 20
    assert queries_for(officer_api, url) == two


def test_person_patch_and_stale_version(officer_api):
    person = RelationshipFactory().person
    ok = officer_api.patch(f"{PEOPLE}{person.uid}/", {"phone": "01632 960000", "version": 1})
    stale = officer_api.patch(f"{PEOPLE}{person.uid}/", {"phone": "01632 960999", "version": 1})
    assert ok.status_code == 200 and ok.json()["phone"] == "01632 960000"
    assert stale.status_code == 409
    person.refresh_from_db()
    assert (person.phone, person.version) == ("01632 960000", 2)


def test_relationship_action_links_a_second_child_then_updates_flags(officer_api):
    person = RelationshipFactory().person
    sibling = ChildFactory()
    url = f"{PEOPLE}{person.uid}/relationship/"

    missing = officer_api.post(url, {"child": str(sibling.uid)})
    assert missing.status_code == 400 and "relationship" in missing.json()["errors"]
    assert not Relationship.objects.filter(child=sibling).exists()

    linked = officer_api.post(url, {"child": str(sibling.uid), "relationship": "mother"})
    assert linked.status_code == 200
    assert len(linked.json()["children"]) == 2

    changed = officer_api.post(url, {"child": str(sibling.uid), "receives_correspondence": False})
    assert changed.status_code == 200
    link = Relationship.objects.get(person=person, child=sibling)
    assert (link.relationship, link.receives_correspondence) == ("mother", False)
