"""A school user sends a home education removal (ground (f)) in a real browser: every question
page, the parent's notice uploaded, check your answers, send, the reference, and the return in
the school's list with its status; then the council asks a question and the school answers
it. Every page is checked with axe at a desktop and a phone width."""

from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from cases.models import DeletionReturn, SchoolMembership
from cases.services import deletion_return_query_raise
from ehe.roles import Role
from tests.cases.factories import SchoolFactory
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


def continue_(page):
    page.get_by_role("button", name="Continue", exact=True).click()


def test_school_user_sends_a_home_education_removal_with_the_notice(page, live_server, make_user):
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    school = SchoolFactory(name="Ashgrove Primary")
    user = make_user(Role.SCHOOL, username="e2e-school", password=PASSWORD)
    SchoolMembership.objects.create(user=user, school=school)
    today = timezone.localdate()
    removed = today if today.day == 1 else date(today.year, today.month, 1)

    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, "e2e-school", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Tell the council about a pupil"
    assert "You have not sent anything yet." in page.content()
    page.get_by_role("button", name="Tell the council about a pupil").click()
    page.get_by_role("button", name="Start now").click()

    # What happened.
    page.get_by_label("Pupil removed from the admission register").check()
    continue_(page)

    # The pupil.
    assert page.get_by_role("heading", level=1).inner_text() == "About the pupil"
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill(str(today.year - 12))
    page.get_by_label("Female").check()
    page.get_by_label("Address line 1").fill("12 Imaginary Lane")
    page.get_by_label("Town or city").fill("Northbrook")
    page.get_by_label("Postcode").fill("ZZ1 1ZZ")
    page.get_by_label("None").check()
    continue_(page)

    # The parents: one, then a second added and removed again.
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Parents the pupil normally lives with"
    )
    page.locator("#id_parents-0-first_name").fill("Sam")
    page.locator("#id_parents-0-last_name").fill("Example")
    page.locator("#id_parents-0-relationship").select_option("mother")
    page.locator("#id_parents-0-address").fill("12 Imaginary Lane, Northbrook, ZZ1 1ZZ")
    page.locator("#id_parents-0-phone").fill("07700 900123")
    page.get_by_role("button", name="Add another parent").click()
    assert page.locator("#id_parents-1-first_name").is_visible()
    assert page.locator("#id_parents-0-first_name").input_value() == "Sam"
    assert accessibility_problems(page) == []
    page.get_by_role("button", name="Remove parent 2").click()
    assert page.locator("#id_parents-1-first_name").count() == 0
    continue_(page)

    # The removal: ground (f), nowhere known to go.
    page.get_by_label("(f) Parent has given written notice of home education").check()
    page.locator("#id_deletion_date_0").fill(str(removed.day))
    page.locator("#id_deletion_date_1").fill(str(removed.month))
    page.locator("#id_deletion_date_2").fill(str(removed.year))
    page.locator("#id_destination_known_1").check()
    page.locator("#id_sao_in_force_1").check()
    assert accessibility_problems(page) == []
    page.screenshot(path=ARTIFACTS / "school-removal.png", full_page=True)
    continue_(page)

    # Home education, with the parent's notice; a wrong file first.
    assert page.get_by_role("heading", level=1).inner_text() == "Home education"
    page.get_by_label("Upload the parent's written notice").set_input_files(
        files=[{"name": "notice.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}]
    )
    page.locator("#id_meeting_offered_0").check()
    page.locator("#id_meeting_held_1").check()
    page.locator("#id_school_suggested_ehe_1").check()
    page.get_by_label("What reason did the parent give? (optional)").fill("Travelling this year")
    page.locator("#id_safeguarding_file_1").check()
    page.locator("#id_child_protection_plan_or_s47_1").check()
    continue_(page)
    summary = page.locator(".govuk-error-summary")
    assert "The file must be one of" in summary.inner_text()
    assert accessibility_problems(page) == []
    page.get_by_label("Upload the parent's written notice").set_input_files(
        files=[{"name": "notice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 x"}]
    )
    continue_(page)

    # Check your answers, with a change made through a Change link.
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check your answers before sending the return"
    )
    body = page.locator("main").inner_text()
    for answer in ("Robin Example", "Sam Example", "07700 900123", "notice.pdf", "(f) Parent"):
        assert answer in body, answer
    page.get_by_role("link", name="Change Name (Pupil)").click()
    page.get_by_label("First name").fill("Robyn")
    page.get_by_role("button", name="Save and go to check your answers").click()
    assert "Robyn Example" in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "school-check-answers.png", full_page=True)
    assert accessibility_problems(page) == []

    page.get_by_role("button", name="Accept and send").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Return sent"
    reference = page.get_by_test_id("reference").inner_text()
    r = DeletionReturn.objects.get()
    assert reference == r.reference
    assert (r.pupil_first_name, r.ground, r.attachments.count()) == ("Robyn", "f", 1)
    page.screenshot(path=ARTIFACTS / "school-confirmation.png", full_page=True)

    page.locator("main").get_by_role("link", name="returns sent").click()
    row = page.get_by_test_id("return-row")
    assert row.count() == 1
    assert reference in row.inner_text() and "Robyn Example" in row.inner_text()
    assert row.locator(".govuk-tag").inner_text() in {"Received", "Processed"}
    assert accessibility_problems(page) == []

    # The council asks a question; the school sees it on the return and answers it.
    officer = make_user(Role.OFFICER, username="e2e-asking-officer")
    deletion_return_query_raise(
        by=officer,
        deletion_return=r,
        question="Which parent gave you the written notice, and on what date?",
        channel="web",
    )
    page.reload()
    assert row.locator(".govuk-tag").inner_text() == "Question from the council"
    row.get_by_role("link", name=reference).click()
    assert (
        "Which parent gave you the written notice"
        in page.get_by_test_id("query-message").inner_text()
    )
    assert accessibility_problems(page) == []
    page.get_by_role("button", name="Answer the council's question").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Answer the council's question"
    page.get_by_role("button", name="Send your answer").click()
    assert (
        "Enter your answer to the council's question"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert accessibility_problems(page) == []
    page.get_by_label("Your answer").fill("Their mother, Sam Example, on 12 November")
    page.get_by_role("button", name="Send your answer").click()
    assert (
        "Your answer has been sent to the council."
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert page.get_by_test_id("status").inner_text() == "Received"
    page.screenshot(path=ARTIFACTS / "school-answered.png", full_page=True)
    assert accessibility_problems(page) == []
    r.refresh_from_db()
    assert r.status == "received"
    assert r.messages.get(kind="answer").text == "Their mother, Sam Example, on 12 November"
    assert problems == []
