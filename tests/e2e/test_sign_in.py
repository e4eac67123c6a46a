import re
from pathlib import Path

import pytest

from ehe.roles import Role
from tests.e2e.conftest import problems_at_both_widths
from tests.ehe.test_pages import HOME_HEADINGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_to_its_home_page_and_out_again(page, live_server, make_user, role):
    make_user(role, username=f"e2e-{role.value}", password="a-long-e2e-password")
    sign_in(page, live_server.url, f"e2e-{role.value}", "a-long-e2e-password")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == HOME_HEADINGS[role]
    assert role.label in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"home-{role.value}.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"


def test_wrong_password_shows_the_error_summary_focused(page, live_server, make_user):
    make_user(Role.OFFICER, username="e2e-officer", password="a-long-e2e-password")
    sign_in(page, live_server.url, "e2e-officer", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    # GOV.UK Frontend's JavaScript moves focus to the summary: proves the assets loaded.
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    assert re.search(r"Enter a correct username and password", summary.inner_text())


def test_styles_and_scripts_load_without_csp_violations(page, live_server):
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{live_server.url}/sign-in/")
    body_classes = page.eval_on_selector("body", "b => b.className")
    assert "govuk-frontend-supported" in body_classes
    font = page.eval_on_selector("h1", "h => getComputedStyle(h).fontFamily")
    assert font.lower().startswith("arial")
    assert page.evaluate("typeof window.htmx") == "object"
    assert problems == []


@pytest.mark.parametrize("role", [None, Role.OFFICER])
def test_pages_have_no_accessibility_violations_at_either_width(page, live_server, make_user, role):
    if role is None:
        page.goto(f"{live_server.url}/sign-in/")
    else:
        make_user(role, username="e2e-axe", password="a-long-e2e-password")
        sign_in(page, live_server.url, "e2e-axe", "a-long-e2e-password")
    assert problems_at_both_widths(page) == []
