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


def test_docs_page_loads_everything_from_our_own_files_with_no_inline_code(client_for):
    client = client_for(Role.OFFICER)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html and " style=" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert len(scripts) == 3
    assert all('src="/' in attributes for attributes in scripts), "no inline or remote script"
    assert 'src="/api/docs/?script"' in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http" not in html.replace('name="viewport"', ""), "nothing from another host"
    assert "script-src 'self'" in page["Content-Security-Policy"]

    init = client.get("/api/docs/?script")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert '"/api/schema/"' in init.content.decode()
    assert '"validatorUrl": null' in init.content.decode()
