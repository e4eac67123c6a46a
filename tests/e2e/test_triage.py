"""The front door in a real browser: an officer opens Triage, opens a return that could not be
matched, sees the parent's notice, matches it to the right child, chooses which of the
school's details to keep and finds the new case on the child's page; then a manager records
that this council arranged a special school place and gives consent for the pupil to leave.
Every page is checked with axe at a desktop and a phone width."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from cases.models import ConsentRequest, DeletionReturn
from cases.services import deletion_return_query_answer
from ehe.roles import Role
from policy.calendar import add_working_days
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


WIDTHS = (1280, 390)  # a desktop, and a phone held upright


def _back_link_outside_main(violation) -> bool:
    # GOV.UK puts the back link before <main> (base.html's beforeContent), which axe's
    # best-practice "region" rule reports. It is the design system's own pattern, not a WCAG
    # failure; any other node, or any other rule, still counts.
    return violation["id"] == "region" and all(
        'class="govuk-back-link"' in node["html"] for node in violation["nodes"]
    )


def accessibility_problems(page) -> list:
    """Every axe violation, whatever its impact, at each width: the layout a phone gets is a
    different page to check."""
    problems = []
    height = page.viewport_size["height"] if page.viewport_size else 900
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        results = Axe().run(page)
        problems += [
            (width, v["id"], v.get("impact"), [n["html"][:200] for n in v["nodes"]])
            for v in results.response["violations"]
            if not _back_link_outside_main(v)
        ]
    page.set_viewport_size({"width": WIDTHS[0], "height": height})
    return problems


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
    assert accessibility_problems(page) == []

    # The return: what the school sent, then match or create.
    table.get_by_role("link", name="Robin Example", exact=True).click()
    assert "Birchfield Primary" in page.get_by_test_id("submission").inner_text()
    page.screenshot(path=ARTIFACTS / "school-return.png", full_page=True)
    assert accessibility_problems(page) == []
    page.get_by_role("link", name="Match or create a child").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Match or create a child"
    assert page.get_by_test_id("candidate").count() == 2
    page.screenshot(path=ARTIFACTS / "match-or-create.png", full_page=True)
    assert accessibility_problems(page) == []
    assert "notice.pdf" in page.get_by_test_id("notice").inner_text()
    page.locator(f'input[name="choice"][value="{right.uid}"]').check()
    page.get_by_role("button", name="Continue").click()

    # The school knows a parent the record does not: the officer chooses what to keep.
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check the school's details against Robin Example's record"
    )
    assert "notice.pdf" in page.get_by_test_id("notice").inner_text()
    page.screenshot(path=ARTIFACTS / "match-details.png", full_page=True)
    assert accessibility_problems(page) == []
    page.get_by_role("button", name="Match and continue").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert accessibility_problems(page) == []
    page.get_by_label("Add them to the child's record").check()
    page.get_by_role("button", name="Match and continue").click()

    # The child's page, with the new home education case on it.
    assert page.url == f"{live_server.url}/children/{right.uid}/"
    assert "Home education case opened" in page.locator(".govuk-notification-banner").inner_text()
    waiting.refresh_from_db()
    assert waiting.matched_child == right
    card = page.get_by_test_id(f"episode-{waiting.episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "New"
    assert not wrong.episodes.exists()
    assert right.people.get().first_name == "Sam"
    notice = waiting.attachments.get().document
    assert (notice.child, notice.episode) == (right, waiting.episode)

    # The return's page links back to the child and says what was chosen.
    page.goto(f"{live_server.url}/returns/{waiting.uid}/")
    assert page.get_by_test_id("matched-child").get_by_role("link").inner_text() == "Robin Example"
    assert "Used the school's" in page.get_by_test_id("details-review").inner_text()
    assert accessibility_problems(page) == []

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
    assert accessibility_problems(page) == []
    page.get_by_label("This council").check()
    page.get_by_label("Give consent").check()
    page.get_by_label("Reasons for the decision").fill(
        "The parent's plan shows how the EHCP provision will be met at home"
    )
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_test_id("decision-value").inner_text() == "Consent given"
    assert page.get_by_test_id("school-status").inner_text().startswith("Processed")
    page.screenshot(path=ARTIFACTS / "consent-decided.png", full_page=True)
    assert accessibility_problems(page) == []
    consent.refresh_from_db()
    assert consent.decision == "granted"
    r = DeletionReturn.objects.get(pk=consent.deletion_return_id)
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    assert problems == []


def test_officer_asks_the_school_a_question_and_reads_the_answer_from_triage(
    page, live_server, make_user
):
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    today = timezone.localdate()
    make_user(Role.OFFICER, username="e2e-question-officer", password=PASSWORD)
    school = SchoolFactory(name="Birchfield Primary")
    r = submit(
        school,
        today=today,
        date_of_birth=date(today.year - 11, 5, 17),
        deletion_date=today - timedelta(days=2),
    ).deletion_return
    # Another return sent ahead of its deletion date, waiting for the day.
    ahead = submit(
        school,
        today=today,
        pupil_first_name="Casey",
        date_of_birth=date(today.year - 11, 5, 17),
        ground="g",
        deletion_date=add_working_days(today, 5),
    ).deletion_return
    ahead.refresh_from_db()
    assert ahead.outcome == "waiting_for_deletion_date"

    sign_in(page, live_server.url, "e2e-question-officer", PASSWORD)
    page.goto(f"{live_server.url}/returns/{r.uid}/")
    page.get_by_role("button", name="Ask the school a question").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ask Birchfield Primary a question"
    page.get_by_role("button", name="Send the question").click()
    assert "Enter your question for the school" in page.locator(".govuk-error-summary").inner_text()
    assert accessibility_problems(page) == []
    page.get_by_label("Your question for the school").fill(
        "Which parent gave you the written notice, and on what date?"
    )
    page.get_by_role("button", name="Send the question").click()
    assert "Question sent." in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_test_id("school-status").inner_text().startswith("Question from the council")
    assert accessibility_problems(page) == []

    # The school answers (through its API, say); the answer waits in triage.
    deletion_return_query_answer(
        by=None,
        school=school,
        deletion_return=r,
        answer="Their mother, Sam Example, on 12 November",
        channel="api",
    )
    page.get_by_role("link", name="Triage").first.click()
    row = page.locator('[data-testid="triage-row"][data-type="answer"]')
    assert "The school answered: Their mother, Sam Example" in row.inner_text()
    page.screenshot(path=ARTIFACTS / "triage-answered.png", full_page=True)
    assert accessibility_problems(page) == []
    row.get_by_role("link", name="Read the answer").click()
    assert "Not read yet" in page.get_by_test_id("messages").inner_text()
    page.get_by_role("button", name="Mark the answer as read").click()
    assert "It has left triage" in page.locator(".govuk-notification-banner").inner_text()
    assert accessibility_problems(page) == []

    # The return sent ahead has its own tab, with the day it will be routed.
    page.get_by_role("link", name="Triage").first.click()
    page.get_by_role("link", name="Waiting for the deletion date").click()
    waiting = page.get_by_test_id("triage-row")
    assert waiting.count() == 1 and "Casey Example" in waiting.inner_text()
    assert accessibility_problems(page) == []
    waiting.get_by_role("link", name="Casey Example", exact=True).click()
    assert page.get_by_test_id("outcome").inner_text().startswith("Waiting for the deletion date")
    assert accessibility_problems(page) == []
    assert problems == []
