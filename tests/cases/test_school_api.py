"""The schools' deletion-return API: a school's key sends and reads its own returns; bad input
is refused per field with nothing saved; a retried request with the same Idempotency-Key gets
the original receipt; keys reach nothing else, and staff sessions do not reach these."""

import base64
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from cases.models import (
    CaseworkSettings,
    ConsentRequest,
    DeletionReturn,
    Episode,
    FormalStep,
    ReturnAttachment,
    ReturnMessage,
    SchoolApiToken,
)
from cases.services import consent_decide, deletion_return_query_raise
from cases.services.school_accounts import school_api_token_create, school_api_token_revoke
from ehe.roles import Role
from policy.upn import upn_check_letter
from tests.cases.factories import EHEEpisodeFactory, SchoolFactory
from tests.cases.returns_helpers import NOTICE, submit

pytestmark = pytest.mark.django_db

URL = "/api/v1/deletion-returns/"


@pytest.fixture(autouse=True)
def frozen_today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def schools():
    return SchoolFactory(name="Ashgrove Primary"), SchoolFactory(name="Birchfield Academy")


def key_for(school, label="MIS link"):
    return school_api_token_create(by=None, school=school, label=label, channel="web")


def client_with(raw_key=None):
    client = APIClient()
    if raw_key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw_key}")
    return client


@pytest.fixture
def api(schools):
    token, raw = key_for(schools[0])
    client = client_with(raw)
    client.token = token
    return client


def body(**overrides):
    data = {
        "kind": "deletion",
        "pupil_first_name": "Robin",
        "pupil_last_name": "Example",
        "date_of_birth": "2014-05-17",
        "sex": "F",
        "address_line_1": "12 Imaginary Lane",
        "town": "Northbrook",
        "postcode": "zz1 1zz",
        "parents": [
            {
                "first_name": "Sam",
                "last_name": "Example",
                "relationship": "mother",
                "address": "12 Imaginary Lane, Northbrook, ZZ1 1ZZ",
                "phone": "07700 900123",
            }
        ],
        "ground": "f",
        "deletion_date": "2026-11-16",
        "destination_known": False,
        "meeting_offered": True,
        "meeting_held": False,
        "school_suggested_ehe": False,
        "safeguarding_file": False,
        "attendance_percent": "88.5",
        "attachments": [
            {"name": "notice.pdf", "content_base64": base64.b64encode(NOTICE).decode()}
        ],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


def nothing_saved(tmp_path):
    return (
        not DeletionReturn.objects.exists()
        and not ReturnAttachment.objects.exists()
        and not any((tmp_path / "returns").rglob("*"))
    )


def test_a_return_sent_as_json_is_saved_and_receipted(api, schools):
    response = api.post(URL, body(), format="json")
    assert response.status_code == 201, response.json()
    r = DeletionReturn.objects.get()
    assert response.json() == {
        "reference": r.reference,
        "kind": "deletion",
        "submitted_at": response.json()["submitted_at"],
        "status": "received",
        "query_message": "",
    }
    assert response["Location"] == f"{URL}{r.reference}/"
    assert (r.school, r.channel, r.submitted_with_token, r.submitted_by) == (
        schools[0],
        "api",
        api.token,
        None,
    )
    assert (r.postcode, str(r.attendance_percent), r.meeting_offered) == ("ZZ1 1ZZ", "88.5", True)
    assert r.parents[0]["phone"] == "07700 900123"
    attachment = r.attachments.get()
    assert (attachment.original_name, attachment.file.read()) == ("notice.pdf", NOTICE)


def test_a_return_sent_as_multipart_carries_the_notice_as_a_file(api):
    data = body(attachments=...)
    response = api.post(
        URL,
        {"data": json.dumps(data), "attachments": SimpleUploadedFile("notice.pdf", NOTICE)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert DeletionReturn.objects.get().attachments.get().size == len(NOTICE)


def test_considering_home_education_needs_no_ground_or_notice(api):
    data = body(
        kind="considering_ehe",
        ground=...,
        deletion_date=...,
        destination_known=...,
        attachments=...,
    )
    response = api.post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    assert DeletionReturn.objects.get().kind == "considering_ehe"


def test_the_same_idempotency_key_returns_the_original_receipt(api):
    first = api.post(URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="mis-7f3a")
    again = api.post(URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="mis-7f3a")
    changed = api.post(
        URL, body(pupil_first_name="Someone"), format="json", HTTP_IDEMPOTENCY_KEY="mis-7f3a"
    )
    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 200)
    assert again.json() == first.json() == changed.json()
    assert DeletionReturn.objects.count() == 1
    assert ReturnAttachment.objects.count() == 1
    other = api.post(URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="mis-7f3b")
    assert other.status_code == 201 and DeletionReturn.objects.count() == 2


def test_idempotency_keys_belong_to_one_school(api, schools):
    api.post(URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="shared-key")
    _, other_raw = key_for(schools[1])
    theirs = client_with(other_raw).post(
        URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="shared-key"
    )
    assert theirs.status_code == 201, "another school's key never returns this school's receipt"
    assert DeletionReturn.objects.filter(school=schools[1]).count() == 1


def test_an_over_long_idempotency_key_is_refused(api, tmp_path):
    response = api.post(URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="k" * 101)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "idempotency_key": ["An idempotency key has at most 100 characters"]
    }
    assert nothing_saved(tmp_path)


# -- bad input: 400, an error per field, nothing saved ------------------------------------


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        pytest.param(
            {"parents": []},
            {"parents": ["Give at least one parent the pupil normally lives with"]},
            id="no-parent",
        ),
        pytest.param(
            {"parents": ...},
            {"parents": ["Give at least one parent the pupil normally lives with"]},
            id="parents-missing",
        ),
        pytest.param(
            {"upn": "B801200001001"},
            {"upn": ["The UPN's check letter does not match the rest of the number"]},
            id="bad-upn",
        ),
        pytest.param(
            # 20 working days after Friday 20 November 2026 is Friday 18 December.
            {"deletion_date": "2026-12-21"},
            {
                "deletion_date": [
                    "The deletion date must be no more than 20 working days from today: "
                    "18 December 2026 at the latest"
                ]
            },
            id="deletion-date-too-far-ahead",
        ),
        pytest.param(
            {"date_of_birth": "2022-03-01"},
            {
                "deletion_date": [
                    "On the deletion date the pupil is not yet of compulsory school age (it "
                    "starts on 31 March 2027). Check the date of birth and the date, or choose "
                    "ground (b) for a nursery pupil who is not moving up"
                ]
            },
            id="below-school-age",
        ),
        pytest.param(
            {"date_of_birth": "2009-07-01"},
            {
                "deletion_date": [
                    "On the deletion date the pupil is past compulsory school age (it ended on "
                    "27 June 2025). Check the date of birth and the date, or choose ground (l) "
                    "for a pupil who is not staying on"
                ]
            },
            id="above-school-age",
        ),
        pytest.param(
            {"postcode": "ZZ1"},
            {"postcode": ["Enter a real postcode, like AA1 1AA"]},
            id="not-a-postcode",
        ),
        pytest.param(
            {
                "parents": [
                    {
                        "first_name": "Sam",
                        "last_name": "Example",
                        "relationship": "mother",
                        "address": "12 Imaginary Lane, Northbrook, ZZ1 1ZZ",
                        "phone": "0770 090",
                    }
                ]
            },
            {
                "parents.0.phone": [
                    "Enter a UK telephone number, like 01632 960 001, 07700 900 982 or "
                    "+44 7700 900 982"
                ]
            },
            id="not-a-phone-number",
        ),
        pytest.param(
            {"ground": "z"},
            {"ground": ["Ground must be one letter from a to o"]},
            id="unknown-ground",
        ),
        pytest.param(
            {"ground": ""},
            {"ground": ["Choose the regulation 9(1) ground for removing the pupil"]},
            id="no-ground",
        ),
        pytest.param(
            {"attachments": [{"name": "notice.exe", "content_base64": "TVqQAAMAAAAEAAAA"}]},
            {"attachments": ["The file must be one of: DOCX, JPEG, JPG, ODT, PDF, PNG, TXT"]},
            id="wrong-type-upload",
        ),
        pytest.param(
            {"attachments": [{"name": "notice.pdf", "content_base64": "TVqQAAMAAAAEAAAA"}]},
            {"attachments": ["The file is not a real PDF"]},
            id="disguised-upload",
        ),
        pytest.param(
            {"attachments": [{"name": "notice.pdf", "content_base64": "not base64!"}]},
            {"attachments": ["The file's content is not valid base64"]},
            id="bad-base64",
        ),
        pytest.param(
            {"attachments": []},
            {"attachments": ["Attach the parent's written notice of home education"]},
            id="no-notice-for-f",
        ),
        pytest.param(
            {"pupil_last_name": "", "date_of_birth": None, "postcode": ""},
            {
                "pupil_last_name": ["Enter the pupil's last name"],
                "date_of_birth": ["Enter the pupil's date of birth"],
                "postcode": ["Enter the pupil's postcode"],
            },
            id="several-at-once",
        ),
        pytest.param(
            {"date_of_birth": "17/05/2014"},
            {
                "date_of_birth": [
                    "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
                ]
            },
            id="date-format",
        ),
        pytest.param(
            {"favourite_colour": "blue"},
            {"favourite_colour": ["This field is not part of a return"]},
            id="unknown-field",
        ),
        pytest.param(
            {"kind": "expulsion"},
            {"kind": ["Kind must be deletion or considering_ehe"]},
            id="unknown-kind",
        ),
        pytest.param(
            {"attendance_percent": "101"},
            {"attendance_percent": ["Attendance must be between 0 and 100"]},
            id="attendance-over-100",
        ),
        pytest.param(
            {"postcode": "Z" * 11},
            {"postcode": ["Ensure this field has no more than 10 characters."]},
            id="too-long-for-the-database",
        ),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_is_saved(api, tmp_path, overrides, errors):
    response = api.post(URL, body(**overrides), format="json")
    assert response.status_code == 400, response.json()
    assert response.json() == {"errors": errors}
    assert nothing_saved(tmp_path)
    api.token.refresh_from_db()
    assert api.token.last_used_at is not None


def test_each_parents_problems_are_named_by_position(api, tmp_path):
    parents = [
        body()["parents"][0],
        {
            "first_name": "Alex",
            "last_name": "Example",
            "relationship": "father",
            "address": "x",
            "phone": "",
        },
        {"first_name": "Jo", "relationship": "aunt", "phone": "1", "address": "y", "age": 40},
    ]
    response = api.post(URL, body(parents=parents), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "parents.2.relationship": [
            "Relationship must be one of: mother, father, step_parent, grandparent, "
            "foster_carer, special_guardian, other_carer"
        ],
        "parents.2.age": ["This field is not part of a parent's details"],
    }
    fixed = [parents[0], parents[1], {**parents[2], "relationship": "other_carer"}]
    fixed[2].pop("age")
    response = api.post(URL, body(parents=fixed), format="json")
    assert response.json()["errors"] == {
        "parents.1.phone": ["Enter the parent's emergency telephone number"],
        "parents.2.last_name": ["Enter the parent's last name"],
        "parents.2.phone": [
            "Enter a UK telephone number, like 01632 960 001, 07700 900 982 or +44 7700 900 982"
        ],
    }
    assert nothing_saved(tmp_path)


def test_an_oversized_notice_is_refused_before_it_is_decoded(api, tmp_path):
    row = CaseworkSettings.current()
    row.max_upload_megabytes = 1
    row.save()
    content = base64.b64encode(b"%PDF-" + b"0" * (1024 * 1024)).decode()
    response = api.post(
        URL,
        body(attachments=[{"name": "notice.pdf", "content_base64": content}]),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"attachments": ["The file must be smaller than 1 MB"]}
    multipart = api.post(
        URL,
        {
            "data": json.dumps(body(attachments=...)),
            "attachments": SimpleUploadedFile("notice.pdf", b"%PDF-" + b"0" * (1024 * 1024)),
        },
        format="multipart",
    )
    assert multipart.status_code == 400
    assert multipart.json()["errors"] == {"attachments": ["The file must be smaller than 1 MB"]}
    assert nothing_saved(tmp_path)


def test_multipart_without_usable_json_is_refused(api, tmp_path):
    bad = api.post(URL, {"data": "{not json"}, format="multipart")
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"data": ["'data' is not valid JSON"]}
    missing = api.post(
        URL, {"attachments": SimpleUploadedFile("n.pdf", NOTICE)}, format="multipart"
    )
    assert missing.json()["errors"] == {"data": ["Send the return as JSON in 'data'"]}
    assert nothing_saved(tmp_path)


def test_a_good_upn_is_accepted_and_kept_in_capitals(api):
    body_part = "801200001001"
    upn = upn_check_letter(body_part) + body_part
    response = api.post(URL, body(upn=upn.lower()), format="json")
    assert response.status_code == 201
    assert DeletionReturn.objects.get().upn == upn


# -- reading: only the school's own -------------------------------------------------------


def test_list_shows_only_the_keys_schools_returns_newest_first(api, schools):
    mine, theirs = schools
    older = submit(mine).deletion_return
    with time_machine.travel(datetime(2026, 11, 20, 13, tzinfo=ZoneInfo("Europe/London"))):
        newer = submit(mine, kind="considering_ehe").deletion_return
    submit(theirs)
    DeletionReturn.objects.filter(pk=older.pk).update(
        status="query_raised", outcome="sao_in_force", query_message="Keep the pupil on roll"
    )
    response = api.get(URL)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["reference"] for r in results] == [newer.reference, older.reference]
    assert results[1] == {
        "reference": older.reference,
        "kind": "deletion",
        "submitted_at": results[1]["submitted_at"],
        "status": "query_raised",
        "query_message": "Keep the pupil on roll",
    }
    assert "outcome" not in results[0] and "episode" not in results[0]


def test_list_pages_with_a_cursor_in_a_fixed_number_of_queries(
    api, schools, django_assert_max_num_queries
):
    mine = schools[0]
    for _ in range(2):
        submit(mine, kind="considering_ehe")
    with django_assert_max_num_queries(10) as two:
        assert len(api.get(URL).json()["results"]) == 2
    for _ in range(18):
        submit(mine, kind="considering_ehe")
    with django_assert_max_num_queries(len(two.captured_queries)):
        first = api.get(f"{URL}?page_size=15").json()
    assert len(first["results"]) == 15 and first["next"]
    assert "cursor=" in first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5
    seen = {r["reference"] for r in first["results"] + second["results"]}
    assert len(seen) == 20


def test_one_return_is_read_as_sent(api, schools):
    r = submit(schools[0], parent_reason="Travelling").deletion_return
    DeletionReturn.objects.filter(pk=r.pk).update(status="processed", outcome="ehe_opened")
    response = api.get(f"{URL}{r.reference}/")
    assert response.status_code == 200
    data = response.json()
    assert (data["reference"], data["status"], data["parent_reason"]) == (
        r.reference,
        "processed",
        "Travelling",
    )
    assert data["parents"][0]["first_name"] == "Sam"
    assert data["attachments"] == [
        {
            "name": "notice.pdf",
            "content_type": "application/pdf",
            "size": len(NOTICE),
            "sha256": r.attachments.get().sha256,
        }
    ]
    for internal in ("outcome", "matched_child", "episode", "processed_by", "id"):
        assert internal not in data


def test_another_schools_return_is_not_found(api, schools):
    theirs = submit(schools[1]).deletion_return
    response = api.get(f"{URL}{theirs.reference}/")
    assert response.status_code == 404
    assert api.get(f"{URL}DR-2026-999999/").status_code == 404


# -- who may call --------------------------------------------------------------------------


def test_a_revoked_key_is_refused(schools, tmp_path):
    token, raw = key_for(schools[0])
    school_api_token_revoke(by=None, token=token, channel="web")
    client = client_with(raw)
    for response in (client.get(URL), client.post(URL, body(), format="json")):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "The key is not valid or has been revoked"}
    assert nothing_saved(tmp_path)


@pytest.mark.parametrize(
    "header",
    ["Token not-a-real-key", "Token", "Token two parts", "Bearer something", ""],
)
def test_a_missing_or_unknown_key_is_refused(header, tmp_path, schools):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(URL).status_code == 401
    assert client.post(URL, body(), format="json").status_code == 401
    assert nothing_saved(tmp_path)


def test_using_a_key_records_when_it_was_last_used(api):
    assert SchoolApiToken.objects.get(pk=api.token.pk).last_used_at is None
    api.get(URL)
    assert SchoolApiToken.objects.get(pk=api.token.pk).last_used_at is not None


@pytest.mark.parametrize("role", list(Role))
def test_signed_in_staff_and_school_users_are_not_a_school_here(make_user, schools, role, tmp_path):
    submit(schools[0])
    client = APIClient()
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    reference = DeletionReturn.objects.get().reference
    assert client.get(f"{URL}{reference}/").status_code == 403
    assert client.post(URL, body(), format="json").status_code == 403
    assert DeletionReturn.objects.count() == 1


def test_a_schools_key_reaches_no_casework_endpoint(api, schools):
    episode = EHEEpisodeFactory()
    child = episode.child
    for method, url in (
        ("get", "/api/v1/children/"),
        ("get", f"/api/v1/children/{child.uid}/"),
        ("post", "/api/v1/children/search/"),
        ("get", "/api/v1/episodes/"),
        ("get", f"/api/v1/episodes/{episode.uid}/"),
        ("post", f"/api/v1/episodes/{episode.uid}/close/"),
        ("get", "/api/v1/people/"),
        ("get", "/api/v1/documents/"),
        ("get", "/api/schema/"),
    ):
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code in {401, 403}, (url, response.status_code)


def test_the_schema_describes_the_endpoints_and_the_key(make_user):
    client = APIClient()
    client.force_login(make_user(Role.OFFICER))
    schema = client.get("/api/schema/?format=json").json()
    validate_schema(schema)
    assert set(schema["paths"][URL]) >= {"get", "post"}
    assert "get" in schema["paths"]["/api/v1/deletion-returns/{reference}/"]
    assert schema["components"]["securitySchemes"]["schoolToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": schema["components"]["securitySchemes"]["schoolToken"]["description"],
    }
    post = schema["paths"][URL]["post"]
    assert post["security"] == [{"schoolToken": []}]
    assert {"application/json", "multipart/form-data"} <= set(post["requestBody"]["content"])
    assert {"200", "201", "400", "401", "403"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post["parameters"])


def test_a_json_body_too_big_for_memory_points_to_multipart(api, tmp_path, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    content = base64.b64encode(b"%PDF-" + b"0" * (100 * 1024)).decode()
    response = api.post(
        URL, body(attachments=[{"name": "notice.pdf", "content_base64": content}]), format="json"
    )
    assert response.status_code == 400
    [message] = response.json()["errors"]["attachments"]
    assert "multipart/form-data" in message
    assert nothing_saved(tmp_path)
    # The same file as a multipart part is fine: files are not held in memory.
    multipart = api.post(
        URL,
        {
            "data": json.dumps(body(attachments=...)),
            "attachments": SimpleUploadedFile("notice.pdf", b"%PDF-" + b"0" * (100 * 1024)),
        },
        format="multipart",
    )
    assert multipart.status_code == 201, multipart.json()


def test_a_school_fetches_a_schema_of_its_endpoints_with_its_key(api, make_user):
    response = api.get(f"{URL}schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert set(schema["paths"]) == {URL, f"{URL}{{reference}}/", f"{URL}{{reference}}/answer/"}
    assert schema["info"]["title"] == "School deletion returns API"
    assert client_with().get(f"{URL}schema/").status_code == 401
    staff = APIClient()
    staff.force_login(make_user(Role.OFFICER))
    assert staff.get(f"{URL}schema/").status_code == 401


# -- the front door's rules through the API ------------------------------------------------


def sent(api, django_capture_on_commit_callbacks, **overrides) -> DeletionReturn:
    """Send a return and let its routing job run, as it does once the request commits."""
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, body(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return DeletionReturn.objects.get(reference=response.json()["reference"])


@pytest.mark.parametrize("placed", [..., None], ids=["left-out", "null"])
def test_a_special_school_that_leaves_the_placement_blank_is_held_for_consent(
    api, schools, django_capture_on_commit_callbacks, placed
):
    schools[0].is_special = True
    schools[0].save()
    r = sent(api, django_capture_on_commit_callbacks, placed_by_council=placed)
    assert r.placed_by_council is None
    assert (r.status, r.outcome) == ("received", "consent_required")
    assert ConsentRequest.objects.get(deletion_return=r).decision == "pending"
    assert not Episode.objects.exists()
    assert api.get(f"{URL}{r.reference}/").json()["status"] == "received"


def test_a_deletion_date_ahead_is_accepted_and_held_until_the_day(
    api, django_capture_on_commit_callbacks
):
    r = sent(api, django_capture_on_commit_callbacks, deletion_date="2026-12-18")
    assert (r.status, r.outcome) == ("received", "waiting_for_deletion_date")
    assert not Episode.objects.exists()


def test_ground_e_opens_home_education_without_a_notice(api, django_capture_on_commit_callbacks):
    r = sent(api, django_capture_on_commit_callbacks, ground="e", attachments=...)
    assert (r.status, r.outcome, r.episode.kind) == ("processed", "ehe_opened", "ehe")


def test_an_order_in_force_is_told_to_the_school_as_a_notice(
    api, django_capture_on_commit_callbacks
):
    episode = EHEEpisodeFactory(
        child__legal_first_name="Robin",
        child__legal_last_name="Example",
        child__date_of_birth=date(2014, 5, 17),
        status="sao_process",
    )
    FormalStep.objects.create(episode=episode, kind="sao_served", occurred_on=date(2026, 3, 1))
    r = sent(api, django_capture_on_commit_callbacks, ground="a", sao_in_force=False)
    detail = api.get(f"{URL}{r.reference}/").json()
    assert detail["status"] == "order_in_force"
    assert detail["query_message"] == ""  # not a question: nothing to answer
    [message] = detail["messages"]
    assert message["kind"] == "notice"
    assert "school attendance order is in force" in message["text"]


def test_a_refused_consent_reads_as_a_decision_with_its_reasons(
    api, schools, django_capture_on_commit_callbacks, make_user
):
    schools[0].is_special = True
    schools[0].save()
    r = sent(api, django_capture_on_commit_callbacks, placed_by_council=True)
    consent_decide(
        by=make_user(Role.MANAGER),
        consent=ConsentRequest.objects.get(),
        decision="refused",
        reasons="The EHCP provision cannot be met at home",
        arranged_by="this_council",
        today=date(2026, 11, 20),
        channel="web",
    )
    detail = api.get(f"{URL}{r.reference}/").json()
    assert detail["status"] == "consent_refused"
    [message] = detail["messages"]
    assert message["kind"] == "decision"
    assert "The council's reasons: The EHCP provision cannot be met at home" in message["text"]
    assert "Secretary of State" in message["text"]


def asked(school, make_user, question="Which parent gave you the written notice?"):
    r = submit(school).deletion_return
    deletion_return_query_raise(
        by=make_user(Role.OFFICER), deletion_return=r, question=question, channel="web"
    )
    return r


def test_a_school_answers_the_councils_question(api, schools, make_user):
    r = asked(schools[0], make_user)
    listed = api.get(f"{URL}{r.reference}/").json()
    assert (listed["status"], listed["query_message"]) == (
        "query_raised",
        "Which parent gave you the written notice?",
    )
    response = api.post(
        f"{URL}{r.reference}/answer/", {"answer": "Their mother, on 12 November"}, format="json"
    )
    assert response.status_code == 200, response.json()
    detail = response.json()
    assert (detail["status"], detail["query_message"]) == ("received", "")
    assert [(m["kind"], m["text"]) for m in detail["messages"]] == [
        ("query", "Which parent gave you the written notice?"),
        ("answer", "Their mother, on 12 November"),
    ]
    answer = ReturnMessage.objects.get(kind="answer")
    assert (answer.channel, answer.sent_by, answer.noted_at) == ("api", None, None)
    # Answered: another answer has no question to go with it.
    again = api.post(f"{URL}{r.reference}/answer/", {"answer": "And again"}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "There is no question from the council waiting for an answer"}


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"answer": ["Enter your answer to the council's question"]}),
        ({"answer": "   "}, {"answer": ["Enter your answer to the council's question"]}),
        (
            {"answer": "Yes", "urgent": True},
            {"urgent": ["This field is not part of an answer"]},
        ),
    ],
)
def test_an_answer_needs_words_and_nothing_else(api, schools, make_user, payload, errors):
    r = asked(schools[0], make_user)
    response = api.post(f"{URL}{r.reference}/answer/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": errors}
    r.refresh_from_db()
    assert r.status == "query_raised"
    assert not ReturnMessage.objects.filter(kind="answer").exists()


def test_a_school_cannot_answer_another_schools_question(api, schools, make_user):
    theirs = asked(schools[1], make_user)
    response = api.post(f"{URL}{theirs.reference}/answer/", {"answer": "Yes"}, format="json")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "query_raised"
    assert not ReturnMessage.objects.filter(kind="answer").exists()
