"""A school user sends a return in the browser: question pages, check your answers, send,
confirmation. Bad answers are refused on the page that asks for them and nothing is saved;
sending twice stores the return once."""

import html as html_module
import os
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import (
    CaseworkSettings,
    ConsentRequest,
    DeletionReturn,
    Episode,
    ReturnAttachment,
    SchoolMembership,
)
from cases.services import ServiceError
from ehe.roles import Role
from tests.cases.factories import SchoolFactory

pytestmark = pytest.mark.django_db

NEW = "/school/returns/new/"
PDF = b"%PDF-1.7 the parent's invented notice"


@pytest.fixture(autouse=True)
def frozen_today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def school():
    return SchoolFactory(name="Ashgrove Primary")


@pytest.fixture
def school_client(client, make_user, school):
    user = make_user(Role.SCHOOL, username="ashgrove-office")
    SchoolMembership.objects.create(user=user, school=school)
    client.force_login(user)
    client.user = user
    return client


def notice(name="notice.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def pupil_answers(**overrides):
    answers = {
        "pupil_first_name": "Robin",
        "pupil_middle_names": "",
        "pupil_last_name": "Example",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2014",
        "sex": "F",
        "upn": "",
        "address_line_1": "12 Imaginary Lane",
        "address_line_2": "",
        "town": "Northbrook",
        "postcode": "zz1 1zz",
        "sen_status": "none",
    }
    answers.update(overrides)
    return answers


def parent_answers(count=1, **overrides):
    answers = {"parents-TOTAL_FORMS": str(count), "parents-INITIAL_FORMS": "0"}
    for index in range(count):
        answers |= {
            f"parents-{index}-first_name": ["Sam", "Alex", "Jo", "Kim"][index],
            f"parents-{index}-last_name": "Example",
            f"parents-{index}-relationship": ["mother", "father", "step_parent", "other_carer"][
                index
            ],
            f"parents-{index}-address": "12 Imaginary Lane, Northbrook, ZZ1 1ZZ",
            f"parents-{index}-phone": f"07700 90012{index}",
            f"parents-{index}-email": "",
        }
    answers.update(overrides)
    return answers


def deletion_answers(**overrides):
    answers = {
        "ground": "f",
        "deletion_date_day": "16",
        "deletion_date_month": "11",
        "deletion_date_year": "2026",
        "destination_known": "no",
        "sao_in_force": "no",
    }
    answers.update(overrides)
    return answers


def home_education_answers(**overrides):
    answers = {
        "meeting_offered": "yes",
        "meeting_held": "no",
        "school_suggested_ehe": "no",
        "parent_reason": "Wants a more flexible timetable",
        "attendance_percent": "91.5",
        "exclusions": "",
        "safeguarding_file": "no",
        "child_protection_plan_or_s47": "no",
        "notes": "",
    }
    answers.update(overrides)
    return answers


def post_step(client, slug, answers):
    return client.post(f"{NEW}{slug}/", answers)


def start(client):
    response = client.post(NEW)
    assert response.status_code == 302 and response["Location"] == f"{NEW}about/"


def walk_to_check(client, *, kind="deletion", deletion=None, home_education=None, upload=True):
    """Answer every page in order, asserting each leads to the next; ends on check answers."""
    start(client)
    expected = ["pupil", "parents"]
    if kind == "deletion":
        expected.append("deletion")
    response = post_step(client, "about", {"kind": kind})
    assert response["Location"] == f"{NEW}pupil/"
    response = post_step(client, "pupil", pupil_answers())
    assert response["Location"] == f"{NEW}parents/"
    response = post_step(client, "parents", parent_answers())
    deletion = deletion_answers(**(deletion or {}))
    if kind == "deletion":
        assert response["Location"] == f"{NEW}deletion/"
        response = post_step(client, "deletion", deletion)
    if kind == "considering_ehe" or deletion["ground"] == "f":
        assert response["Location"] == f"{NEW}home-education/"
        answers = home_education_answers(**(home_education or {}))
        if kind == "deletion" and upload:
            answers["notice"] = notice()
        response = post_step(client, "home-education", answers)
    assert response.status_code == 302 and response["Location"] == f"{NEW}check/", response
    return client.get(f"{NEW}check/")


def errors_on(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    if not summary:
        return []
    return [
        html_module.unescape(text) for text in re.findall(r"<a [^>]*>([^<]+)</a>", summary.group(1))
    ]


def staged_files(tmp_path) -> list[Path]:
    folder = tmp_path / "pending-returns"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_ground_f_with_the_parents_notice_is_sent_and_confirmed(school_client, school, tmp_path):
    check = walk_to_check(school_client)
    html = check.content.decode()
    assert "Check your answers before sending the return" in html
    for answer in (
        "Robin Example",
        "17 May 2014",
        "ZZ1 1ZZ",
        "Sam Example",
        "07700 900120",
        "(f) Parent has given written notice of home education",
        "16 November 2026",
        "notice.pdf",
        "91.5%",
        "Wants a more flexible timetable",
    ):
        assert answer in html, answer
    assert len(staged_files(tmp_path)) == 1, "the notice waits on the server, not in the session"

    sent = school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert sent["Location"] == f"/school/returns/{r.uid}/confirmation/"
    assert (r.kind, r.ground, r.channel, r.school, r.submitted_by) == (
        "deletion",
        "f",
        "web",
        school,
        school_client.user,
    )
    assert (r.pupil_first_name, r.postcode, str(r.attendance_percent)) == (
        "Robin",
        "ZZ1 1ZZ",
        "91.5",
    )
    assert r.parents == [
        {
            "first_name": "Sam",
            "last_name": "Example",
            "relationship": "mother",
            "address": "12 Imaginary Lane, Northbrook, ZZ1 1ZZ",
            "phone": "07700 900120",
            "email": "",
        }
    ]
    assert (r.meeting_offered, r.meeting_held, r.safeguarding_file) == (True, False, False)
    attachment = r.attachments.get()
    assert (attachment.original_name, attachment.size) == ("notice.pdf", len(PDF))
    assert attachment.file.read() == PDF
    assert r.idempotency_key.startswith("web-")
    assert staged_files(tmp_path) == [], "the kept file is deleted once sent"

    confirmation = school_client.get(sent["Location"])
    assert confirmation.status_code == 200
    assert f'data-testid="reference">{r.reference}<' in confirmation.content.decode()
    assert "govuk-panel--confirmation" in confirmation.content.decode()


def test_considering_home_education_skips_the_removal_and_the_notice(school_client):
    check = walk_to_check(school_client, kind="considering_ehe")
    html = check.content.decode()
    assert "Parent considering home education" in html
    assert "Removal from the register" not in html
    assert "written notice" not in html
    school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert (r.kind, r.ground, r.deletion_date) == ("considering_ehe", "", None)
    assert r.parent_reason == "Wants a more flexible timetable"
    assert not r.attachments.exists()


def test_a_removal_on_another_ground_asks_no_home_education_questions(school_client):
    check = walk_to_check(
        school_client,
        deletion={
            "ground": "a",
            "destination_known": "yes",
            "destination_school_name": "Elsewhere Academy",
            "destination_school_urn": "123456",
            "destination_local_authority": "Another Council",
            "destination_in_area": "no",
        },
    )
    html = check.content.decode()
    assert "Elsewhere Academy (URN 123456)" in html
    assert 'summary-card__title">Home education' not in html
    school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert (r.ground, r.destination_known, r.destination_school_urn) == ("a", True, "123456")
    assert r.destination_in_area is False
    assert r.meeting_offered is None


def test_destination_details_are_dropped_when_the_school_says_it_does_not_know(school_client):
    walk_to_check(
        school_client,
        deletion={"ground": "g", "destination_known": "no", "destination_school_name": "Typo"},
    )
    school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert (r.destination_known, r.destination_school_name) == (False, "")


def test_special_schools_are_asked_whether_the_council_arranged_the_place(school_client, school):
    school.is_special = True
    school.save()
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    page = school_client.get(f"{NEW}deletion/")
    assert "Did a council arrange the pupil&#x27;s place" in page.content.decode()
    assert "I do not know" in page.content.decode()
    refused = post_step(school_client, "deletion", deletion_answers())
    assert errors_on(refused) == [
        "Say whether a council arranged the pupil's place, or that you do not know"
    ]
    post_step(school_client, "deletion", deletion_answers(placed_by_council="yes"))
    post_step(school_client, "home-education", home_education_answers(notice=notice()))
    school_client.post(f"{NEW}check/")
    assert DeletionReturn.objects.get().placed_by_council is True


def test_a_special_school_that_does_not_know_who_arranged_the_place_is_held_for_consent(
    school_client, school, django_capture_on_commit_callbacks
):
    school.is_special = True
    school.save()
    walk_to_check(school_client, deletion={"placed_by_council": "unknown"})
    check = school_client.get(f"{NEW}check/").content.decode()
    assert re.search(r"Place arranged by a council</dt>\s*<dd[^>]*>Not known<", check)
    with django_capture_on_commit_callbacks(execute=True):
        school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert r.placed_by_council is None
    # Unknown is never "no": the pupil is not deregistered by default.
    assert (r.status, r.outcome) == ("received", "consent_required")
    assert ConsentRequest.objects.get(deletion_return=r).decision == "pending"
    assert not Episode.objects.exists()


def test_mainstream_schools_are_not_asked_about_council_placements(school_client):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    assert "arrange the pupil" not in school_client.get(f"{NEW}deletion/").content.decode()


def test_change_links_go_to_each_page_and_back_to_check_answers(school_client):
    check = walk_to_check(school_client).content.decode()
    links = set(re.findall(r'href="(/school/returns/new/[^"#]+/)#', check))
    assert links == {
        f"{NEW}{slug}/" for slug in ("about", "pupil", "parents", "deletion", "home-education")
    }
    # The Change link for the UPN points at the UPN box on the pupil page.
    assert f'href="{NEW}pupil/#id_upn"' in check

    page = school_client.get(f"{NEW}pupil/")
    assert 'value="Robin"' in page.content.decode(), "the page shows the stored answer"
    changed = post_step(school_client, "pupil", pupil_answers(pupil_first_name="Robyn"))
    assert changed["Location"] == f"{NEW}check/"
    assert "Robyn Example" in school_client.get(f"{NEW}check/").content.decode()


def test_changing_the_ground_to_f_asks_for_the_home_education_page_next(school_client):
    walk_to_check(school_client, deletion={"ground": "g"})
    changed = post_step(school_client, "deletion", deletion_answers(ground="f"))
    assert changed["Location"] == f"{NEW}home-education/"
    # Check answers is not reachable until the notice is given.
    assert school_client.get(f"{NEW}check/")["Location"] == f"{NEW}home-education/"


def test_pages_cannot_be_skipped(school_client):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    assert school_client.get(f"{NEW}deletion/")["Location"] == f"{NEW}pupil/"
    assert school_client.get(f"{NEW}check/")["Location"] == f"{NEW}pupil/"
    assert school_client.post(f"{NEW}check/")["Location"] == f"{NEW}pupil/"
    assert not DeletionReturn.objects.exists()


def test_without_a_journey_the_pages_send_the_school_to_the_start(school_client):
    assert school_client.get(f"{NEW}pupil/")["Location"] == NEW
    assert school_client.get(f"{NEW}check/")["Location"] == NEW
    assert school_client.get(f"{NEW}no-such-page/").status_code == 404


def test_answers_live_in_the_session_not_the_address(school_client):
    walk_to_check(school_client)
    session = school_client.session["school_return"]
    assert session["answers"]["pupil"]["pupil_first_name"] == ["Robin"]
    # Every page of the journey is a fixed address: nothing typed ever appears in one.
    for slug in ("about", "pupil", "parents", "deletion", "home-education"):
        response = post_step(school_client, slug, {})
        assert "Robin" not in response.get("Location", "")


def test_adding_and_removing_parents(school_client):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    page = post_step(school_client, "parents", parent_answers(action="add"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="parents-1-first_name"' in html and 'value="Sam"' in html
    assert "There is a problem" not in html, "adding a parent checks nothing yet"

    for _ in range(3):
        page = post_step(school_client, "parents", parent_answers(2, action="add"))
    assert 'name="parents-2-first_name"' in page.content.decode()
    full = post_step(school_client, "parents", parent_answers(4, action="add"))
    assert 'name="parents-4-first_name"' not in full.content.decode(), "at most four"
    assert "Add another parent" not in full.content.decode()

    removed = post_step(school_client, "parents", parent_answers(2, action="remove-0"))
    html = removed.content.decode()
    assert 'value="Alex"' in html and 'value="Sam"' not in html
    assert 'name="parents-1-first_name"' not in html

    post_step(school_client, "parents", parent_answers(2))
    post_step(
        school_client,
        "deletion",
        deletion_answers(ground="a", destination_known="yes", destination_school_name="Elsewhere"),
    )
    school_client.post(f"{NEW}check/")
    assert [p["first_name"] for p in DeletionReturn.objects.get().parents] == ["Sam", "Alex"]


def test_sending_twice_stores_the_return_once(school_client):
    walk_to_check(school_client)
    first = school_client.post(f"{NEW}check/")
    again = school_client.post(f"{NEW}check/")
    assert DeletionReturn.objects.count() == 1
    assert ReturnAttachment.objects.count() == 1
    assert again.status_code == 302 and again["Location"] == first["Location"]
    # A refresh of the check page after sending shows the same confirmation too.
    assert school_client.get(f"{NEW}check/")["Location"] == first["Location"]


def test_the_same_journey_key_sent_twice_races_to_one_return(school_client, school):
    """Two clicks that both arrive before either has finished: each carries the journey's
    key, so the service stores one return and both see the same receipt."""
    walk_to_check(school_client)
    key = school_client.session["school_return"]["key"]
    session_before = dict(school_client.session)
    first = school_client.post(f"{NEW}check/")
    # Put the journey back, as the second request would still have seen it.
    session = school_client.session
    session["school_return"] = session_before["school_return"]
    session.save()
    second = school_client.post(f"{NEW}check/")
    assert DeletionReturn.objects.count() == 1
    assert DeletionReturn.objects.get().idempotency_key == key
    assert second["Location"] == first["Location"]


def test_starting_again_abandons_the_answers_and_the_kept_file(school_client, tmp_path):
    walk_to_check(school_client)
    assert len(staged_files(tmp_path)) == 1
    start_page = school_client.get(NEW).content.decode()
    assert "Continue your return" in start_page
    start(school_client)
    assert staged_files(tmp_path) == []
    assert school_client.session["school_return"]["answers"] == {}


def test_cancel_deletes_the_answers_and_the_kept_file(school_client, tmp_path):
    walk_to_check(school_client)
    response = school_client.post(f"{NEW}cancel/")
    assert response["Location"] == "/school/"
    assert "school_return" not in school_client.session
    assert staged_files(tmp_path) == []
    assert not DeletionReturn.objects.exists()


def test_stale_kept_files_are_removed_when_a_journey_starts(school_client, tmp_path, settings):
    walk_to_check(school_client)
    school_client.post(f"{NEW}cancel/")
    folder = tmp_path / "pending-returns"
    folder.mkdir(exist_ok=True)
    old = folder / "left-by-an-expired-session"
    old.write_bytes(PDF)
    fresh = folder / "someone-elses-current-journey"
    fresh.write_bytes(PDF)
    stale = datetime(2026, 11, 19, 12, tzinfo=ZoneInfo("Europe/London")).timestamp()
    recent = datetime(2026, 11, 20, 11, tzinfo=ZoneInfo("Europe/London")).timestamp()
    os.utime(old, (stale, stale))
    os.utime(fresh, (recent, recent))
    start(school_client)
    assert staged_files(tmp_path) == [fresh]


# -- bad input: a clear error on the page that asks, and nothing saved ---------------------


def assert_nothing_saved(tmp_path):
    assert DeletionReturn.objects.count() == 0
    assert ReturnAttachment.objects.count() == 0
    returns_folder = tmp_path / "returns"
    assert not returns_folder.exists() or not any(returns_folder.rglob("*"))


def test_a_parent_is_required(school_client, tmp_path):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    empty = {"parents-TOTAL_FORMS": "1", "parents-INITIAL_FORMS": "0"}
    response = post_step(school_client, "parents", empty)
    assert response.status_code == 200
    assert errors_on(response) == [
        "Give at least one parent the pupil normally lives with",
        "Parent 1: Enter the parent's first name",
        "Parent 1: Enter the parent's last name",
        "Parent 1: Choose the parent's relationship to the pupil",
        "Parent 1: Enter the parent's address",
        "Parent 1: Enter an emergency telephone number for the parent",
    ]
    none = post_step(
        school_client, "parents", {"parents-TOTAL_FORMS": "0", "parents-INITIAL_FORMS": "0"}
    )
    assert "Give at least one parent the pupil normally lives with" in errors_on(none)
    assert "parents" not in school_client.session["school_return"]["answers"]
    assert school_client.get(f"{NEW}check/")["Location"] == f"{NEW}parents/"
    assert_nothing_saved(tmp_path)


def test_a_parent_needs_an_emergency_number(school_client, tmp_path):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    response = post_step(school_client, "parents", parent_answers(2, **{"parents-1-phone": ""}))
    assert errors_on(response) == ["Parent 2: Enter an emergency telephone number for the parent"]
    assert 'href="#id_parents-1-phone"' in response.content.decode()
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize(
    ("upn", "message"),
    [
        ("A12345678901", "A UPN has 13 characters"),
        ("I123456789012", "A UPN is a letter, 11 digits, then a digit or letter (no I, O or S)"),
        ("B801200001001", "The UPN's check letter does not match the rest of the number"),
    ],
)
def test_a_bad_upn_is_refused_on_the_pupil_page(school_client, tmp_path, upn, message):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    response = post_step(school_client, "pupil", pupil_answers(upn=upn))
    assert response.status_code == 200
    assert errors_on(response) == [message]
    assert 'href="#id_upn"' in response.content.decode()
    assert "pupil" not in school_client.session["school_return"]["answers"]
    assert_nothing_saved(tmp_path)


def test_a_good_upn_is_kept_in_capitals(school_client):
    from policy.upn import upn_check_letter

    body = "801200001001"
    upn = upn_check_letter(body) + body
    walk_to_check(school_client)
    post_step(school_client, "pupil", pupil_answers(upn=upn.lower()))
    school_client.post(f"{NEW}check/")
    assert DeletionReturn.objects.get().upn == upn


def test_a_deletion_date_more_than_20_working_days_ahead_is_refused(school_client, tmp_path):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    # Friday 20 November 2026: the 20th working day after it is Friday 18 December.
    response = post_step(
        school_client,
        "deletion",
        deletion_answers(deletion_date_day="21", deletion_date_month="12"),
    )
    assert errors_on(response) == [
        "The deletion date must be no more than 20 working days from today: "
        "18 December 2026 at the latest"
    ]
    assert 'href="#id_deletion_date_0"' in response.content.decode()
    assert_nothing_saved(tmp_path)


def test_a_deletion_date_up_to_20_working_days_ahead_is_sent_and_held_until_then(
    school_client, django_capture_on_commit_callbacks
):
    walk_to_check(
        school_client,
        deletion={"ground": "g", "deletion_date_day": "18", "deletion_date_month": "12"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert sent["Location"] == f"/school/returns/{r.uid}/confirmation/"
    assert r.deletion_date == date(2026, 12, 18)
    # A case cannot start on a day still to come: the return waits for it.
    assert (r.status, r.outcome) == ("received", "waiting_for_deletion_date")
    assert not Episode.objects.exists()


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (
            ("1", "3", "2022"),
            "On the deletion date the pupil is not yet of compulsory school age (it starts on "
            "31 March 2027). Check the date of birth and the date, or choose ground (b) for a "
            "nursery pupil who is not moving up",
        ),
        (
            ("1", "7", "2009"),
            "On the deletion date the pupil is past compulsory school age (it ended on "
            "27 June 2025). Check the date of birth and the date, or choose ground (l) for a "
            "pupil who is not staying on",
        ),
    ],
)
def test_a_pupil_not_of_school_age_on_the_deletion_date_is_refused(
    school_client, tmp_path, born, message
):
    day, month, year = born
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(
        school_client,
        "pupil",
        pupil_answers(date_of_birth_day=day, date_of_birth_month=month, date_of_birth_year=year),
    )
    post_step(school_client, "parents", parent_answers())
    response = post_step(school_client, "deletion", deletion_answers())
    assert errors_on(response) == [message]
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize(("ground", "year"), [("b", "2022"), ("l", "2009")])
def test_grounds_b_and_l_are_for_pupils_outside_school_age(school_client, ground, year):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers(date_of_birth_year=year))
    post_step(school_client, "parents", parent_answers())
    response = post_step(school_client, "deletion", deletion_answers(ground=ground))
    assert response.status_code == 302 and response["Location"] == f"{NEW}check/"
    school_client.post(f"{NEW}check/")
    assert DeletionReturn.objects.get().ground == ground


@pytest.mark.parametrize(
    ("postcode", "kept"), [("zz1 1zz", "ZZ1 1ZZ"), ("ZZ11ZZ", "ZZ1 1ZZ"), (" a9a  9aa ", "A9A 9AA")]
)
def test_a_postcode_is_kept_in_capitals_with_one_space(school_client, postcode, kept):
    walk_to_check(school_client)
    post_step(school_client, "pupil", pupil_answers(postcode=postcode))
    school_client.post(f"{NEW}check/")
    assert DeletionReturn.objects.get().postcode == kept


@pytest.mark.parametrize("postcode", ["ZZ1", "12345", "ZZ1 1Z1", "nopostcode"])
def test_a_postcode_that_is_not_a_uk_postcode_is_refused(school_client, tmp_path, postcode):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    response = post_step(school_client, "pupil", pupil_answers(postcode=postcode))
    assert errors_on(response) == ["Enter a real postcode, like AA1 1AA"]
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("phone", ["07700 9001", "0770090012345", "call the office", "+1 212 555"])
def test_a_telephone_number_that_is_not_a_uk_number_is_refused(school_client, tmp_path, phone):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    response = post_step(school_client, "parents", parent_answers(**{"parents-0-phone": phone}))
    assert errors_on(response) == [
        "Parent 1: Enter a UK telephone number, like 01632 960 001, 07700 900 982 or "
        "+44 7700 900 982"
    ]
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("phone", ["+44 7700 900123", "01632 960001", "(01632) 960-001"])
def test_uk_telephone_numbers_in_the_usual_forms_are_accepted(school_client, phone):
    walk_to_check(school_client)
    post_step(school_client, "parents", parent_answers(**{"parents-0-phone": phone}))
    school_client.post(f"{NEW}check/")
    assert DeletionReturn.objects.get().parents[0]["phone"] == phone


@pytest.mark.parametrize("ground", ["z", "", "ff"])
def test_an_unknown_ground_is_refused(school_client, tmp_path, ground):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    response = post_step(school_client, "deletion", deletion_answers(ground=ground))
    expected = (
        "Choose the ground for removing the pupil"
        if not ground
        else "Choose one of the grounds listed"
    )
    assert errors_on(response) == [expected]
    assert_nothing_saved(tmp_path)


def test_a_wrong_type_of_notice_is_refused(school_client, tmp_path):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    post_step(school_client, "deletion", deletion_answers())
    exe = post_step(
        school_client,
        "home-education",
        home_education_answers(notice=notice("notice.exe", b"MZ\x90\x00")),
    )
    assert errors_on(exe) == ["The file must be one of: DOCX, JPEG, JPG, ODT, PDF, PNG, TXT"]
    assert 'href="#id_notice"' in exe.content.decode()
    disguised = post_step(
        school_client,
        "home-education",
        home_education_answers(notice=notice("notice.pdf", b"MZ\x90\x00 not a pdf")),
    )
    assert errors_on(disguised) == ["The file is not a real PDF"]
    assert staged_files(tmp_path) == []
    assert_nothing_saved(tmp_path)


def test_an_oversized_notice_is_refused(school_client, tmp_path):
    settings_row = CaseworkSettings.current()
    settings_row.max_upload_megabytes = 1
    settings_row.save()
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    post_step(school_client, "deletion", deletion_answers())
    big = notice(content=b"%PDF-" + b"0" * (1024 * 1024))
    response = post_step(school_client, "home-education", home_education_answers(notice=big))
    assert errors_on(response) == ["The file must be smaller than 1 MB"]
    assert staged_files(tmp_path) == []
    assert_nothing_saved(tmp_path)


def test_ground_f_needs_the_notice(school_client, tmp_path):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    post_step(school_client, "deletion", deletion_answers())
    response = post_step(school_client, "home-education", home_education_answers())
    assert errors_on(response) == ["Upload the parent's written notice of home education"]
    assert_nothing_saved(tmp_path)


def test_a_good_notice_is_kept_while_other_answers_are_fixed(school_client, tmp_path):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    post_step(school_client, "pupil", pupil_answers())
    post_step(school_client, "parents", parent_answers())
    post_step(school_client, "deletion", deletion_answers())
    first = post_step(
        school_client,
        "home-education",
        home_education_answers(safeguarding_file="", notice=notice()),
    )
    assert errors_on(first) == ["Say whether the school holds a safeguarding file"]
    assert "You have uploaded notice.pdf" in first.content.decode()
    fixed = post_step(school_client, "home-education", home_education_answers())
    assert fixed["Location"] == f"{NEW}check/"
    assert len(staged_files(tmp_path)) == 1


def test_the_date_of_birth_must_be_in_the_past_and_the_removal_after_it(school_client, tmp_path):
    start(school_client)
    post_step(school_client, "about", {"kind": "deletion"})
    future = post_step(school_client, "pupil", pupil_answers(date_of_birth_year="2027"))
    assert errors_on(future) == ["Date of birth must be in the past"]
    half = post_step(school_client, "pupil", pupil_answers(date_of_birth_month=""))
    assert errors_on(half) == ["Date of birth must include a month"]
    assert_nothing_saved(tmp_path)


def test_problems_found_when_sending_are_shown_against_their_pages(
    school_client, tmp_path, monkeypatch
):
    walk_to_check(school_client)

    def refuse(**kwargs):
        raise ServiceError(
            {"upn": "The service says no", "parents.0.phone": "Not a number", "": "Whole form"}
        )

    monkeypatch.setattr("cases.views.school_journey.deletion_return_submit", refuse)
    response = school_client.post(f"{NEW}check/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{NEW}pupil/">The service says no</a>' in html
    assert f'<a href="{NEW}parents/">Not a number</a>' in html
    assert "<li>Whole form</li>" in html
    pupil = school_client.get(f"{NEW}pupil/").content.decode()
    assert "The service says no" in pupil and 'href="#id_upn"' in pupil
    parents = school_client.get(f"{NEW}parents/").content.decode()
    assert "Parent 1: Not a number" in parents
    # Saving the page again clears the service's problem for that page.
    post_step(school_client, "pupil", pupil_answers())
    assert "The service says no" not in school_client.get(f"{NEW}pupil/").content.decode()
    assert_nothing_saved(tmp_path)


def test_a_notice_lost_before_sending_is_asked_for_again(school_client, tmp_path):
    walk_to_check(school_client)
    for path in staged_files(tmp_path):
        path.unlink()
    response = school_client.post(f"{NEW}check/")
    assert response.status_code == 200
    link = f'<a href="{NEW}home-education/">Attach the parent&#x27;s written notice'
    assert link in response.content.decode()
    assert_nothing_saved(tmp_path)
    page = school_client.get(f"{NEW}home-education/")
    assert "Attach the parent&#x27;s written notice" in page.content.decode()
    assert school_client.get(f"{NEW}check/")["Location"] == f"{NEW}home-education/"


def test_ground_e_asks_for_no_notice_and_opens_home_education(
    school_client, django_capture_on_commit_callbacks
):
    check = walk_to_check(school_client, deletion={"ground": "e"})
    assert "written notice</dt>" not in check.content.decode()  # no notice is asked for
    with django_capture_on_commit_callbacks(execute=True):
        school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert (r.ground, r.status, r.outcome) == ("e", "processed", "ehe_opened")
    assert (r.episode.kind, r.episode.start_date) == ("ehe", date(2026, 11, 16))
    assert not r.attachments.exists()


def test_an_order_on_the_councils_records_is_flagged_whatever_the_school_ticked(
    school_client, django_capture_on_commit_callbacks
):
    from cases.models import FormalStep
    from tests.cases.factories import EHEEpisodeFactory

    episode = EHEEpisodeFactory(
        child__legal_first_name="Robin",
        child__legal_last_name="Example",
        child__date_of_birth=date(2014, 5, 17),
        status="sao_process",
    )
    FormalStep.objects.create(episode=episode, kind="sao_served", occurred_on=date(2026, 3, 1))
    walk_to_check(
        school_client,
        deletion={"ground": "a", "destination_known": "yes", "destination_school_name": "Elm"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        school_client.post(f"{NEW}check/")
    r = DeletionReturn.objects.get()
    assert r.sao_in_force is False  # the school said there was none
    assert (r.status, r.outcome) == ("order_in_force", "sao_in_force")
    page = school_client.get(f"/school/returns/{r.uid}/").content.decode()
    assert ">School attendance order in force</strong>" in page
    assert "Keep the pupil on your register" in page
