import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ehe.navigation import ROLE_HOME_URL_NAMES
from ehe.roles import Role

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {
    Role.OFFICER: "Your cases",
    Role.MANAGER: "Team overview",
    Role.ANALYST: "Returns and performance",
    Role.ADMINISTRATOR: "Administration",
    Role.SCHOOL: "Tell the council about a pupil",
}


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


@pytest.mark.parametrize("url_name", sorted(ROLE_HOME_URL_NAMES.values()))
def test_anonymous_visitor_cannot_open_any_home_page(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("path", ["/sign-in/", "/accessibility/", "/privacy/", "/healthz/"])
def test_anonymous_visitor_sees_sign_in_and_static_pages(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_home_page(client_as, role):
    client = client_as(role)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse(ROLE_HOME_URL_NAMES[role])
    html = response.content.decode()
    assert f">{HOME_HEADINGS[role]}</h1>" in html
    assert role.label in html
    assert "Sign out" in html


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_every_other_home_page(client_as, role):
    client = client_as(role)
    for other, url_name in ROLE_HOME_URL_NAMES.items():
        if other == role:
            continue
        response = client.get(reverse(url_name))
        assert response.status_code == 403, (role, other)
        assert "You do not have access to this page" in response.content.decode()


def test_user_without_a_role_is_told_so(client_as):
    response = client_as().get("/")
    assert response.status_code == 403
    assert "no role" in response.content.decode()


def test_sign_in_with_the_right_password_reaches_home(client, make_user):
    make_user(Role.OFFICER, username="tamsin", password="correct-horse-battery")
    response = client.post(
        reverse("login"), {"username": "tamsin", "password": "correct-horse-battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("officer-home")


def test_sign_in_errors_use_the_error_summary_and_keep_the_username(client, make_user):
    make_user(Role.OFFICER, username="tamsin", password="correct-horse-battery")
    response = client.post(reverse("login"), {"username": "tamsin", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert 'value="tamsin"' in html


def test_blank_sign_in_names_each_missing_field(client, db):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html
    assert 'href="#id_username"' in html


def test_repeated_failures_lock_the_account(client, make_user, settings):
    make_user(Role.OFFICER, username="tamsin", password="correct-horse-battery")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "tamsin", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "tamsin", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_sign_out_is_a_post_and_ends_the_session(client_as):
    client = client_as(Role.ANALYST)
    assert client.get(reverse("analyst-home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("analyst-home")).status_code == 302


def test_unknown_page_uses_the_service_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_context():
    html = render_to_string("500.html")
    assert "problem with the service" in html.lower()


def test_pages_carry_a_csp_with_a_nonce_that_matches_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "default-src 'self'" in policy


def test_layout_has_skip_link_council_name_and_no_crown(client, settings):
    html = client.get(reverse("login")).content.decode()
    assert 'href="#main-content"' in html
    assert settings.COUNCIL_NAME in html
    assert "govuk-header__logotype-crown" not in html
    assert "GDS Transport" not in html


def test_administrator_reaches_the_admin_and_officer_does_not(client_as):
    assert client_as(Role.ADMINISTRATOR).get("/admin/").status_code == 200


def test_officer_is_kept_out_of_the_admin(client_as):
    response = client_as(Role.OFFICER).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_navigation_marks_the_current_page(client_as):
    html = client_as(Role.MANAGER).get(reverse("manager-home")).content.decode()
    assert 'aria-current="page"' in html
