"""A CME officer's referral in a real browser: search for the child (not known), register the
referral for a new child, record two reasonable enquiries from the case card, and close the
case as "On roll at a school in the area"."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases.models import Child, CMEEnquiry, Episode
from ehe.roles import Role
from policy.calendar import add_working_days
from tests.e2e.conftest import problems_at_both_widths
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-e2e-password"


def long_date(value) -> str:
    return f"{value:%-d %B %Y}"


def fill_date(page, legend: str, value: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def test_officer_registers_a_new_child_records_enquiries_and_closes_the_case(
    page, live_server, make_user
):
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    today = timezone.localdate()
    started = today - timedelta(days=20)
    born = date(today.year - 9, 4, 12)
    make_user(Role.OFFICER, username="e2e-cme-officer", password=PASSWORD)
    sign_in(page, live_server.url, "e2e-cme-officer", PASSWORD)

    # Search first: the team does not know this child.
    page.goto(f"{live_server.url}/cme/referrals/new/")
    page.get_by_label("Child's name").fill("Sky Inventedname")
    fill_date(page, "Date of birth", born)
    page.get_by_role("button", name="Search").click()
    assert page.get_by_test_id("result-count").inner_text() == "No children found"
    assert "Sky" not in page.url and str(born.year) not in page.url
    assert problems_at_both_widths(page) == []
    page.get_by_label("None of these: enter a new child").check()
    page.get_by_role("button", name="Continue").click()

    # The new child's details, partly carried over from the search, and the referral.
    assert page.get_by_role("heading", level=1).inner_text() == "Referral about a new child"
    assert page.get_by_label("Legal first name").input_value() == "Sky"
    assert page.get_by_label("Legal last name").input_value() == "Inventedname"
    page.get_by_label("Female").check()
    page.get_by_label("Address line 1").fill("12 Pretend Parade")
    page.get_by_label("Postcode").fill("ZZ4 4ZZ")
    page.get_by_label("Who made the referral?").select_option(label="School")
    page.get_by_label("Who referred the child, and how to reach them").fill(
        "Attendance lead, Ashgrove Primary, 01234 222222"
    )
    fill_date(page, "Missing education from", started)
    page.get_by_label("DfE reason the child is missing education").select_option(
        label="Moved in from another local authority"
    )
    page.get_by_role("group", name="Is there a safeguarding concern about the child?").get_by_label(
        "No"
    ).check()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "cme-referral-form.png", full_page=True)
    assert problems_at_both_widths(page) == []
    page.get_by_role("button", name="Register referral").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Referral registered"
    assert page.get_by_test_id("refer-to-social-care").count() == 0
    page.get_by_role("link", name="Go to Sky Inventedname's record").click()

    child = Child.objects.get(legal_last_name="Inventedname")
    episode = Episode.objects.get(child=child, kind="cme")
    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "Referred"
    assert card.get_by_test_id("reason").inner_text() == "Moved in from another local authority"
    assert card.get_by_test_id("cme-duration").inner_text() == "20 days (2 to 4 weeks)"
    home_visit = card.get_by_test_id("enquiry-home_visit")
    due = add_working_days(started, 5)
    assert f"Due {long_date(due)}" in home_visit.inner_text()
    assert home_visit.get_by_test_id("overdue").count() == (1 if due < today else 0)

    # First enquiry, from the card's button: the case moves to "Making enquiries".
    card.get_by_role("button", name="Record an enquiry").click()
    page.get_by_label("School and emergency contacts called").check()
    fill_date(page, "Date of the enquiry", started + timedelta(days=1))
    page.get_by_label("What did the enquiry find?").fill(
        "The school has no forwarding address; the emergency number is not in use."
    )
    page.get_by_role("button", name="Save enquiry").click()
    banner = page.locator(".govuk-notification-banner--success")
    assert "Enquiry recorded: School and emergency contacts called." in banner.inner_text()
    assert "Making enquiries" in banner.inner_text()

    # Second enquiry, from the home visit's own link: the item is already chosen.
    card = page.get_by_test_id(f"episode-{episode.uid}")
    card.get_by_test_id("enquiry-home_visit").get_by_role("link").click()
    assert page.get_by_label("Home visit").is_checked()
    page.get_by_label("What did the enquiry find?").fill(
        "Family at home; the child starts at Ashgrove Primary on Monday."
    )
    page.get_by_role("button", name="Save enquiry").click()

    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "Making enquiries"
    home_visit = card.get_by_test_id("enquiry-home_visit")
    assert f"{long_date(today)}, Test Person: Family at home" in home_visit.inner_text()
    assert home_visit.get_by_test_id("overdue").count() == 0
    assert "Not yet made" in card.get_by_test_id("enquiry-police").inner_text()
    page.screenshot(path=ARTIFACTS / "cme-child-page.png", full_page=True)
    assert problems_at_both_widths(page) == []

    # Close: the child is on roll at a school in the area.
    card.get_by_role("button", name="Close case").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Close the case"
    page.get_by_label("On roll at a school in the area").check()
    page.screenshot(path=ARTIFACTS / "cme-close-form.png", full_page=True)
    assert problems_at_both_widths(page) == []
    page.get_by_role("button", name="Close case").click()
    banner = page.locator(".govuk-notification-banner--success")
    assert "Case closed: On roll at a school in the area." in banner.inner_text()
    card = page.get_by_test_id(f"episode-{episode.uid}")
    assert card.get_by_test_id("status").inner_text() == "Closed"
    assert "On roll at a school in the area" in card.inner_text()

    episode.refresh_from_db()
    assert (episode.status, episode.closure_reason, episode.end_date) == (
        "closed",
        "on_roll_in_area",
        today,
    )
    assert CMEEnquiry.objects.filter(episode=episode).count() == 2
    assert problems == []
