"""School accounts: administrators link school users to schools and make and revoke the
schools' API keys in the Django admin. A key is shown once; only its hash is kept."""

import hashlib
import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages

from cases.models import AuditEntry, SchoolApiToken, SchoolMembership
from cases.services import ServiceError
from cases.services.school_accounts import (
    school_api_token_authenticate,
    school_api_token_create,
    school_api_token_revoke,
    school_membership_set,
)
from ehe.roles import Role
from tests.cases.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_key_is_returned_once_and_only_its_hash_is_kept(admin_user):
    school = SchoolFactory()
    token, raw_key = school_api_token_create(
        by=admin_user, school=school, label="MIS link", channel="web"
    )
    assert len(raw_key) >= 40
    stored = SchoolApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert stored.prefix == raw_key[:8]
    assert raw_key not in {stored.key_hash, stored.label, stored.prefix}
    assert (stored.school, stored.created_by, stored.revoked_at) == (school, admin_user, None)
    assert AuditEntry.objects.filter(object_type="cases.schoolapitoken", action="create").exists()
    _, second = school_api_token_create(by=admin_user, school=school, label="Second", channel="web")
    assert second != raw_key


def test_a_key_needs_a_school_and_a_label(admin_user):
    with pytest.raises(ServiceError) as refused:
        school_api_token_create(by=admin_user, school=None, label=" ", channel="web")
    assert set(refused.value.errors) == {"school", "label"}
    assert not SchoolApiToken.objects.exists()


def test_authenticating_finds_live_keys_only(admin_user):
    token, raw_key = school_api_token_create(
        by=admin_user, school=SchoolFactory(), label="x", channel="web"
    )
    found = school_api_token_authenticate(raw_key)
    assert found == token and found.last_used_at is not None
    assert school_api_token_authenticate(raw_key + "x") is None
    assert school_api_token_authenticate("") is None
    revoked = school_api_token_revoke(by=admin_user, token=token, channel="web")
    assert revoked.revoked_at is not None
    assert school_api_token_authenticate(raw_key) is None
    first = revoked.revoked_at
    assert school_api_token_revoke(by=admin_user, token=token, channel="web").revoked_at == first


def test_linking_a_user_to_a_school(admin_user, make_user):
    school, other = SchoolFactory(), SchoolFactory()
    user = make_user(Role.SCHOOL)
    school_membership_set(by=admin_user, user=user, school=school, channel="web")
    school_membership_set(by=admin_user, user=user, school=other, channel="web")
    assert SchoolMembership.objects.get(user=user).school == other


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ((Role.OFFICER,), "Give this user the school staff role first"),
        ((Role.SCHOOL, Role.OFFICER), "A school user cannot also be: EHE officer"),
    ],
)
def test_only_plain_school_users_can_be_linked(admin_user, make_user, roles, message):
    user = make_user(*roles)
    with pytest.raises(ServiceError) as refused:
        school_membership_set(by=admin_user, user=user, school=SchoolFactory(), channel="web")
    assert refused.value.errors == {"user": message}
    assert not SchoolMembership.objects.exists()


def test_administrators_may_manage_school_accounts_but_not_delete_keys():
    granted = set(
        Permission.objects.filter(
            group__name=Role.ADMINISTRATOR, content_type__app_label="cases"
        ).values_list("codename", flat=True)
    )
    assert {
        "view_schoolmembership",
        "add_schoolmembership",
        "change_schoolmembership",
        "delete_schoolmembership",
        "view_schoolapitoken",
        "add_schoolapitoken",
        "change_schoolapitoken",
    } <= granted
    assert "delete_schoolapitoken" not in granted
    assert not {"view_deletionreturn", "view_child", "view_returnattachment"} & granted


def test_admin_makes_a_key_and_shows_it_once(admin_client, admin_user):
    school = SchoolFactory(name="Ashgrove Primary")
    response = admin_client.post(
        "/admin/cases/schoolapitoken/add/", {"school": school.pk, "label": "MIS link"}
    )
    assert response.status_code == 302
    token = SchoolApiToken.objects.get()
    [message] = [str(m) for m in get_messages(response.wsgi_request) if "shown again" in str(m)]
    raw_key = re.search(r"shown again: (\S+)$", message).group(1)
    assert "Ashgrove Primary" in message
    assert token.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert token.created_by == admin_user
    # Shown once, on the page after saving; never again on the list or the key's own page.
    first = admin_client.get("/admin/cases/schoolapitoken/").content.decode()
    assert raw_key in first
    listing = admin_client.get("/admin/cases/schoolapitoken/").content.decode()
    page = admin_client.get(f"/admin/cases/schoolapitoken/{token.pk}/change/").content.decode()
    assert raw_key not in listing and raw_key not in page
    assert token.prefix in listing
    assert school_api_token_authenticate(raw_key) == token


def test_admin_refuses_a_key_without_a_label(admin_client):
    school = SchoolFactory()
    response = admin_client.post("/admin/cases/schoolapitoken/add/", {"school": school.pk})
    assert response.status_code == 200
    assert not SchoolApiToken.objects.exists()


def test_admin_revokes_keys_and_cannot_delete_them(admin_client, admin_user):
    token, raw_key = school_api_token_create(
        by=admin_user, school=SchoolFactory(), label="x", channel="web"
    )
    response = admin_client.post(
        "/admin/cases/schoolapitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert school_api_token_authenticate(raw_key) is None
    assert admin_client.get(f"/admin/cases/schoolapitoken/{token.pk}/delete/").status_code == 403


def test_admin_edits_to_a_key_change_nothing(admin_client, admin_user):
    token, _ = school_api_token_create(
        by=admin_user, school=SchoolFactory(), label="Original", channel="web"
    )
    admin_client.post(
        f"/admin/cases/schoolapitoken/{token.pk}/change/",
        {"label": "Changed", "school": SchoolFactory().pk},
    )
    token.refresh_from_db()
    assert token.label == "Original"


def test_admin_links_a_school_user_and_lists_only_school_users(admin_client, make_user):
    school = SchoolFactory()
    school_user = make_user(Role.SCHOOL, username="ashgrove-office")
    officer = make_user(Role.OFFICER, username="an-officer")
    form = admin_client.get("/admin/cases/schoolmembership/add/").content.decode()
    assert "ashgrove-office" in form and "an-officer" not in form
    response = admin_client.post(
        "/admin/cases/schoolmembership/add/", {"user": school_user.pk, "school": school.pk}
    )
    assert response.status_code == 302
    assert SchoolMembership.objects.get().user == school_user
    refused = admin_client.post(
        "/admin/cases/schoolmembership/add/", {"user": officer.pk, "school": school.pk}
    )
    assert refused.status_code == 200
    assert SchoolMembership.objects.count() == 1


def test_admin_refuses_a_school_user_who_holds_another_role(admin_client, make_user):
    both = make_user(Role.SCHOOL, Role.ANALYST, username="two-hats")
    response = admin_client.post(
        "/admin/cases/schoolmembership/add/", {"user": both.pk, "school": SchoolFactory().pk}
    )
    assert response.status_code == 200
    assert "A school user cannot also be: Analyst" in response.content.decode()
    assert not SchoolMembership.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER, Role.SCHOOL])
def test_only_administrators_reach_these_admin_screens(client, make_user, role):
    client.force_login(make_user(role))
    for url in ("/admin/cases/schoolapitoken/", "/admin/cases/schoolmembership/"):
        assert client.get(url).status_code == 302  # to the admin sign-in


def test_admin_moves_a_linked_user_to_another_school(admin_client, make_user):
    first, second = SchoolFactory(), SchoolFactory()
    user = make_user(Role.SCHOOL)
    membership = SchoolMembership.objects.create(user=user, school=first)
    response = admin_client.post(
        f"/admin/cases/schoolmembership/{membership.pk}/change/",
        {"school": second.pk, "user": make_user(Role.SCHOOL).pk},
    )
    assert response.status_code == 302
    assert list(SchoolMembership.objects.values_list("user", "school")) == [(user.pk, second.pk)]
