from datetime import date

import pytest

from cases.models import AuditEntry, Episode
from ehe.roles import Role
from tests.cases.factories import ChildFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db


def url(child):
    return f"/children/{child.uid}/cases/new/"


def post(client, child, **overrides):
    data = {
        "kind": "cme",
        "start_date_day": "2",
        "start_date_month": "11",
        "start_date_year": "2026",
        "source": "partner_agency",
        "reason": "cme:moved_in_from_another_country",
        "previous_school_type": "",
    } | overrides
    return client.post(url(child), data)


def test_officer_opens_a_cme_case_for_a_known_child(client_as, time_machine):
    time_machine.move_to(date(2026, 11, 20))
    child = ChildFactory()
    client = client_as(Role.OFFICER)
    response = post(client, child)
    assert response.status_code == 302
    episode = Episode.objects.get(child=child)
    assert (episode.kind, episode.status, episode.primary_reason, episode.start_date) == (
        "cme",
        "referred",
        "moved_in_from_another_country",
        date(2026, 11, 2),
    )
    assert AuditEntry.objects.filter(child_id=child.pk, action="create").exists()


def test_a_reason_from_the_other_list_is_refused(client_as):
    child = ChildFactory()
    response = post(client_as(Role.OFFICER), child, kind="ehe")
    assert response.status_code == 200
    assert "Choose a reason for this kind of case" in response.content.decode()
    assert not Episode.objects.exists()


def test_second_open_case_of_the_same_kind_is_refused_with_a_reason(client_as, time_machine):
    time_machine.move_to(date(2026, 11, 20))
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2025, 1, 6))
    response = post(client_as(Role.OFFICER), episode.child, kind="ehe", reason="")
    assert "already has an open case of this kind" in response.content.decode()
    assert Episode.objects.filter(child=episode.child).count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL])
def test_other_roles_cannot_open_cases(client_as, role):
    child = ChildFactory()
    assert client_as(role).get(url(child)).status_code == 403
    assert post(client_as(role), child).status_code == 403
    assert not Episode.objects.exists()


def test_child_page_links_to_open_a_case(client_as):
    child = ChildFactory()
    html = client_as(Role.OFFICER).get(f"/children/{child.uid}/").content.decode()
    assert f'href="{url(child)}"' in html
