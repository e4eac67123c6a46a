"""The OpenAPI schema and the documentation page."""

import re

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from ehe.roles import Role

pytestmark = pytest.mark.django_db

EVERY_PATH = {
    "/api/v1/children/": {"get", "post"},
    "/api/v1/children/{uid}/": {"get", "patch"},
    "/api/v1/children/search/": {"post"},
    "/api/v1/people/": {"get", "post"},
    "/api/v1/people/{uid}/": {"get", "patch"},
    "/api/v1/people/{uid}/relationship/": {"post"},
    "/api/v1/episodes/": {"get", "post"},
    "/api/v1/episodes/{uid}/": {"get"},
    "/api/v1/episodes/{uid}/transition/": {"post"},
    "/api/v1/episodes/{uid}/close/": {"post"},
    "/api/v1/episodes/{uid}/allocate/": {"post"},
    "/api/v1/episodes/{uid}/post16-advice/": {"post"},
    "/api/v1/episodes/{uid}/formal-step/": {"post"},
    "/api/v1/contacts/": {"get", "post"},
    "/api/v1/contacts/{id}/": {"get"},
    "/api/v1/judgements/": {"get", "post"},
    "/api/v1/judgements/{id}/": {"get"},
    "/api/v1/documents/": {"get", "post"},
    "/api/v1/documents/{uid}/": {"get"},
    "/api/v1/documents/{uid}/download/": {"get"},
    "/api/v1/booked-visits/": {"get", "post"},
    "/api/v1/booked-visits/{uid}/": {"get"},
    "/api/v1/booked-visits/{uid}/held/": {"post"},
    "/api/v1/booked-visits/{uid}/not-held/": {"post"},
    "/api/v1/cme-enquiries/": {"get", "post"},
    "/api/v1/cme-enquiries/{id}/": {"get"},
    "/api/v1/cme-referrals/": {"post"},
    "/api/v1/deletion-returns/": {"get", "post"},
    "/api/v1/deletion-returns/{reference}/": {"get"},
    "/api/v1/deletion-returns/{reference}/answer/": {"post"},
}


@pytest.fixture
def client_for(make_user):
    def _for(*roles):
        client = APIClient()
        if roles:
            client.force_login(make_user(*roles))
        return client

    return _for


def test_schema_is_valid_openapi_with_every_path(client_for):
    response = client_for(Role.OFFICER).get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on anything that is not valid OpenAPI 3
    assert schema["openapi"].startswith("3.")
    assert {path: set(ops) - {"parameters"} for path, ops in schema["paths"].items()} == EVERY_PATH


def test_schema_documents_the_filters_and_conflicts(client_for):
    schema = client_for(Role.MANAGER).get("/api/schema/?format=json").json()
    episode_filters = {p["name"] for p in schema["paths"]["/api/v1/episodes/"]["get"]["parameters"]}
    assert {
        "kind",
        "status",
        "allocated_officer",
        "overdue",
        "due_before",
        "child",
        "cursor",
        "page_size",
    } <= episode_filters
    child_filters = {p["name"] for p in schema["paths"]["/api/v1/children/"]["get"]["parameters"]}
    assert child_filters == {"cursor", "page_size"}, "no personal data in the query string"
    transition = schema["paths"]["/api/v1/episodes/{uid}/transition/"]["post"]
    assert "409" in transition["responses"]


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/", "/api/docs/?script"])
def test_schema_and_docs_need_sign_in(client_for, url):
    assert client_for().get(url).status_code in {401, 403}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL])
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_are_for_casework_roles_only(client_for, role, url):
    assert client_for(role).get(url).status_code == 403


def test_docs_page_is_our_own_reference_of_every_request_from_the_schema(client_for):
    page = client_for(Role.OFFICER).get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    # Every request in the schema, with its method, grouped by resource.
    requests = set(
        re.findall(
            r'<strong class="govuk-tag [a-z-]+">([A-Z]+)</strong> <code class="app-api-path" '
            r'data-testid="path">([^<]+)</code>',
            html,
        )
    )
    expected = {
        (method.upper(), path) for path, methods in EVERY_PATH.items() for method in methods
    }
    assert requests == expected
    assert (
        '<h2 class="govuk-heading-l govuk-!-margin-top-6" id="group-episodes">Episodes</h2>' in html
    )
    assert (
        '<h3 class="govuk-heading-m" id="episodes_transition_create">Move a case to another '
        in (html)
    )
    # The fields a request takes, linked to the shapes they use; the limits and choices too.
    assert 'id="schema-TransitionRequest">TransitionRequest</h3>' in html
    assert '<a class="govuk-link" href="#schema-EpisodeStatusEnum">EpisodeStatusEnum</a>' in html
    assert '<code>version</code> <span class="govuk-body-s">(required)</span>' in html
    assert "<li><code>information_requested</code>: Information requested</li>" in html
    assert "At most 40 characters." in html
    # Wide tables scroll in a region of their own that the keyboard can reach.
    assert 'class="app-table-scroll" role="region" aria-label="Fields of TransitionRequest"' in html
    # Our layout and our files only: no Swagger UI, nothing from another host.
    assert "swagger" not in html.lower()
    assert re.findall(r"<script[^>]* src=\"([^\"]+)\"", html) == [
        "/static/js/htmx.min.js",
        "/static/js/application.js",
    ]
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_reference_escapes_what_the_schema_says():
    from cases.api import docs

    assert str(docs.text("Send `<b>` here")) == (
        '<p class="govuk-body">Send <code>&lt;b&gt;</code> here</p>'
    )
    assert str(docs.type_of({"$ref": "#/components/schemas/A<B"})) == (
        '<a class="govuk-link" href="#schema-A-B">A&lt;B</a>'
    )
