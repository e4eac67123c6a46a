"""The API documentation page renders in a real browser under the site's strict CSP."""

from pathlib import Path

import pytest

from ehe.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_swagger_ui_renders_the_operations_with_no_csp_errors(page, live_server, make_user):
    make_user(Role.OFFICER, username="e2e-api-officer", password="a-long-e2e-password")
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    sign_in(page, live_server.url, "e2e-api-officer", "a-long-e2e-password")
    page.goto(f"{live_server.url}/api/docs/")

    # Swagger UI has fetched the schema with the session and drawn an operation per endpoint.
    page.locator(".opblock").first.wait_for(timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    for expected in (
        "/api/v1/children/",
        "/api/v1/children/search/",
        "/api/v1/episodes/{uid}/transition/",
        "/api/v1/documents/{uid}/download/",
    ):
        assert any(expected in text.replace("\u200b", "") for text in paths), expected
    assert page.get_by_text("EHE and CME case management API").first.is_visible()

    # Open one operation: its parameters render too (the UI's scripts really run).
    page.locator(".opblock-summary", has_text="/api/v1/episodes/").first.click()
    page.locator(".parameters").first.wait_for(timeout=5_000)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "api-docs.png", full_page=False)
    assert problems == [], problems
    assert all(url.startswith(live_server.url) for url in requests), "nothing from elsewhere"


def test_docs_page_sends_an_anonymous_visitor_nowhere(page, live_server):
    response = page.goto(f"{live_server.url}/api/docs/")
    assert response.status == 403
