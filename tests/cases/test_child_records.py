"""The child's own record from the child page: details (with optimistic locking), address,
SEN and social care status, parents and carers, safeguarding concerns, documents, and adding
a child by hand with their EHE case — all or nothing."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import (
    Alert,
    AuditEntry,
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    Document,
    Episode,
    Person,
    Relationship,
    SafeguardingConcern,
)
from cases.services import ServiceError
from cases.services.intake import child_register_with_episode
from cases.views.child_records import safe_download_name
from ehe.roles import Role
from policy.upn import upn_check_letter
from tests.cases.conftest import TODAY
from tests.cases.factories import ChildFactory, PersonFactory, RelationshipFactory
from tests.cases.test_child_forms import messages_of
from tests.cases.test_child_views import (
    case_in_enquiry,
    child_url,
    date_fields,
    frozen_today,  # noqa: F401  (autouse fixture: today is TODAY)
    signed_in,
    text_of,
)

pytestmark = pytest.mark.django_db

VALID_UPN = upn_check_letter("801000026001") + "801000026001"


def child_details(child, **overrides) -> dict:
    data = {
        "version": child.version,
        "legal_first_name": child.legal_first_name,
        "legal_middle_names": "",
        "legal_last_name": child.legal_last_name,
        "preferred_name": "",
        **date_fields("date_of_birth", child.date_of_birth),
        "sex": child.sex,
        "upn": "",
        "ethnicity": "",
        "languages": "",
        "year_group_override": "",
        "hours_educated_by_parents": "",
        "hours_educated_by_others": "",
    }
    return data | overrides


# --- the child's details ------------------------------------------------------------------


def test_edit_the_childs_details(client, officer):
    child = ChildFactory()
    url = reverse("child-edit", args=[child.uid])
    signed_in(client, officer)
    html = text_of(client.get(url))
    assert f'name="version" value="{child.version}"' in html
    assert f'value="{child.legal_first_name}"' in html
    response = client.post(
        url, child_details(child, preferred_name="Bee", upn=VALID_UPN.lower(), languages="Welsh")
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.preferred_name, child.upn, child.languages, child.version) == (
        "Bee",
        VALID_UPN,
        "Welsh",
        2,
    )
    assert messages_of(response) == ["The child's details were saved."]


def test_a_bad_upn_is_refused_and_nothing_changes(client, officer):
    child = ChildFactory()
    response = signed_in(client, officer).post(
        reverse("child-edit", args=[child.uid]),
        child_details(child, upn="A80100002600", legal_last_name="Changed"),
    )
    assert response.status_code == 200
    assert "A UPN has 13 characters" in text_of(response)
    assert 'href="#id_upn"' in text_of(response)
    wrong_check = ("B" if VALID_UPN[0] != "B" else "C") + VALID_UPN[1:]
    response = client.post(
        reverse("child-edit", args=[child.uid]), child_details(child, upn=wrong_check)
    )
    assert "check letter does not match" in text_of(response)
    child.refresh_from_db()
    assert (child.upn, child.version) == ("", 1)
    assert child.legal_last_name != "Changed"


def test_a_upn_typed_with_spaces_in_lower_case_is_stored_in_capitals_without_them(client, officer):
    child = ChildFactory()
    spaced = f" {VALID_UPN[:4].lower()} {VALID_UPN[4:8]} {VALID_UPN[8:].lower()} "
    response = signed_in(client, officer).post(
        reverse("child-edit", args=[child.uid]), child_details(child, upn=spaced)
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.upn == VALID_UPN


def test_a_upn_from_no_recognised_local_authority_is_refused_with_the_other_errors(client, officer):
    child = ChildFactory()
    not_a_council = upn_check_letter("999000026001") + "999000026001"
    html = text_of(
        signed_in(client, officer).post(
            reverse("child-edit", args=[child.uid]),
            child_details(child, upn=not_a_council, legal_first_name=""),
        )
    )
    # Both problems at once, in the page's order, each linked to its field.
    assert html.index('href="#id_legal_first_name"') < html.index('href="#id_upn"')
    assert (
        "The UPN&#x27;s local authority number (999, characters 2 to 4) is not one that DfE "
        "recognises"
    ) in html
    child.refresh_from_db()
    assert (child.upn, child.version) == ("", 1)


@pytest.mark.parametrize("channel", ["web", "api", "import"])
def test_the_child_services_normalise_and_check_the_upn_on_every_path(officer, channel):
    from cases.services import child_create, child_update

    child = child_create(
        by=officer,
        legal_first_name="Kit",
        legal_last_name="Newcomer",
        date_of_birth=date(2016, 4, 2),
        known_from=TODAY,
        upn=VALID_UPN.lower()[:6] + "  " + VALID_UPN[6:],
        channel=channel,
    )
    assert child.upn == VALID_UPN
    with pytest.raises(ServiceError) as error:
        child_update(
            by=officer,
            child=child,
            expected_version=child.version,
            upn="Z" + VALID_UPN[1:].replace("801", "214", 1),
            channel=channel,
        )
    assert set(error.value.errors) == {"upn"}
    child.refresh_from_db()
    assert child.upn == VALID_UPN


def test_two_edits_from_the_same_version_the_second_gets_the_stale_edit_error(client, make_user):
    first, second = make_user(Role.OFFICER), make_user(Role.OFFICER)
    child = ChildFactory()
    url = reverse("child-edit", args=[child.uid])
    loaded = child_details(child)  # both open the form at version 1
    assert signed_in(client, first).post(url, loaded | {"preferred_name": "First"}).status_code
    response = signed_in(client, second).post(url, loaded | {"preferred_name": "Second"})
    assert response.status_code == 200
    assert "Someone else changed this child&#x27;s record while you were editing it" in text_of(
        response
    )
    assert "Reload the page" in text_of(response)
    child.refresh_from_db()
    assert (child.preferred_name, child.version) == ("First", 2)


def test_change_address_keeps_the_history(client, officer):
    episode = case_in_enquiry(officer)
    child = episode.child
    old = ChildAddress.objects.get(child=child)
    url = reverse("child-address", args=[child.uid])
    signed_in(client, officer)
    bad = {"line_1": "", "postcode": "", "in_area": "", **date_fields("valid_from", TODAY)}
    html = text_of(client.post(url, bad))
    assert "Enter the first line of the address" in html and "Enter the postcode" in html
    assert ChildAddress.objects.filter(child=child).count() == 1

    response = client.post(
        url,
        {
            "line_1": "4 Made-up Row",
            "town": "Elsewhere",
            "postcode": "zz9 9zz",
            "in_area": "no",
            **date_fields("valid_from", date(2026, 11, 1)),
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == date(2026, 11, 1)
    current = ChildAddress.objects.get(child=child, valid_to__isnull=True)
    assert (current.postcode, current.in_area) == ("ZZ9 9ZZ", False)
    html = text_of(client.get(child_url(child)))
    assert "4 Made-up Row" in html and "Outside our area" in html


def test_change_sen_and_social_care_status(client, officer):
    child = ChildFactory()
    signed_in(client, officer)
    url = reverse("child-sen-status", args=[child.uid])
    html = text_of(client.post(url, {"status": "", **date_fields("valid_from", TODAY)}))
    assert "Choose a status" in html
    assert ChildSENStatus.objects.count() == 0
    response = client.post(url, {"status": "ehcp", **date_fields("valid_from", TODAY)})
    assert response.status_code == 302
    assert ChildSENStatus.objects.get(child=child).status == "ehcp"
    response = client.post(
        reverse("child-csc-status", args=[child.uid]),
        {"status": "cin", **date_fields("valid_from", TODAY)},
    )
    assert response.status_code == 302
    assert ChildCSCStatus.objects.get(child=child).status == "cin"
    html = text_of(client.get(child_url(child)))
    assert ">EHCP<" in html and ">CIN<" in html


# --- people -------------------------------------------------------------------------------


def person_data(**overrides) -> dict:
    data = {
        "title": "",
        "first_name": "Jo",
        "last_name": "Guardian",
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "postcode": "",
        "phone": "",
        "email": "jo@example.invalid",
        "preferred_contact_method": "virtual_visit",
        "interpreter_language": "",
    }
    return data | overrides


def test_add_a_parent_or_carer(client, officer):
    child = ChildFactory()
    url = reverse("child-person-add", args=[child.uid])
    signed_in(client, officer)
    html = text_of(client.post(url, person_data(first_name="", relationship="")))
    assert "Enter the person&#x27;s first name" in html
    assert "Choose how this person is related to the child" in html
    html = text_of(client.post(url, person_data(relationship="father", interpreter_needed="on")))
    assert "Enter the language the interpreter is needed for" in html
    assert Person.objects.count() == 0 and Relationship.objects.count() == 0

    response = client.post(
        url,
        person_data(relationship="grandparent", parental_responsibility="on", lives_with="on"),
    )
    assert response.status_code == 302
    link = Relationship.objects.get(child=child)
    assert (link.relationship, link.parental_responsibility, link.lives_with) == (
        "grandparent",
        True,
        True,
    )
    assert (link.receives_correspondence, link.provides_education) == (False, False)
    assert link.person.preferred_contact_method == "virtual_visit"


def test_edit_a_person_with_optimistic_locking(client, make_user):
    first, second = make_user(Role.OFFICER), make_user(Role.MANAGER)
    link = RelationshipFactory()
    person, child = link.person, link.child
    url = reverse("child-person-edit", args=[child.uid, person.uid])
    loaded = person_data(version=person.version, first_name=person.first_name)
    assert f'name="version" value="{person.version}"' in text_of(signed_in(client, first).get(url))
    response = client.post(url, loaded | {"phone": "01234 111111"})
    assert response.status_code == 302
    response = signed_in(client, second).post(url, loaded | {"phone": "09999 999999"})
    assert "Someone else changed this person&#x27;s details" in text_of(response)
    person.refresh_from_db()
    assert (person.phone, person.version) == ("01234 111111", 2)


def test_a_person_not_linked_to_the_child_cannot_be_reached_through_it(client, officer):
    child = ChildFactory()
    stranger = PersonFactory()
    signed_in(client, officer)
    for name in ("child-person-edit", "child-relationship-edit"):
        assert client.get(reverse(name, args=[child.uid, stranger.uid])).status_code == 404


def test_edit_how_a_person_is_involved(client, officer):
    link = RelationshipFactory(receives_correspondence=True)
    url = reverse("child-relationship-edit", args=[link.child.uid, link.person.uid])
    response = signed_in(client, officer).post(
        url, {"relationship": "step_parent", "lives_with": "on", "provides_education": "on"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.relationship, link.parental_responsibility, link.receives_correspondence) == (
        "step_parent",
        False,
        False,
    )
    assert link.lives_with and link.provides_education
    response = client.post(url, {"relationship": "uncle"})
    assert "Select a valid choice" in text_of(response)
    link.refresh_from_db()
    assert link.relationship == "step_parent"


# --- safeguarding -------------------------------------------------------------------------


def test_raise_a_safeguarding_concern(client, officer):
    episode = case_in_enquiry(officer)
    child = episode.child
    url = reverse("child-safeguarding-new", args=[child.uid])
    signed_in(client, officer)
    html = text_of(client.get(url))
    assert f'<option value="{episode.uid}" selected>' in html
    bad = {
        "details": "",
        **date_fields("raised_on", TODAY),
        "referral_reference": "REF-1",
        **date_fields("referred_to_csc_on", None),
    }
    html = text_of(client.post(url, bad))
    assert "Describe the concern" in html
    html = text_of(client.post(url, bad | {"details": "Invented concern"}))
    assert "Enter the date of the referral" in html
    assert SafeguardingConcern.objects.count() == 0 and Alert.objects.count() == 0

    good = bad | {"details": "Invented concern", **date_fields("referred_to_csc_on", TODAY)}
    response = client.post(url, good | {"episode": str(episode.uid)})
    assert response.status_code == 302
    concern = SafeguardingConcern.objects.get(child=child)
    assert (concern.episode, concern.referral_reference, concern.referred_to_csc_on) == (
        episode,
        "REF-1",
        TODAY,
    )
    assert Alert.objects.get(child=child).kind == "safeguarding"


def test_a_concern_can_be_raised_for_a_child_with_no_open_case(client, officer):
    child = ChildFactory()
    response = signed_in(client, officer).post(
        reverse("child-safeguarding-new", args=[child.uid]),
        {"details": "Invented concern", **date_fields("raised_on", TODAY), "episode": ""},
    )
    assert response.status_code == 302
    assert SafeguardingConcern.objects.get().episode is None


# --- documents ----------------------------------------------------------------------------


def upload(client, child, name: str, content: bytes, document_type="parent_report"):
    return client.post(
        reverse("child-document-new", args=[child.uid]),
        {
            "document_type": document_type,
            "description": "Spring term report",
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_upload_and_download_a_document(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    child = ChildFactory()
    signed_in(client, officer)
    assert 'enctype="multipart/form-data"' in text_of(
        client.get(reverse("child-document-new", args=[child.uid]))
    )
    response = upload(client, child, "Spring report (Kit).pdf", b"%PDF-1.4 invented")
    assert response.status_code == 302
    document = Document.objects.get(child=child)
    assert str(tmp_path) in document.file.path  # stored under MEDIA_ROOT, opaque name
    assert "Kit" not in document.file.name
    assert document.original_name == "Spring report (Kit).pdf"

    downloads = AuditEntry.objects.filter(action="download")
    assert downloads.count() == 0
    response = client.get(reverse("document-download", args=[document.uid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 invented"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Spring report (Kit).pdf"' in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    entry = downloads.get()
    assert (entry.actor, entry.child_id, entry.object_type) == (
        officer,
        child.pk,
        "cases.document",
    )
    # It is listed on the child's timeline with a link through the access check.
    assert reverse("document-download", args=[document.uid]) in text_of(
        client.get(child_url(child))
    )


@pytest.mark.parametrize(
    ("original", "safe"),
    [
        ('evil"name;.pdf', "evil_name_.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\windows\\report.docx", "report.docx"),
        ("line\r\nbreak.txt", "line_break.txt"),
        ("...", "document"),
        ("Ünïcode £ name.png", "n_code _ name.png"),
    ],
)
def test_download_names_cannot_break_the_header_or_point_anywhere(original, safe):
    assert safe_download_name(original) == safe


def test_a_file_of_the_wrong_type_is_refused_and_nothing_stored(
    client, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    child = ChildFactory()
    signed_in(client, officer)
    response = upload(client, child, "notes.exe", b"MZ invented")
    assert "The file must be one of" in text_of(response)
    response = upload(client, child, "fake.pdf", b"not a pdf")
    assert "The file is not a real PDF" in text_of(response)
    response = client.post(reverse("child-document-new", args=[child.uid]), {"document_type": ""})
    assert "Choose a file to upload" in text_of(response)
    assert "Choose the type of document" in text_of(response)
    assert Document.objects.count() == 0
    assert not any(tmp_path.rglob("*.*")) and not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL])
def test_only_officers_and_managers_can_download(client_as, officer, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    child = ChildFactory()
    document = Document(
        child=child,
        document_type="other",
        original_name="a.txt",
        content_type="text/plain",
        size=5,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    document.file.save("upload", ContentFile(b"hello"), save=True)
    response = client_as(role).get(reverse("document-download", args=[document.uid]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="download").exists()


# --- adding a child by hand ---------------------------------------------------------------


def register_data(**overrides) -> dict:
    data = {
        "legal_first_name": "Kit",
        "legal_middle_names": "",
        "legal_last_name": "Newcomer",
        "preferred_name": "",
        **date_fields("date_of_birth", date(2016, 4, 2)),
        "sex": "M",
        "upn": "",
        "sen_status": "none",
        "csc_status": "none",
        "line_1": "12 Pretend Street",
        "line_2": "",
        "town": "Northbrook",
        "postcode": "zz1 2zz",
        "in_area": "yes",
        "source": "parent",
        **date_fields("start_date", date(2026, 11, 16)),
        "previous_school_type": "academy",
        "primary_reason": "philosophical_or_preferential",
        "parent_first_name": "Lee",
        "parent_last_name": "Newcomer",
        "relationship": "mother",
        "parent_phone": "07000 000000",
        "parent_email": "",
        "parent_preferred_contact_method": "written_report",
        "parent_lives_with_child": "on",
    }
    return data | overrides


def _rows():
    return (
        Child.objects.count(),
        Person.objects.count(),
        Relationship.objects.count(),
        Episode.objects.count(),
        ChildAddress.objects.count(),
        ChildSENStatus.objects.count(),
        Alert.objects.count(),
    )


def test_add_a_child_and_open_an_ehe_case(client, officer):
    signed_in(client, officer)
    assert "Add a child and open a home education case" in text_of(
        client.get(reverse("child-register"))
    )
    response = client.post(reverse("child-register"), register_data())
    assert response.status_code == 302
    child = Child.objects.get(legal_last_name="Newcomer")
    assert response["Location"] == child_url(child)
    episode = Episode.objects.get(child=child)
    assert (episode.kind, episode.status, episode.source, episode.start_date) == (
        "ehe",
        "new",
        "parent",
        date(2026, 11, 16),
    )
    assert (episode.previous_school_type, episode.primary_reason) == (
        "academy",
        "philosophical_or_preferential",
    )
    # The acknowledgement letter: 5 working days (the initial contact follows at 10).
    assert (episode.next_due_kind, episode.next_due_on) == ("acknowledgement", date(2026, 11, 23))
    link = Relationship.objects.get(child=child)
    assert (link.relationship, link.person.first_name, link.person.postcode) == (
        "mother",
        "Lee",
        "ZZ1 2ZZ",
    )
    assert link.person.preferred_contact_method == "written_report"
    assert ChildAddress.objects.get(child=child).line_1 == "12 Pretend Street"
    assert messages_of(response) == [
        "Child added and home education case opened. Acknowledgement letter due 23 November 2026."
    ]
    assert not Alert.objects.exists()


def test_a_child_on_a_protection_plan_alerts_a_manager_when_added(client, officer):
    response = signed_in(client, officer).post(
        reverse("child-register"), register_data(csc_status="cpp")
    )
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert alert.kind == "csc_child_ehe" and alert.episode.kind == "ehe"


def test_bad_registration_shows_errors_and_saves_nothing(client, officer):
    before = _rows()
    signed_in(client, officer)
    html = text_of(
        client.post(
            reverse("child-register"),
            register_data(legal_first_name="", postcode="", relationship="", source=""),
        )
    )
    for message in (
        "Enter the child&#x27;s legal first name",
        "Enter the postcode",
        "Choose how the parent or carer is related to the child",
        "Choose how the council learned of this child",
    ):
        assert message in html
    # A failure inside the services (start date before birth) also leaves nothing behind.
    html = text_of(
        client.post(
            reverse("child-register"), register_data(**date_fields("start_date", date(2015, 1, 1)))
        )
    )
    assert "The start date must be after the date of birth" in html
    assert _rows() == before


def test_intake_service_is_all_or_nothing(officer):
    before = _rows()
    arguments = {
        "by": officer,
        "legal_first_name": "Kit",
        "legal_last_name": "Newcomer",
        "date_of_birth": date(2016, 4, 2),
        "address": {"line_1": "1 Lane", "postcode": "ZZ1 1ZZ", "in_area": True},
        "source": "parent",
        "start_date": date(2026, 11, 16),
        "relationship": "mother",
        "parent": {"first_name": "Lee", "last_name": "Newcomer"},
        "sen_status": "ehcp",
        "csc_status": "cpp",
        "today": TODAY,
    }
    # The person fails after the child was created: the child goes too.
    with pytest.raises(ServiceError) as error:
        child_register_with_episode(
            **arguments | {"parent": {"first_name": "", "last_name": ""}}, channel="web"
        )
    assert set(error.value.errors) == {"parent_first_name", "parent_last_name"}
    assert _rows() == before
    # The episode fails after the child and person were created: all go.
    with pytest.raises(ServiceError) as error:
        child_register_with_episode(**arguments | {"source": "nonsense"}, channel="web")
    assert "source" in error.value.errors
    assert _rows() == before
    # And it works when everything is right, with the manager's alert in the same transaction.
    episode = child_register_with_episode(**arguments, channel="web")
    assert episode.child.legal_name == "Kit Newcomer"
    assert Alert.objects.filter(episode=episode, kind="csc_child_ehe").exists()
    assert ChildSENStatus.objects.get(child=episode.child).status == "ehcp"


def test_an_upload_can_be_attached_to_the_contact_it_came_from(client, officer, settings, tmp_path):
    from cases.models import Contact
    from tests.cases.factories import EHEEpisodeFactory

    settings.MEDIA_ROOT = tmp_path
    episode = EHEEpisodeFactory(status="suitable")
    contact = Contact.objects.create(
        episode=episode,
        contact_type="written_report",
        occurred_on=episode.start_date,
        officer=officer,
        outcome="information_received",
    )
    signed_in(client, officer)
    page = text_of(client.get(reverse("child-document-new", args=[episode.child.uid])))
    assert "Written report received" in page
    response = client.post(
        reverse("child-document-new", args=[episode.child.uid]),
        {
            "document_type": "work_sample",
            "description": "Maths workbook pages",
            "contact": str(contact.pk),
            "file": SimpleUploadedFile("maths.pdf", b"%PDF-1.4 invented"),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.contact, document.episode) == (contact, episode)
