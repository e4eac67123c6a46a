"""The front door in a real browser: an officer opens Triage, opens a return that could not be
matched, matches it to the right child and finds the new case on the child's page; then a
manager gives consent for a pupil to leave a special school."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from cases.models import ConsentRequest, DeletionReturn
from ehe.roles import Role
from tests.cases.factories import (
    AddressFactory,
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
    SchoolFactory,
)
from tests.cases.returns_helpers import submit
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-e2e-password"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def serious_accessibility_problems(page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], [n["html"][:200] for n in v["nodes"]])
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


def test_officer_matches_a_return_and_a_manager_gives_consent(page, live_server, make_user):
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    today = timezone.localdate()
    born = date(today.year - 11, 5, 17)
    make_user(Role.OFFICER, username="e2e-triage-officer", password=PASSWORD)
    make_user(Role.MANAGER, username="e2e-triage-manager", password=PASSWORD)
    # Two children with the same name and date of birth: the return cannot be matched alone.
    right = ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=born)
    AddressFactory(child=right, line_1="12 Imaginary Lane", postcode="ZZ1 1ZZ")
    wrong = ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=born)
    AddressFactory(child=wrong, line_1="9 Other Road", postcode="ZZ9 9ZZ")
    waiting = submit(
        SchoolFactory(name="Birchfield Primary"),
        today=today,
        date_of_birth=born,
        deletion_date=today - timedelta(days=3),
    ).deletion_return
    special = SchoolFactory(name="Hollytree Special School", is_special=True, school_type="special")
    submit(
        special,
        today=today,
        placed_by_council=True,
        pupil_first_name="Casey",
        pupil_last_name="Sample",
        date_of_birth=born,
        deletion_date=today - timedelta(days=1),
    )
    waiting.refresh_from_db()
    assert waiting.outcome == "awaiting_match"
    # The rest of the queue: a new home education case past its initial-contact date, a CME
    # referral and a family considering home education.
    EHEEpisodeFactory(
        child__legal_first_name="Alex",
        child__legal_last_name="Overdue",
        start_date=today - timedelta(days=30),
    )
    CMEEpisodeFactory(
        child__legal_first_name="Morgan",
        child__legal_last_name="Missing",
        start_date=today - timedelta(days=5),
    )
    InvolvementFactory(
        child__legal_first_name="Jamie", child__legal_last_name="Thinking", start_date=today
    )

    # The officer opens Triage from the navigation and sees both items waiting.
    sign_in(page, live_server.url, "e2e-triage-officer", PASSWORD)
    page.get_by_role("link", name="Triage").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Triage"
    table = page.get_by_test_id("triage-table")
    assert "Return to match" in table.inner_text()
    assert "Consent decision" in table.inner_text()
    assert "Decision needed before the school removes the pupil" in table.inner_text()
    first_row = page.get_by_test_id("triage-row").first
    assert "Alex Overdue" in first_row.inner_text() and "Overdue" in first_row.inner_text()
    assert page.get_by_test_id("triage-row").count() == 5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "triage.png", full_page=True)
    assert serious_accessibility_problems(page) == []

    # The return: what the school sent, then match or create.
    table.get_by_role("link", name="Robin Example", exact=True).click()
    assert "Birchfield Primary" in page.get_by_test_id("submission").inner_text()
    page.screenshot(path=ARTIFACTS / "school-return.png", full_page=True)
    assert serious_accessibility_problems(page) == []
    page.get_by_role("link", name="Match or create a child").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Match or create a child"
    assert page.get_by_test_id("candidate").count() == 2
    page.screenshot(path=ARTIFACTS / "match-or-create.png", full_page=True)
    assert serious_accessibility_problems(page) == []
    page.locator(f'input[name="choice"][value="{right.uid}"]').check()
    page.get_by_role("button", name="Continue").click()

    # The child's page, with the new home education case on it.
    assert page.url == f"{live_server.url}/children/{right.uid}/"
    assert "Home education case opened" in page.locator(".govuk-notification-banner").inner_text()
    waiting.refresh_from_db()
    assert waiting.matched_child == right
    card = page.get_by_test_id(f"episode-{waiting.episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "New"
    assert not wrong.episodes.exists()

    # The officer can read the consent request but not decide it.
    consent = ConsentRequest.objects.get()
    page.goto(f"{live_server.url}/consents/{consent.pk}/")
    assert "A manager makes this decision" in page.get_by_test_id("manager-decides").inner_text()
    page.get_by_role("button", name="Sign out").click()

    # The manager decides it from Triage.
    sign_in(page, live_server.url, "e2e-triage-manager", PASSWORD)
    page.get_by_role("link", name="Triage").first.click()
    page.get_by_role("link", name="Decide for Casey Sample").click()
    assert "Consent to remove Casey Sample" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Give consent").check()
    page.get_by_label("Reasons for the decision").fill(
        "The parent's plan shows how the EHCP provision will be met at home"
    )
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_test_id("decision-value").inner_text() == "Consent given"
    assert page.get_by_test_id("school-status").inner_text().startswith("Processed")
    page.screenshot(path=ARTIFACTS / "consent-decided.png", full_page=True)
    assert serious_accessibility_problems(page) == []
    consent.refresh_from_db()
    assert consent.decision == "granted"
    r = DeletionReturn.objects.get(pk=consent.deletion_return_id)
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    assert problems == []
