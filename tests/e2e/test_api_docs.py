"""The API reference in a real browser: our own page from the OpenAPI schema, with every
request on it, nothing from elsewhere, no script errors under the site's strict CSP, and no
WCAG 2.0-2.2 A or AA failure at a phone's width or a desktop's."""

import pytest

from ehe.roles import Role
from tests.e2e.conftest import problems_at_both_widths
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_reference_lists_every_request_and_passes_axe_at_both_widths(
    page, live_server, make_user
):
    make_user(Role.OFFICER, username="e2e-api-officer", password="a-long-e2e-password")
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    sign_in(page, live_server.url, "e2e-api-officer", "a-long-e2e-password")
    page.goto(f"{live_server.url}/api/docs/")

    assert page.get_by_role("heading", level=1).inner_text() == "EHE and CME case management API"
    paths = page.get_by_test_id("path").all_inner_texts()
    for expected in (
        "/api/v1/children/",
        "/api/v1/children/search/",
        "/api/v1/episodes/{uid}/transition/",
        "/api/v1/documents/{uid}/download/",
        "/api/v1/deletion-returns/",
    ):
        assert expected in paths, expected
    # A link to a shape goes to its table of fields.
    page.get_by_role("link", name="TransitionRequest").first.click()
    assert page.url.endswith("#schema-TransitionRequest")
    fields = page.get_by_role("region", name="Fields of TransitionRequest")
    assert "version" in fields.inner_text() and "(required)" in fields.inner_text()

    assert problems_at_both_widths(page, "API reference") == []
    assert problems == [], problems
    assert all(url.startswith(live_server.url) for url in requests), "nothing from elsewhere"


def test_docs_page_sends_an_anonymous_visitor_nowhere(page, live_server):
    response = page.goto(f"{live_server.url}/api/docs/")
    assert response.status == 403
