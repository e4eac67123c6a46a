"""An officer's morning in the browser: caseload from the navigation, filter, sort, search."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from ehe.roles import Role
from policy.upn import upn_check_letter
from tests.cases.factories import ChildFactory, EHEEpisodeFactory
from tests.e2e.conftest import problems_at_both_widths
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def row_names(page) -> list[str]:
    return page.locator("[data-testid=caseload-table] tbody tr td:first-child a").all_inner_texts()


def test_officer_filters_sorts_and_finds_a_child(page, live_server, make_user):
    officer = make_user(Role.OFFICER, username="e2e-officer", password="a-long-e2e-password")
    today = timezone.localdate()
    for first, last, days, status in [
        ("Zara", "Quill", -5, "new"),
        ("Abel", "Marsh", -2, "information_requested"),
        ("Mira", "Holt", 10, "suitable"),
        ("Otto", "Fenn", 40, "informal_enquiry"),
    ]:
        EHEEpisodeFactory(
            child__legal_first_name=first,
            child__legal_last_name=last,
            allocated_officer=officer,
            status=status,
            next_due_on=today + timedelta(days=days),
            next_due_kind="next_contact",
        )
    body = "801123456789"
    upn = upn_check_letter(body) + body
    wren = ChildFactory(legal_first_name="Wren", legal_last_name="Ashdown", upn=upn)
    EHEEpisodeFactory(child=wren, status="suitable")

    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    sign_in(page, live_server.url, "e2e-officer", "a-long-e2e-password")
    navigation = page.locator(".govuk-service-navigation")
    navigation.get_by_role("link", name=re.compile(r"^Caseload")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Caseload"
    badge = navigation.get_by_role("link", name="Caseload").locator(
        ".app-service-navigation__count"
    )
    # The number, then what it means for screen-reader users (visually hidden).
    assert badge.inner_text().split()[0] == "4"
    assert badge.locator(".govuk-visually-hidden").inner_text().strip().lower() == (
        "open cases allocated to you"
    )
    assert row_names(page) == ["Zara Quill", "Abel Marsh", "Mira Holt", "Otto Fenn"]

    page.get_by_label("Overdue", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    assert row_names(page) == ["Zara Quill", "Abel Marsh"]  # soonest due first
    assert page.locator("[data-testid=caseload-table] .govuk-tag--red").count() == 2

    page.get_by_role("link", name=re.compile(r"^Child")).click()
    assert row_names(page) == ["Abel Marsh", "Zara Quill"]
    header = page.locator("th[aria-sort=ascending]")
    assert header.inner_text().startswith("Child")
    assert re.search(r"/caseload/\?due=overdue&sort=name$", page.url)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "caseload.png", full_page=True)
    assert problems_at_both_widths(page) == []

    navigation.get_by_role("link", name="Find a child").click()
    page.get_by_label("Unique pupil number (UPN)").fill(upn)
    page.get_by_role("button", name="Search").click()
    results = page.locator("[data-testid=search-results]")
    assert results.get_by_role("link", name="Wren Ashdown").is_visible()
    assert "Appears suitable" in results.inner_text()
    # Posted, not put in the address: the URL carries nothing about the child.
    assert page.url == f"{live_server.url}/children/search/"
    assert problems_at_both_widths(page) == []
    assert problems == []
