"""The officer's daily loop in a real browser: open a child's page, read the timeline, record
a contact, book a home visit and record it as held, record a judgement, and see the case move
on and the next due date change at each step."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases.models import BookedVisit, Contact, Episode, Judgement
from cases.services import episode_open
from ehe.roles import Role
from policy.calendar import add_working_days
from policy.due import DueValues, acknowledgement_due, next_contact_due
from tests.cases.factories import AddressFactory, ChildFactory, RelationshipFactory
from tests.e2e.conftest import problems_at_both_widths
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-e2e-password"


def long_date(value) -> str:
    return f"{value:%-d %B %Y}"


def test_officer_records_a_contact_and_a_judgement_and_sees_the_due_date_move(
    page, live_server, make_user
):
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    today = timezone.localdate()
    started = today - timedelta(days=21)
    contacted = today - timedelta(days=7)
    officer = make_user(Role.OFFICER, username="e2e-officer-day", password=PASSWORD)
    child = ChildFactory(
        legal_first_name="Robin",
        legal_last_name="Example",
        preferred_name="Robbie",
        date_of_birth=date(today.year - 10, 1, 15),
    )
    AddressFactory(child=child)
    RelationshipFactory(child=child, person__first_name="Sam", person__last_name="Example")
    episode = episode_open(
        by=officer,
        child=child,
        kind="ehe",
        start_date=started,
        source="parent",
        allocated_officer=officer,
        today=today,
        channel="web",
    )
    values = DueValues()

    sign_in(page, live_server.url, "e2e-officer-day", PASSWORD)
    # Search is another screen; go straight to the child's page by its opaque address.
    page.goto(f"{live_server.url}/children/{child.uid}/")

    # Who, and what has happened so far.
    assert "Robbie Example" in page.get_by_test_id("identity-bar").inner_text()
    timeline = page.get_by_test_id("timeline")
    assert "Case opened" in timeline.inner_text()
    assert "Elective home education" in timeline.inner_text()
    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "New"
    due = card.get_by_test_id("next-due").inner_text()
    # The welcome letter comes first, and three weeks on it is late.
    assert f"Acknowledgement letter: {long_date(acknowledgement_due(started, values))}" in due
    assert "Overdue" in due

    # Record the initial contact, made a week ago.
    card.get_by_role("button", name="Record a contact").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record a contact"
    page.get_by_label("Initial contact").check()
    page.get_by_label("Day").fill(str(contacted.day))
    page.get_by_label("Month").fill(str(contacted.month))
    page.get_by_label("Year").fill(str(contacted.year))
    page.get_by_label("Completed").check()
    page.get_by_label("Who was present (optional)").fill("Parent and child")
    page.get_by_label("Yes").check()
    page.get_by_label("Notes (optional)").fill("Talked through the ways to share information.")
    page.get_by_role("button", name="Save contact").click()

    banner = page.locator(".govuk-notification-banner--success")
    assert "Contact recorded." in banner.inner_text()
    assert "Informal enquiry" in banner.inner_text()
    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "Informal enquiry"
    judgement_due = add_working_days(contacted, values.judgement_after_initial_contact_working_days)
    due = card.get_by_test_id("next-due").inner_text()
    assert f"Suitability judgement: {long_date(judgement_due)}" in due
    assert "Initial contact" in page.get_by_test_id("timeline").inner_text()
    assert Contact.objects.filter(episode=episode, officer=officer).count() == 1

    # Book a home visit for today: it comes before the judgement, so it is the next date.
    card.get_by_role("link", name=re.compile("^Book a visit")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Book a visit or meeting"
    assert problems_at_both_widths(page) == []
    page.get_by_label("Home visit").check()
    page.get_by_label("Time (optional)").fill("10:30")
    page.get_by_role("button", name="Book it").click()
    banner = page.locator(".govuk-notification-banner--success")
    assert f"Home visit booked for {long_date(today)} at 10:30." in banner.inner_text()
    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert f"Booked home visit: {long_date(today)}" in card.get_by_test_id("next-due").inner_text()
    assert "Home visit" in card.get_by_test_id("booked-visit").inner_text()

    # It is the day: record the visit as held, with the usual contact details.
    card.get_by_role("link", name=re.compile("^Held")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record the visit or meeting"
    assert problems_at_both_widths(page) == []
    page.get_by_label("Completed").check()
    page.get_by_label("Yes").check()
    page.get_by_label("Notes (optional)").fill("Saw the child's reading journal and maths work.")
    page.get_by_role("button", name="Save").click()
    banner = page.locator(".govuk-notification-banner--success")
    assert "Home visit recorded as held." in banner.inner_text()
    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert card.get_by_test_id("booked-visit").count() == 0
    assert (
        f"Suitability judgement: {long_date(judgement_due)}"
        in card.get_by_test_id("next-due").inner_text()
    )
    assert BookedVisit.objects.get(episode=episode).contact.occurred_on == today

    # Record the judgement today: the education appears suitable.
    card.get_by_role("button", name="Record a judgement").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record a judgement"
    assert "not a checklist" in page.get_by_test_id("not-a-checklist").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "judgement-form.png", full_page=True)
    assert problems_at_both_widths(page) == []
    page.get_by_label("Appears suitable").check()
    page.get_by_label("Reasons").fill("A broad, planned programme; the child reads widely.")
    page.get_by_label("Physical activity").fill("Swimming club twice a week")
    page.get_by_role("button", name="Save judgement").click()

    banner = page.locator(".govuk-notification-banner--success")
    assert "Judgement recorded: Appears suitable." in banner.inner_text()
    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "Appears suitable"
    after_judgement = next_contact_due(today, values)
    next_due = card.get_by_test_id("next-due").inner_text()
    assert f"Next contact: {long_date(after_judgement)}" in next_due
    timeline_text = page.get_by_test_id("timeline").inner_text()
    assert "Judgement: Appears suitable" in timeline_text
    assert "Swimming club twice a week" in timeline_text
    page.screenshot(path=ARTIFACTS / "child-page.png", full_page=True)
    assert problems_at_both_widths(page) == []

    episode.refresh_from_db()
    assert (episode.status, episode.next_due_on) == ("suitable", after_judgement)
    assert Judgement.objects.get(episode=episode).decided_by == officer
    assert Episode.objects.count() == 1
    assert problems == []
