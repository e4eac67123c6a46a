"""The CME referral screens: search first (posted), choose a known child or enter a new one,
register all or nothing, and the social-care instruction afterwards. Officers and managers
only."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import Alert, AuditEntry, Child, Episode, SafeguardingConcern
from ehe.roles import Role
from tests.cases.conftest import TODAY
from tests.cases.factories import ChildFactory, CMEEpisodeFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db

URL = "/cme/referrals/new/"
REFUSED_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]


@pytest.fixture(autouse=True)
def frozen_today():
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


def date_fields(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def search(name="", dob=None) -> dict:
    return {"step": "search", "name": name, **date_fields("date_of_birth", dob)}


def choose(child, name="", dob=None) -> dict:
    chosen = "new" if child == "new" else str(child.uid)
    return {**search(name, dob), "step": "choose", "child": chosen}


def referral(child, **overrides) -> dict:
    data = {
        "step": "register",
        "child": "new" if child == "new" else str(child.uid),
        "source": "partner_agency",
        "referred_by": "Health visitor, Northbrook clinic, 01234 111111",
        **date_fields("start_date", date(2026, 11, 2)),
        "primary_reason": "moved_in_from_another_country",
        "notes": "",
        "safeguarding_concern": "no",
        "safeguarding_details": "",
    }
    data.update(overrides)
    return data


def new_child_referral(**overrides) -> dict:
    data = referral(
        "new",
        legal_first_name="Kit",
        legal_middle_names="",
        legal_last_name="Madeup",
        preferred_name="",
        **date_fields("date_of_birth", date(2016, 6, 9)),
        sex="F",
        upn="",
        csc_status="none",
        line_1="7 Fictional Street",
        line_2="",
        town="Northbrook",
        postcode="ZZ2 2ZZ",
        in_area="yes",
    )
    data.update(overrides)
    return data


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    client.user = officer
    return client


# --- who may use it ----------------------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_cannot_take_a_referral(client_as, role):
    client = client_as(role)
    child = ChildFactory()
    assert client.get(URL).status_code == 403
    assert client.post(URL, search("Robin")).status_code == 403
    assert client.post(URL, referral(child)).status_code == 403
    assert not Episode.objects.exists()
    assert not AuditEntry.objects.exists()


def test_signing_in_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
def test_officers_and_managers_can_start_a_referral(client_as, role):
    response = client_as(role).get(URL)
    assert response.status_code == 200
    assert "New referral" in response.content.decode()


# --- search and choose ---------------------------------------------------------------------


def test_search_is_posted_and_each_child_shown_is_audited(officer_client):
    match = ChildFactory(legal_first_name="Robin", legal_last_name="Hollow")
    ChildFactory(legal_first_name="Someone", legal_last_name="Else")
    response = officer_client.post(URL, search("robin hollow"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 child found" in html
    assert str(match.uid) in html
    assert "None of these: enter a new child" in html
    reads = AuditEntry.objects.filter(action="view")
    assert [(a.child_id, a.detail) for a in reads] == [(match.pk, "CME referral search")]


def test_a_search_needs_a_name_or_a_date_of_birth(officer_client):
    response = officer_client.post(URL, search())
    assert response.status_code == 200
    assert "Enter the child&#x27;s name or date of birth to search" in response.content.decode()


def test_a_child_with_an_open_cme_case_cannot_be_chosen(officer_client):
    open_case = CMEEpisodeFactory(child__legal_first_name="Robin")
    results = officer_client.post(URL, search("Robin")).content.decode()
    assert "Already has an open missing education case" in results
    response = officer_client.post(URL, choose(open_case.child, "Robin"))
    assert "already has an open missing education case" in response.content.decode()
    assert 'name="step" value="register"' not in response.content.decode()


def test_choosing_a_known_child_shows_the_referral_form_for_them(officer_client):
    child = ChildFactory(legal_first_name="Robin", legal_last_name="Hollow")
    EHEEpisodeFactory(child=child)  # another kind of case does not stop a CME referral
    response = officer_client.post(URL, choose(child, "Robin"))
    html = response.content.decode()
    assert "Referral about Robin Hollow" in html
    assert f'name="child" value="{child.uid}"' in html
    assert "legal_first_name" not in html  # no new-child fields
    assert AuditEntry.objects.filter(child_id=child.pk, detail="CME referral").exists()


def test_choosing_a_new_child_prefills_what_was_searched(officer_client):
    response = officer_client.post(URL, choose("new", "Kit Madeup", date(2016, 6, 9)))
    html = response.content.decode()
    assert "Referral about a new child" in html
    assert 'name="child" value="new"' in html
    assert 'value="Kit"' in html and 'value="Madeup"' in html
    assert 'name="date_of_birth_year" type="text" inputmode="numeric" value="2016"' in html


# --- registering ---------------------------------------------------------------------------


def test_registering_a_known_child_opens_the_case_and_shows_what_next(officer_client):
    child = ChildFactory()
    response = officer_client.post(URL, referral(child, notes="Seen at the library"))
    episode = Episode.objects.get(child=child, kind="cme")
    assert response.status_code == 302
    assert response["Location"] == reverse("cme-referral-done", args=[episode.uid])
    assert (episode.source, episode.primary_reason, episode.start_date) == (
        "partner_agency",
        "moved_in_from_another_country",
        date(2026, 11, 2),
    )
    assert episode.reason_notes == "Seen at the library"
    done = officer_client.get(response["Location"]).content.decode()
    assert "Referral registered" in done
    assert "refer-to-social-care" not in done
    assert AuditEntry.objects.filter(
        child_id=child.pk, detail="CME referral registered", action="view"
    ).exists()


def test_registering_a_new_child_creates_child_and_case(officer_client):
    response = officer_client.post(URL, new_child_referral())
    assert response.status_code == 302
    child = Child.objects.get(legal_last_name="Madeup")
    assert child.date_of_birth == date(2016, 6, 9)
    assert Episode.objects.get(child=child).kind == "cme"


def test_the_dfe_reason_must_be_chosen(officer_client):
    response = officer_client.post(URL, new_child_referral(primary_reason=""))
    assert response.status_code == 200
    assert "Choose the DfE reason the child is missing education" in response.content.decode()
    assert not Child.objects.exists() and not Episode.objects.exists()


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(officer_client):
    response = officer_client.post(
        URL,
        new_child_referral(
            legal_first_name="",
            line_1="",
            postcode="",
            source="",
            referred_by="",
            safeguarding_concern="yes",
            safeguarding_details="",
            **date_fields("start_date", date(2026, 12, 25)),
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {
        "legal_first_name",
        "line_1",
        "postcode",
        "source",
        "referred_by",
        "safeguarding_details",
    } <= set(errors)
    assert not Child.objects.exists()
    assert not Episode.objects.exists()
    assert not SafeguardingConcern.objects.exists()


def test_a_service_refusal_comes_back_on_the_form(officer_client):
    # The case cannot start before the child reached compulsory school age: the service says so.
    response = officer_client.post(
        URL, new_child_referral(**date_fields("date_of_birth", date(2022, 2, 2)))
    )
    assert response.status_code == 200
    assert "not of compulsory school age" in response.context["form"].errors["start_date"][0]
    assert not Child.objects.exists()


@pytest.mark.parametrize("status", ["cpp", "cla"])
def test_a_child_on_a_plan_or_looked_after_alerts_and_tells_the_officer_to_refer(
    officer_client, status
):
    response = officer_client.post(URL, new_child_referral(csc_status=status))
    child = Child.objects.get()
    assert Alert.objects.filter(kind="cme_social_care", child=child).exists()
    done = officer_client.get(response["Location"]).content.decode()
    assert 'data-testid="refer-to-social-care"' in done
    assert "Refer Kit Madeup to children's social care now" in done
    assert reverse("child-safeguarding-new", args=[child.uid]) in done


def test_a_concern_on_the_form_is_recorded_and_alerts(officer_client):
    response = officer_client.post(
        URL,
        new_child_referral(
            safeguarding_concern="yes", safeguarding_details="Child seen alone late at night"
        ),
    )
    child = Child.objects.get()
    assert SafeguardingConcern.objects.get(child=child).details == "Child seen alone late at night"
    assert Alert.objects.filter(kind="cme_social_care", child=child).exists()
    done = officer_client.get(response["Location"]).content.decode()
    assert 'data-testid="refer-to-social-care"' in done


def test_the_done_page_is_for_casework_roles_only(client_as, make_user):
    episode = CMEEpisodeFactory()
    url = reverse("cme-referral-done", args=[episode.uid])
    for role in REFUSED_ROLES:
        assert client_as(role).get(url).status_code == 403
    ehe = EHEEpisodeFactory()
    assert (
        client_as(Role.OFFICER).get(reverse("cme-referral-done", args=[ehe.uid])).status_code == 404
    )


def test_a_long_search_shows_the_first_twenty_and_says_so(officer_client):
    ChildFactory.create_batch(21, legal_first_name="Robin")
    html = officer_client.post(URL, search("Robin")).content.decode()
    assert "20 children found" in html
    assert "Only the first 20 matches are shown" in html
    assert AuditEntry.objects.filter(action="view").count() == 20
