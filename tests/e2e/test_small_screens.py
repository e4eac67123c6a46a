"""Every main page at a phone's width (390 px) and a desktop's (1280 px): nothing scrolls
sideways (WCAG 2.2, 1.4.10 Reflow; wide tables scroll inside their own box) and axe finds no
WCAG 2.0-2.2 A or AA violation. Each role signs in and walks its pages; every problem on every
page is collected and reported together."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.e2e.conftest import problems_at_both_widths
from tests.e2e.test_sign_in import sign_in
from tests.e2e.world import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Walk:
    """Visits pages and keeps every problem found, so one run reports them all."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url, self.problems, self.seen = page, base_url, [], []
        page.on("pageerror", lambda exc: self.problems.append(f"{page.url}: script error {exc}"))

    def check(self, name: str) -> None:
        self.seen.append(name)
        self.problems.extend(problems_at_both_widths(self.page, name))

    def visit(self, name: str, path: str) -> None:
        response = self.page.goto(f"{self.base_url}{path}")
        if response is None or response.status >= 400:
            self.problems.append(f"{name}: {path} answered {response and response.status}")
            return
        self.check(name)

    def sign_in(self, username: str) -> None:
        self.page.set_viewport_size({"width": 1280, "height": 900})
        self.page.context.clear_cookies()
        sign_in(self.page, self.base_url, username, PASSWORD)


def test_every_main_page_fits_a_phone_and_passes_axe(page, live_server, make_user):
    world = build_world(make_user, timezone.localdate())
    walk = Walk(page, live_server.url)

    walk.visit("sign-in", reverse("login"))

    # An officer's day.
    walk.sign_in("e2e-officer")
    walk.check("officer home")
    for name, path in [
        ("caseload", reverse("caseload")),
        ("team caseload", reverse("caseload") + "?scope=team&sort=name"),
        ("triage", reverse("triage")),
        ("find a child", reverse("child-search")),
        ("child page", reverse("child-detail", args=[world.child.uid])),
        ("child page, filtered history", world.child_url("child-detail") + "?kind=contact"),
        ("record a contact", world.case_url("child-contact-new")),
        ("record a judgement", world.case_url("child-judgement-new")),
        ("request information", world.case_url("child-information-request-new")),
        ("record a reply", world.case_url("child-information-reply", None, world.request.pk)),
        ("move a case", world.case_url("child-transition")),
        (
            "move a case, some moves not available",
            world.case_url("child-transition", world.suitable),
        ),
        ("book a visit", world.case_url("child-visit-book")),
        ("close a case", world.case_url("child-close")),
        ("change the DfE reason", world.case_url("case-reason-edit")),
        ("post-16 referral", world.case_url("child-post16", world.suitable)),
        (
            "considering EHE outcome",
            world.case_url("child-involvement-conclude", world.involvement),
        ),
        ("CME enquiry", world.case_url("cme-enquiry-new", world.cme)),
        ("close a CME case", world.case_url("cme-close", world.cme)),
        ("safeguarding concern", world.child_url("child-safeguarding-new")),
        ("upload a document", world.child_url("child-document-new")),
        ("change the child's details", world.child_url("child-edit")),
        ("change the address", world.child_url("child-address")),
        ("SEN status", world.child_url("child-sen-status")),
        ("social care status", world.child_url("child-csc-status")),
        ("add a parent or carer", world.child_url("child-person-add")),
        ("change a person", world.child_url("child-person-edit", world.person_uid)),
        ("change involvement", world.child_url("child-relationship-edit", world.person_uid)),
        ("open a case", world.child_url("child-case-open")),
        ("add a child", reverse("child-register")),
        ("CME referral", reverse("cme-referral-new")),
        ("school return", reverse("triage-return", args=[world.waiting_return_uid])),
        ("match or create", reverse("triage-return-match", args=[world.waiting_return_uid])),
        ("consent, as an officer", reverse("triage-consent", args=[world.consent_id])),
        ("API reference", reverse("api:docs")),
    ]:
        walk.visit(name, path)

    # Search results, and a form sent with several errors.
    page.goto(f"{live_server.url}{reverse('child-search')}")
    page.get_by_label("Name").fill("o brien")
    page.get_by_role("button", name="Search").click()
    assert "1 child found" in page.get_by_test_id("result-count").inner_text()
    walk.check("search results")
    page.goto(f"{live_server.url}{world.case_url('child-contact-new')}")
    page.locator("#id_occurred_on_0").fill("")
    page.get_by_role("button", name="Save contact").click()
    assert page.locator(".govuk-error-summary").is_visible()
    walk.check("contact form with errors")

    # A manager's pages.
    walk.sign_in("e2e-manager")
    walk.check("manager home")
    walk.visit("team", reverse("team"))
    walk.visit("consent decision", reverse("triage-consent", args=[world.consent_id]))
    walk.visit("record a notice or order served", world.case_url("child-formal-step", world.panel))

    walk.sign_in("e2e-analyst")
    walk.check("analyst home")
    walk.sign_in("e2e-admin")
    walk.check("administrator home")

    # A school's journey, every step of it.
    walk.sign_in("e2e-school")
    walk.check("school home")
    walk.visit("returns sent", reverse("school-returns"))
    walk.visit("a return sent", reverse("school-return-detail", args=[world.school_return_uid]))
    walk.visit("start a return", reverse("school-return-start"))
    page.get_by_role("button", name="Start now").click()
    walk.check("school: what to tell the council")
    page.get_by_label("Pupil removed from the admission register").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    walk.check("school: about the pupil")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill(str(world.today.year - 12))
    page.get_by_label("Female").check()
    page.get_by_label("Address line 1").fill("12 Imaginary Lane")
    page.get_by_label("Town or city").fill("Northbrook")
    page.get_by_label("Postcode").fill("ZZ1 1ZZ")
    page.get_by_label("None").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Parents"), "\n".join(
        walk.problems
    )
    walk.check("school: parents")
    page.locator("#id_parents-0-first_name").fill("Sam")
    page.locator("#id_parents-0-last_name").fill("Example")
    page.locator("#id_parents-0-relationship").select_option("mother")
    page.locator("#id_parents-0-address").fill("12 Imaginary Lane, Northbrook, ZZ1 1ZZ")
    page.locator("#id_parents-0-phone").fill("07700 900123")
    page.get_by_role("button", name="Continue", exact=True).click()
    walk.check("school: the removal")
    page.get_by_label("(f) Parent has given written notice of home education").check()
    removed = world.today
    page.locator("#id_deletion_date_0").fill(str(removed.day))
    page.locator("#id_deletion_date_1").fill(str(removed.month))
    page.locator("#id_deletion_date_2").fill(str(removed.year))
    page.locator("#id_destination_known_1").check()
    page.locator("#id_sao_in_force_1").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    walk.check("school: home education")
    page.get_by_label("Upload the parent's written notice").set_input_files(
        files=[{"name": "notice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 x"}]
    )
    page.locator("#id_meeting_offered_0").check()
    page.locator("#id_meeting_held_1").check()
    page.locator("#id_school_suggested_ehe_1").check()
    page.locator("#id_safeguarding_file_1").check()
    page.locator("#id_child_protection_plan_or_s47_1").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    walk.check("school: check your answers")

    assert len(walk.seen) >= 50
    assert walk.problems == [], "\n".join(walk.problems)


def test_the_check_finds_a_page_that_scrolls_sideways_or_breaks_a_wcag_rule(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Wide</title></head><body><main>'
        '<h1>Wide</h1><div style="width: 600px">A box wider than a phone</div>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    problems = problems_at_both_widths(page, "test page")
    assert any("test page at 390 px scrolls sideways" in p for p in problems), problems
    assert not any("1280 px scrolls sideways" in p for p in problems), problems
    assert any(p.startswith("test page at 1280 px: image-alt") for p in problems), problems


def test_the_caseload_filter_folds_away_on_a_phone(page, live_server, make_user):
    build_world(make_user, timezone.localdate())
    sign_in(page, live_server.url, "e2e-officer", PASSWORD)
    apply = page.get_by_role("button", name="Apply filters")
    # On a desktop the filter is always there and the toggle is not.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{reverse('caseload')}")
    assert apply.is_visible()
    assert not page.locator(".app-filter-toggle").is_visible()
    # On a phone, loaded afresh, it starts folded away behind "Show filter".
    page.set_viewport_size({"width": 390, "height": 900})
    page.reload()
    toggle = page.get_by_role("button", name="Show filter")
    assert toggle.is_visible() and not apply.is_visible()
    toggle.click()
    assert apply.is_visible()
    assert page.get_by_role("button", name="Hide filter").get_attribute("aria-expanded") == "true"
    # The table scrolls in its own box, which the keyboard can reach.
    box = page.get_by_role("region", name="Cases")
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    # Back to a desktop's width: the filter shows again.
    page.get_by_role("button", name="Hide filter").click()
    assert not apply.is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    apply.wait_for(state="visible", timeout=2_000)  # the toggle hears the width change
