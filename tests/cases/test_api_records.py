"""Contacts, judgements and documents through the API."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import (
    AuditEntry,
    Contact,
    Document,
    EpisodeEvent,
    InformationRequest,
    Judgement,
)
from ehe.roles import Role
from tests.cases.factories import ChildFactory, CMEEpisodeFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db

CONTACTS = "/api/v1/contacts/"
JUDGEMENTS = "/api/v1/judgements/"
DOCUMENTS = "/api/v1/documents/"
PDF = b"%PDF-1.4\n% invented test document\n"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def officer_api(make_user):
    client = APIClient()
    client.user = make_user(Role.OFFICER)
    client.force_login(client.user)
    return client


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


# --- contacts --------------------------------------------------------------------------------


def test_recording_an_initial_contact_moves_a_new_case_on(officer_api):
    episode = EHEEpisodeFactory()
    response = officer_api.post(
        CONTACTS,
        {
            "episode": str(episode.uid),
            "contact_type": "home_visit",
            "occurred_on": "2026-11-18",
            "outcome": "completed",
            "child_seen": True,
            "child_views": "Enjoys the nature projects",
            "parent_consented_to_views": True,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["episode"], body["child"], body["officer"]) == (
        str(episode.uid),
        str(episode.child.uid),
        officer_api.user.pk,
    )
    contact = Contact.objects.get(pk=body["id"])
    assert contact.officer == officer_api.user
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"
    assert AuditEntry.objects.get(object_type="cases.contact").channel == "api"


def test_a_declined_visit_is_recorded_and_does_not_move_the_case(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry")
    response = officer_api.post(
        CONTACTS,
        {
            "episode": str(episode.uid),
            "contact_type": "home_visit",
            "occurred_on": "2026-11-18",
            "outcome": "visit_declined",
        },
    )
    assert response.status_code == 201
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"


def test_contact_bad_input_is_per_field_and_saves_nothing(officer_api):
    episode = EHEEpisodeFactory()
    shape = officer_api.post(
        CONTACTS, {"episode": str(episode.uid), "contact_type": "carrier_pigeon"}
    )
    assert shape.status_code == 400
    assert set(shape.json()["errors"]) == {"contact_type", "occurred_on", "outcome"}
    rules = officer_api.post(
        CONTACTS,
        {
            "episode": str(episode.uid),
            "contact_type": "home_visit",
            "occurred_on": "2026-11-18",
            "outcome": "completed",
            "child_views": "Likes maths",
        },
    )
    assert rules.status_code == 400
    assert set(rules.json()["errors"]) == {"parent_consented_to_views", "child_seen"}
    assert not Contact.objects.exists()
    assert not EpisodeEvent.objects.exists()
    episode.refresh_from_db()
    assert episode.status == "new"


def test_nothing_can_be_recorded_on_a_closed_case(officer_api):
    episode = EHEEpisodeFactory(status="closed", end_date=date(2026, 10, 1), closure_reason="other")
    response = officer_api.post(
        CONTACTS,
        {
            "episode": str(episode.uid),
            "contact_type": "phone",
            "occurred_on": "2026-11-18",
            "outcome": "completed",
        },
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This case is closed")
    assert not Contact.objects.exists()


def test_contacts_list_filters_by_episode_audits_and_runs_fixed_queries(officer_api):
    def contacts(episode, n):
        for _ in range(n):
            Contact.objects.create(
                episode=episode,
                contact_type="phone",
                occurred_on=date(2026, 11, 1),
                officer=officer_api.user,
                outcome="completed",
            )

    first, second = EHEEpisodeFactory(), EHEEpisodeFactory()
    contacts(first, 2)
    contacts(second, 1)
    response = officer_api.get(f"{CONTACTS}?episode={first.uid}")
    assert [row["episode"] for row in response.json()["results"]] == [str(first.uid)] * 2
    assert AuditEntry.objects.filter(child_id=first.child_id, action="view").count() == 2
    assert not AuditEntry.objects.filter(child_id=second.child_id).exists()

    two = queries_for(officer_api, f"{CONTACTS}?episode={first.uid}")
    contacts(first, 18)
    assert queries_for(officer_api, f"{CONTACTS}?episode={first.uid}") == two


def test_contact_retrieve_is_audited(officer_api):
    episode = EHEEpisodeFactory()
    contact = Contact.objects.create(
        episode=episode,
        contact_type="email",
        occurred_on=date(2026, 11, 1),
        officer=officer_api.user,
        outcome="completed",
    )
    response = officer_api.get(f"{CONTACTS}{contact.pk}/")
    assert response.status_code == 200 and response.json()["contact_type"] == "email"
    entry = AuditEntry.objects.get(action="view")
    assert (entry.child_id, entry.object_id) == (episode.child_id, str(contact.pk))


# --- judgements ------------------------------------------------------------------------------


def test_appears_suitable_moves_the_case_and_sets_the_next_contact(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry")
    response = officer_api.post(
        JUDGEMENTS,
        {
            "episode": str(episode.uid),
            "decided_on": "2026-11-19",
            "outcome": "appears_suitable",
            "reasons": "Reading daily and a broad timetable",
            "consideration_notes": {"literacy_and_numeracy": "Reading daily"},
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["next_contact_due"] == "2027-11-19"
    assert response.json()["decided_by"] == officer_api.user.pk
    episode.refresh_from_db()
    assert episode.status == "suitable"


def test_adverse_judgement_needs_reasons_and_saves_nothing_without(officer_api):
    episode = EHEEpisodeFactory(status="informal_enquiry")
    response = officer_api.post(
        JUDGEMENTS,
        {"episode": str(episode.uid), "decided_on": "2026-11-19", "outcome": "not_yet_satisfied"},
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"reasons", "what_would_help"}
    assert not Judgement.objects.exists()
    assert not InformationRequest.objects.exists()


def test_a_judgement_the_workflow_refuses_is_409_and_saves_nothing(officer_api):
    # "Does not appear suitable" leads to the panel, which is reached only after further
    # information was asked for.
    episode = EHEEpisodeFactory(status="informal_enquiry")
    response = officer_api.post(
        JUDGEMENTS,
        {
            "episode": str(episode.uid),
            "decided_on": "2026-11-19",
            "outcome": "does_not_appear_suitable",
            "reasons": "No evidence of a curriculum",
        },
    )
    assert response.status_code == 409
    assert "cannot move to 'School Attendance Panel'" in response.json()["detail"]
    assert not Judgement.objects.exists()
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"


def test_judgements_are_for_home_education_cases_only(officer_api):
    episode = CMEEpisodeFactory()
    response = officer_api.post(
        JUDGEMENTS,
        {"episode": str(episode.uid), "decided_on": "2026-11-19", "outcome": "appears_suitable"},
    )
    assert response.status_code == 409
    assert not Judgement.objects.exists()


def test_judgements_list_and_retrieve(officer_api):
    episode = EHEEpisodeFactory(status="suitable")
    judgement = Judgement.objects.create(
        episode=episode,
        decided_on=date(2026, 10, 1),
        outcome="appears_suitable",
        decided_by=officer_api.user,
    )
    listed = officer_api.get(f"{JUDGEMENTS}?episode={episode.uid}").json()["results"]
    assert [row["id"] for row in listed] == [judgement.pk]
    one = officer_api.get(f"{JUDGEMENTS}{judgement.pk}/")
    assert one.status_code == 200 and one.json()["outcome"] == "appears_suitable"
    assert AuditEntry.objects.filter(child_id=episode.child_id, action="view").count() == 2
    two = queries_for(officer_api, JUDGEMENTS)
    for _ in range(18):
        Judgement.objects.create(
            episode=EHEEpisodeFactory(status="suitable"),
            decided_on=date(2026, 10, 1),
            outcome="appears_suitable",
            decided_by=officer_api.user,
        )
    assert queries_for(officer_api, JUDGEMENTS) == two


# --- documents -------------------------------------------------------------------------------


def upload(client, child, *, name="report.pdf", content=PDF, **extra):
    return client.post(
        DOCUMENTS,
        {
            "child": str(child.uid),
            "document_type": "parent_report",
            "file": SimpleUploadedFile(name, content),
            **extra,
        },
        format="multipart",
    )


def test_upload_then_download_with_audit(officer_api, media):
    episode = EHEEpisodeFactory()
    response = upload(officer_api, episode.child, episode=str(episode.uid))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["child"], body["episode"], body["size"]) == (
        str(episode.child.uid),
        str(episode.uid),
        len(PDF),
    )
    assert body["content_type"] == "application/pdf"
    assert body["download_url"].endswith(f"/api/v1/documents/{body['id']}/download/")

    download = officer_api.get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.get(action="download")
    assert (entry.child_id, entry.channel, entry.actor, entry.object_type) == (
        episode.child_id,
        "api",
        officer_api.user,
        "cases.document",
    )


def test_a_disallowed_file_is_refused_and_nothing_is_stored(officer_api, media):
    child = ChildFactory()
    response = upload(officer_api, child, name="macro.exe", content=b"MZ\x90\x00")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]
    fake_pdf = upload(officer_api, child, name="fake.pdf", content=b"not a pdf")
    assert fake_pdf.status_code == 400
    assert fake_pdf.json()["errors"]["file"] == ["The file is not a real PDF"]
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_upload_checks_the_case_belongs_to_the_child(officer_api, media):
    other_childs_case = EHEEpisodeFactory()
    response = upload(officer_api, ChildFactory(), episode=str(other_childs_case.uid))
    assert response.status_code == 400
    assert response.json()["errors"] == {"episode": ["That case belongs to another child"]}
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_upload_without_a_file_or_type_is_per_field(officer_api):
    child = ChildFactory()
    response = officer_api.post(DOCUMENTS, {"child": str(child.uid)}, format="multipart")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"file", "document_type"}


def test_documents_list_filters_retrieve_and_fixed_queries(officer_api):
    first, second = ChildFactory(), ChildFactory()
    for _ in range(2):
        assert upload(officer_api, first).status_code == 201
    assert upload(officer_api, second).status_code == 201
    listed = officer_api.get(f"{DOCUMENTS}?child={first.uid}").json()["results"]
    assert {row["child"] for row in listed} == {str(first.uid)}
    assert len(listed) == 2
    one = officer_api.get(f"{DOCUMENTS}{listed[0]['id']}/")
    assert one.status_code == 200 and one.json()["original_name"] == "report.pdf"
    assert AuditEntry.objects.filter(child_id=first.pk, action="view").count() == 3

    two = queries_for(officer_api, f"{DOCUMENTS}?child={first.uid}")
    for _ in range(18):
        upload(officer_api, first)
    assert queries_for(officer_api, f"{DOCUMENTS}?child={first.uid}") == two
