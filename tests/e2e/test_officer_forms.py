"""In a real browser: the GOV.UK character count on a note, an over-long note refused with
the text kept; an error summary listing several errors in the page's order, each link moving
to its field (a date's month box, the first radio); and the child's history filtered by kind
and paged, the filter kept from page to page."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from cases.models import Contact
from ehe.models import User
from tests.e2e.conftest import problems_at_both_widths
from tests.e2e.test_sign_in import sign_in
from tests.e2e.world import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(make_user):
    return build_world(make_user, timezone.localdate())


def test_a_note_counts_down_and_an_over_long_one_is_refused_and_kept(page, live_server, world):
    sign_in(page, live_server.url, "e2e-officer", PASSWORD)
    page.goto(f"{live_server.url}{world.case_url('child-contact-new')}")
    # GOV.UK Frontend's script counts in a status message of its own, after the textarea.
    group = page.locator('[data-module="govuk-character-count"]', has=page.locator("#id_notes"))
    message = group.locator(".govuk-character-count__status")
    assert message.inner_text() == "You have 5,000 characters remaining"
    typed = "The family showed a project on local history. " * 110
    assert len(typed) == 5060
    page.get_by_label("Notes (optional)").fill(typed)
    page.wait_for_function(
        "document.querySelector('#id_notes ~ .govuk-character-count__status')"
        ".textContent.includes('too many')"
    )
    assert message.inner_text() == "You have 60 characters too many"

    page.get_by_label("Phone call").check()
    page.get_by_label("Completed").check()
    page.locator("#id_child_seen_1").check()
    before = Contact.objects.count()
    page.get_by_role("button", name="Save contact").click()

    summary = page.locator(".govuk-error-summary")
    assert "Notes must be 5,000 characters or fewer" in summary.inner_text()
    assert page.get_by_label("Notes (optional)").input_value() == typed  # exactly as typed
    summary.get_by_role("link", name="Notes must be 5,000 characters or fewer").click()
    assert page.evaluate("document.activeElement.id") == "id_notes"
    assert Contact.objects.count() == before
    assert problems_at_both_widths(page, "contact form, note too long") == []


def test_the_error_summary_lists_every_error_in_page_order_and_links_to_each(
    page, live_server, world
):
    sign_in(page, live_server.url, "e2e-officer", PASSWORD)
    page.goto(f"{live_server.url}{world.case_url('child-contact-new')}")
    page.locator("#id_occurred_on_1").fill("")  # the month left out
    page.get_by_role("button", name="Save contact").click()

    links = page.locator(".govuk-error-summary__list a")
    assert links.all_inner_texts() == [
        "Choose the type of contact",
        "The date of the contact must include a month",
        "Choose the outcome of the contact",
        "Say whether the child was seen",
    ]
    # GOV.UK Frontend moves focus to the summary; each link moves to its own control.
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    for text, control in [
        ("The date of the contact must include a month", "id_occurred_on_1"),
        ("Choose the type of contact", "id_contact_type_0"),
        ("Say whether the child was seen", "id_child_seen_0"),
    ]:
        links.filter(has_text=text).click()
        assert page.evaluate("document.activeElement.id") == control, text
    # Only the month box is marked as wrong.
    assert "govuk-input--error" in page.locator("#id_occurred_on_1").get_attribute("class")
    assert "govuk-input--error" not in page.locator("#id_occurred_on_0").get_attribute("class")
    assert problems_at_both_widths(page, "contact form with several errors") == []


def test_the_history_filters_by_kind_and_pages_keeping_the_filter(page, live_server, world):
    officer = User.objects.get(username="e2e-officer")
    for n in range(30):
        Contact.objects.create(
            episode=world.ehe,
            contact_type="phone",
            occurred_on=world.today - timedelta(days=5 + n),
            officer=officer,
            outcome="completed",
            notes=f"Phone call {n + 1}",
        )
    sign_in(page, live_server.url, "e2e-officer", PASSWORD)
    page.goto(f"{live_server.url}/children/{world.child.uid}/")
    timeline = page.get_by_test_id("timeline")
    assert timeline.locator(".moj-timeline__item").count() == 25
    assert "Phone call 1" in timeline.locator(".moj-timeline__item").first.inner_text()

    page.get_by_text("Filter the history").click()
    page.get_by_label("Information requests").check()
    page.get_by_label("Status and case changes").check()
    page.get_by_role("button", name="Apply filter").click()
    query = parse_qs(urlparse(page.url).query)
    assert query == {"kind": ["event", "information_request"]}
    kinds = timeline.locator(".moj-timeline__item").evaluate_all(
        "items => items.map(i => i.dataset.kind)"
    )
    assert set(kinds) == {"event", "information_request"}
    assert "Showing only: Status and case changes, Information requests." in (
        page.get_by_test_id("timeline-showing").inner_text()
    )
    assert problems_at_both_widths(page, "child page, filtered history") == []

    # Everything again, then the next page, with the links keeping the filter in between.
    page.get_by_role("link", name="Show everything").click()
    page.get_by_text("Filter the history").click()
    page.get_by_label("Contacts").check()
    page.get_by_role("button", name="Apply filter").click()
    page.get_by_role("link", name="Older entries in the history").click()
    assert parse_qs(urlparse(page.url).query) == {"kind": ["contact"], "page": ["2"]}
    assert page.get_by_test_id("timeline").locator(".moj-timeline__item").count() == 7
    page.get_by_role("link", name="Newer entries in the history").click()
    assert parse_qs(urlparse(page.url).query) == {"kind": ["contact"]}
