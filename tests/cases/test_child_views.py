"""The child page: what it shows, who may see it, that every view is audited, that it offers
only the actions the case's state allows, and that it runs a fixed number of queries."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import (
    Alert,
    AuditEntry,
    ChildCSCStatus,
    ChildSENStatus,
    Contact,
    Document,
    EpisodeEvent,
    InformationRequest,
    Judgement,
    SafeguardingConcern,
)
from cases.services import (
    contact_record,
    episode_open,
    information_request_create,
    judgement_record,
    safeguarding_concern_raise,
)
from ehe.roles import Role
from tests.cases.conftest import TODAY
from tests.cases.factories import (
    AddressFactory,
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
    InvolvementFactory,
    PersonFactory,
    RelationshipFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

REFUSED_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]


@pytest.fixture(autouse=True)
def frozen_today():
    """The screens take today's date from the clock; pin it to the suite's TODAY."""
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


def date_fields(name: str, value: date | None) -> dict[str, str]:
    """What a browser posts for a GOV.UK date input."""
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def child_url(child) -> str:
    return reverse("child-detail", args=[child.uid])


def case_url(name: str, episode, *extra) -> str:
    return reverse(name, args=[episode.child.uid, episode.uid, *extra])


def signed_in(client, user):
    client.force_login(user)
    return client


def new_case(officer, **child_fields):
    """An EHE case opened through the service (so its due date is set), with an address."""
    child = ChildFactory(**child_fields)
    AddressFactory(child=child)
    return episode_open(
        by=officer,
        child=child,
        kind="ehe",
        start_date=date(2026, 9, 7),
        source="parent",
        allocated_officer=officer,
        today=TODAY,
        channel="web",
    )


def case_in_enquiry(officer, **child_fields):
    episode = new_case(officer, **child_fields)
    contact_record(
        by=officer,
        episode=episode,
        contact_type="initial_contact",
        occurred_on=date(2026, 9, 14),
        outcome="completed",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"
    return episode


def text_of(response) -> str:
    return response.content.decode()


# --- what the page shows -------------------------------------------------------------------


def test_child_page_shows_identity_cases_people_and_the_whole_timeline(client, officer):
    school = SchoolFactory(name="Hollow Lane Academy", urn="123456")
    episode = case_in_enquiry(officer, preferred_name="Robbie", legal_first_name="Robin")
    child = episode.child
    episode.previous_school = school
    episode.primary_reason = "lifestyle"
    episode.save()
    ChildSENStatus.objects.create(child=child, status="ehcp", valid_from=date(2025, 1, 1))
    ChildCSCStatus.objects.create(child=child, status="cpp", valid_from=date(2025, 1, 1))
    person = PersonFactory(first_name="Alex", last_name="Carer", phone="01234 000000")
    person.preferred_contact_method = "written_report"
    person.interpreter_needed = True
    person.interpreter_language = "Welsh"
    person.save()
    RelationshipFactory(person=person, child=child, relationship="father", lives_with=False)
    contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 10, 1),
        outcome="visit_declined",
        notes="Offered a virtual visit instead.",
        today=TODAY,
        channel="web",
    )
    information_request_create(
        by=officer,
        episode=episode,
        requested_on=date(2026, 10, 5),
        what_would_help="A sample of recent written work",
        today=TODAY,
        channel="web",
    )
    safeguarding_concern_raise(
        by=officer,
        child=child,
        raised_on=date(2026, 10, 6),
        details="Invented concern for the test",
        referred_to_csc_on=date(2026, 10, 6),
        referral_reference="REF-77",
        today=TODAY,
        channel="web",
    )
    Document.objects.create(
        child=child,
        document_type="parent_report",
        description="Autumn report",
        original_name="report.pdf",
        file="documents/x/none",
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
        uploaded_by=officer,
    )

    response = signed_in(client, officer).get(child_url(child))

    assert response.status_code == 200
    html = text_of(response)
    # Identity bar: preferred name first, legal name noted, age and year group, status tags.
    assert "Robbie Example" in html and "legal name Robin" in html
    assert "<dt>Age</dt> <dd>12</dd>" in html
    assert f"<dd>{child.year_group_label(TODAY)}</dd>" in html
    for tag in ("EHCP", "CPP", "Declined visits"):
        assert f">{tag}<" in html
    # The episode summary.
    assert "Elective home education" in html
    assert "Information requested" in html  # status tag
    assert "7 September 2026" in html
    assert officer.get_full_name() in html
    assert "Hollow Lane Academy (URN 123456)" in html
    assert "Lifestyle" in html
    assert "Reply to information request: 2 November 2026" in html
    assert "Overdue" in html
    assert "Record reply" in html
    # People, address, SEN and CSC.
    assert "Alex Carer" in html and "Father" in html and "parental responsibility" in html
    assert "Prefers: Written report" in html and "Interpreter needed: Welsh" in html
    assert "Imaginary Lane" in html
    assert 'data-testid="sen">EHCP<br>' in html
    assert "Child protection plan" in html
    # The timeline has every kind of item.
    kinds = {"event", "contact", "information_request", "safeguarding", "document"}
    for kind in kinds:
        assert f'data-kind="{kind}"' in html, kind
    assert "Offered a virtual visit instead." in html
    assert "REF-77" in html
    assert "Download report.pdf" in html


def test_judgement_shows_on_the_timeline_with_its_considerations(client, officer):
    episode = case_in_enquiry(officer)
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 11, 2),
        outcome="appears_suitable",
        reasons="A broad programme with regular outings.",
        consideration_notes={"physical_activity": "Swimming twice a week"},
        today=TODAY,
        channel="web",
    )
    html = text_of(signed_in(client, officer).get(child_url(episode.child)))
    assert "Judgement: Appears suitable" in html
    assert "A broad programme with regular outings." in html
    assert "Physical activity" in html and "Swimming twice a week" in html
    assert "Next contact due 2 November 2027" in html


def test_every_view_of_the_child_page_is_audited(client, officer):
    episode = case_in_enquiry(officer)
    before = AuditEntry.objects.filter(action="view").count()
    signed_in(client, officer).get(child_url(episode.child))
    entries = AuditEntry.objects.filter(action="view")
    assert entries.count() == before + 1
    entry = entries.first()
    assert (entry.actor, entry.child_id, entry.object_type) == (
        officer,
        episode.child_id,
        "cases.child",
    )


def _history(officer, episode, n: int) -> None:
    """``n`` more timeline items of mixed kinds, written straight to the tables."""
    for i in range(n):
        on = date(2026, 9, 8 + (i % 19))  # days and kinds cycle apart, so pages mix kinds
        match i % 5:
            case 0:
                Contact.objects.create(
                    episode=episode,
                    contact_type="phone",
                    occurred_on=on,
                    officer=officer,
                    outcome="completed",
                )
            case 1:
                Judgement.objects.create(
                    episode=episode,
                    decided_on=on,
                    outcome="appears_suitable",
                    decided_by=officer,
                    consideration_notes={"social_skills": "Clubs"},
                )
            case 2:
                InformationRequest.objects.create(
                    episode=episode,
                    requested_on=on,
                    what_would_help="More",
                    reply_by=date(2026, 12, 1),
                    requested_by=officer,
                )
            case 3:
                SafeguardingConcern.objects.create(
                    child=episode.child, raised_on=on, details="x", raised_by=officer
                )
            case 4:
                EpisodeEvent.objects.create(
                    episode=episode, occurred_on=on, by=officer, action="allocated"
                )


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
def test_child_page_runs_a_fixed_number_of_queries_whatever_the_history(client, make_user, role):
    user = make_user(role)
    short = new_case(user)
    long = new_case(user)
    _history(user, short, 5)  # one of each kind, as the long history's first page has
    _history(user, long, 300)
    RelationshipFactory(child=short.child)
    for person in PersonFactory.create_batch(3):
        RelationshipFactory(person=person, child=long.child)
    signed_in(client, user)
    client.get(child_url(short.child))  # warm the session and user caches alike for both

    counts = []
    for episode in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(child_url(episode.child))
        assert response.status_code == 200
        counts.append(len(queries))
    assert text_of(response).count('class="moj-timeline__item"') == 25  # one page of 300
    assert counts[0] == counts[1], counts


# --- the history: latest first, filtered by kind, paged ---------------------------------------

ITEM = re.compile(r'<div class="moj-timeline__item" data-kind="([a-z_]+)">')
DATES = re.compile(r'<time datetime="(\d{4}-\d{2}-\d{2})">')


def history(client, child, **query) -> tuple[str, list[str], list[str]]:
    """The page's HTML, the kinds of its history entries and their dates, in order."""
    response = client.get(child_url(child), query)
    assert response.status_code == 200
    html = text_of(response)
    return html, ITEM.findall(html), DATES.findall(html)


def contacts_on(officer, episode, days: int, *, first=date(2026, 9, 8)) -> None:
    for n in range(days):
        Contact.objects.create(
            episode=episode,
            contact_type="phone",
            occurred_on=first + timedelta(days=n),
            officer=officer,
            outcome="completed",
        )


def test_the_history_is_latest_first_and_pages_twenty_five_at_a_time(client, officer):
    episode = new_case(officer)  # opened 7 September 2026
    contacts_on(officer, episode, 30)  # 8 September to 7 October
    signed_in(client, officer)

    html, kinds, dates = history(client, episode.child)
    assert len(kinds) == 25
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2026-10-07" and dates[-1] == "2026-09-13"
    assert 'href="?page=2#history" rel="next"' in html and "Older" in html
    assert 'rel="prev"' not in html

    html, kinds, dates = history(client, episode.child, page="2")
    assert dates == ["2026-09-12", "2026-09-11", "2026-09-10", "2026-09-09", "2026-09-08"] + [
        "2026-09-07"
    ]
    assert kinds[-1] == "event"  # the case opening, the oldest entry
    assert 'href="?#history" rel="prev"' in html and "Newer" in html
    assert 'rel="next"' not in html


def test_the_history_filters_by_kind_and_paging_keeps_the_filter(client, officer):
    episode = case_in_enquiry(officer)
    for n in range(27):
        judgement_record(
            by=officer,
            episode=episode,
            decided_on=date(2026, 9, 15) + timedelta(days=n),
            outcome="appears_suitable",
            reasons=f"Judgement {n}",
            today=TODAY,
            channel="web",
        )
    signed_in(client, officer)

    html, kinds, _dates = history(client, episode.child, kind="judgement")
    assert kinds == ["judgement"] * 25
    assert 'href="?kind=judgement&amp;page=2#history" rel="next"' in html
    assert "Showing only: Judgements." in html
    assert (
        '<details class="govuk-details app-history-filter" data-testid="timeline-filter" open>'
        in (html)
    )
    assert 'name="kind" type="checkbox" value="judgement" checked' in html
    html, kinds, _dates = history(client, episode.child, kind="judgement", page="2")
    assert kinds == ["judgement"] * 2
    assert 'href="?kind=judgement#history" rel="prev"' in html

    # Several kinds at once; a kind or page nobody offers is ignored, not an error.
    html, kinds, _dates = history(client, episode.child, kind=["contact", "nonsense"], page="lots")
    assert kinds == ["contact"]
    html, kinds, _dates = history(client, episode.child, kind=["contact", "event"])
    assert set(kinds) == {"contact", "event"}
    # Nothing of a kind: said so, with the way back to everything.
    html, kinds, _dates = history(client, episode.child, kind="school_return")
    assert kinds == [] and "Nothing of these kinds has been recorded" in html
    assert '<a class="govuk-link" href="?#history">Show everything</a>' in html


def test_the_filter_works_without_javascript_and_puts_nothing_personal_in_the_address(
    client, officer
):
    episode = case_in_enquiry(officer, legal_first_name="Tamsin")
    html, _kinds, _dates = history(signed_in(client, officer), episode.child)
    form = html[html.index('data-testid="timeline-filter"') :]
    form = form[: form.index("</form>")]
    assert '<form method="get" action="#history" novalidate>' in form
    assert form.count('type="checkbox"') == 8
    for label in (
        "Contacts",
        "Judgements",
        "Status and case changes",
        "Documents",
        "Letters and formal steps",
        "Safeguarding",
        "Information requests",
        "School returns",
    ):
        assert f">{label}</label>" in form
    assert "Tamsin" not in form and "<details" not in form[20:]  # no nested widgets


def test_school_returns_about_the_child_are_on_the_history_with_a_link(
    client, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    from cases.models import DeletionReturn
    from tests.cases.returns_helpers import submit

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):  # routing runs after the commit
        receipt = submit(SchoolFactory(name="Birchfield Primary"))
    r = DeletionReturn.objects.get(pk=receipt.deletion_return.pk)
    assert r.matched_child is not None
    signed_in(client, officer)

    html, kinds, _dates = history(client, r.matched_child, kind="school_return")
    assert kinds == ["school_return"]
    assert "School return: Pupil removed from the admission register" in html
    assert "by Birchfield Primary" in html
    assert f'href="/returns/{r.uid}/"' in html
    assert f"Return {r.reference}, ground (f) Parent has given written notice" in html
    # Unfiltered, it sits in date order with the case it opened.
    _html, kinds, _dates = history(client, r.matched_child)
    assert "school_return" in kinds and "event" in kinds


def test_waiting_requests_and_declined_visits_show_whatever_page_they_are_on(client, officer):
    episode = case_in_enquiry(officer)
    contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 9, 15),
        outcome="visit_declined",
        today=TODAY,
        channel="web",
    )
    information_request_create(
        by=officer,
        episode=episode,
        requested_on=date(2026, 9, 16),
        what_would_help="Samples of work",
        today=TODAY,
        channel="web",
    )
    contacts_on(officer, episode, 30, first=date(2026, 10, 1))  # pushes both to page 2
    html, kinds, _dates = history(signed_in(client, officer), episode.child)
    assert "information_request" not in kinds
    assert "Record reply" in html  # the request is still waiting, on the case's card
    assert ">Declined visits<" in html


def test_the_history_pages_run_the_same_queries_for_any_page_or_filter(client, officer):
    episode = new_case(officer)
    _history(officer, episode, 300)
    signed_in(client, officer)
    client.get(child_url(episode.child))

    def queries(**query) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(child_url(episode.child), query).status_code == 200
        return len(captured)

    first = queries()
    assert queries(page="5") == first
    # One kind on the page: fewer records to fetch, never more queries.
    assert queries(kind="contact", page="3") < first


def actions_on(client, episode) -> str:
    """The action buttons on this case's summary card."""
    html = text_of(client.get(child_url(episode.child)))
    start = html.index(f'data-testid="episode-{episode.uid}"')
    end = html.find('data-testid="episode-', start + 1)
    card = html[start : end if end != -1 else html.index(">History<")]
    if 'data-testid="actions"' not in card:
        return ""
    return card[card.index('data-testid="actions"') :]


def test_a_new_case_offers_a_contact_but_no_judgement(client, officer):
    episode = new_case(officer)
    actions = actions_on(signed_in(client, officer), episode)
    assert "Record a contact" in actions
    assert "Record a judgement" not in actions
    assert "Request information" not in actions
    # Closing a new case is possible only for reasons outside anyone's control.
    assert "Close case" in actions
    assert "Move to" not in actions


def test_a_case_in_informal_enquiry_offers_what_its_state_allows(client, officer):
    episode = case_in_enquiry(officer)
    actions = actions_on(signed_in(client, officer), episode)
    for label in ("Record a contact", "Record a judgement", "Request information", "Close case"):
        assert label in actions
    assert "Move to &#x27;Returning to school&#x27;" in actions
    # Suitability is reached by a reasoned judgement, never by a bare status change.
    assert "Appears suitable" not in actions
    assert "post-16" not in actions


def test_a_closed_case_offers_no_actions(client, officer):
    episode = EHEEpisodeFactory(
        status="closed", end_date=date(2026, 10, 1), closure_reason="returned_to_school"
    )
    html = text_of(signed_in(client, officer).get(child_url(episode.child)))
    assert "Closed" in html and "Returned to school" in html
    assert 'data-testid="actions"' not in html
    # Raising a safeguarding concern is always possible.
    assert "Raise a safeguarding concern" in html


def test_year_11_child_is_offered_the_post16_referral(client, officer):
    episode = case_in_enquiry(officer, date_of_birth=date(2011, 3, 1))
    assert episode.child.year_group(TODAY) == 11
    assert "Record post-16 advice referral" in actions_on(signed_in(client, officer), episode)


def test_cme_and_involvement_cases_offer_their_own_actions(client, officer):
    cme = CMEEpisodeFactory()
    involvement = InvolvementFactory()
    signed_in(client, officer)
    cme_actions = actions_on(client, cme)
    assert "Move to &#x27;Making enquiries&#x27;" in cme_actions
    assert "Close case" in cme_actions and "Record a judgement" not in cme_actions
    involvement_actions = actions_on(client, involvement)
    assert "Record the outcome" in involvement_actions
    assert "Close case" not in involvement_actions


# --- alerts -------------------------------------------------------------------------------


def test_managers_see_open_alerts_on_the_child_page_and_officers_do_not(client, make_user):
    officer, manager = make_user(Role.OFFICER), make_user(Role.MANAGER)
    child = ChildFactory()
    ChildCSCStatus.objects.create(child=child, status="cin", valid_from=date(2025, 1, 1))
    episode_open(
        by=officer, child=child, kind="ehe", start_date=date(2026, 9, 7), today=TODAY, channel="web"
    )
    alert = Alert.objects.get(child=child)
    assert "became home educated" not in text_of(signed_in(client, officer).get(child_url(child)))
    html = text_of(signed_in(client, manager).get(child_url(child)))
    assert 'data-testid="alerts"' in html and "became home educated" in html

    response = client.post(reverse("child-alert-acknowledge", args=[child.uid, alert.pk]))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == manager
    assert 'data-testid="alerts"' not in text_of(client.get(child_url(child)))


def test_an_officer_cannot_acknowledge_an_alert(client, officer):
    child = ChildFactory()
    alert = Alert.objects.create(kind="safeguarding", child=child)
    response = signed_in(client, officer).post(
        reverse("child-alert-acknowledge", args=[child.uid, alert.pk])
    )
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


# --- who may see what ---------------------------------------------------------------------


def every_url(episode, person, document, request_id, alert_id) -> list[str]:
    child = episode.child
    return [
        child_url(child),
        reverse("child-register"),
        reverse("child-edit", args=[child.uid]),
        reverse("child-address", args=[child.uid]),
        reverse("child-sen-status", args=[child.uid]),
        reverse("child-csc-status", args=[child.uid]),
        reverse("child-person-add", args=[child.uid]),
        reverse("child-person-edit", args=[child.uid, person.uid]),
        reverse("child-relationship-edit", args=[child.uid, person.uid]),
        reverse("child-safeguarding-new", args=[child.uid]),
        reverse("child-document-new", args=[child.uid]),
        reverse("document-download", args=[document.uid]),
        reverse("child-alert-acknowledge", args=[child.uid, alert_id]),
        case_url("child-contact-new", episode),
        case_url("child-judgement-new", episode),
        case_url("child-information-request-new", episode),
        case_url("child-information-reply", episode, request_id),
        case_url("child-close", episode),
        case_url("child-transition", episode),
        case_url("child-involvement-conclude", episode),
        case_url("child-post16", episode),
    ]


@pytest.fixture
def world(officer):
    episode = case_in_enquiry(officer)
    person = PersonFactory()
    RelationshipFactory(person=person, child=episode.child)
    request = information_request_create(
        by=officer,
        episode=episode,
        requested_on=date(2026, 10, 5),
        what_would_help="Work samples",
        today=TODAY,
        channel="web",
    )
    document = Document.objects.create(
        child=episode.child,
        document_type="other",
        original_name="a.txt",
        file="documents/none",
        content_type="text/plain",
        size=1,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    alert = Alert.objects.create(kind="safeguarding", child=episode.child)
    return every_url(episode, person, document, request.pk, alert.pk)


def _counts():
    return (
        Contact.objects.count(),
        Judgement.objects.count(),
        InformationRequest.objects.count(),
        SafeguardingConcern.objects.count(),
        Document.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused_every_child_url(client_as, world, role):
    client = client_as(role)
    before = _counts()
    for url in world:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    # Nothing written, not even a read in the audit log.
    assert _counts() == before


def test_anonymous_visitors_are_sent_to_sign_in_from_every_child_url(client, world):
    before = _counts()
    for url in world:
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
    assert _counts() == before


def test_unknown_child_or_a_case_of_another_child_is_not_found(client, officer):
    episode = case_in_enquiry(officer)
    other = case_in_enquiry(officer)
    signed_in(client, officer)
    assert client.get("/children/00000000-0000-0000-0000-000000000000/").status_code == 404
    wrong = reverse("child-contact-new", args=[episode.child.uid, other.uid])
    assert client.get(wrong).status_code == 404


def test_nothing_in_the_urls_serves_the_media_root():
    """Uploaded files live under MEDIA_ROOT and must reach a browser only through the
    download view's access check."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.callback

    for route, callback in walk(get_resolver().url_patterns):
        module = getattr(callback, "__module__", "")
        assert module != "django.views.static", route
        assert "media" not in route.lower(), route
    assert str(settings.MEDIA_ROOT) not in {str(d) for d in settings.STATICFILES_DIRS}


def test_stored_files_cannot_be_fetched_by_their_storage_path(client, officer):
    stored = "documents/1/" + "a" * 32
    signed_in(client, officer)
    for url in (f"/media/{stored}", f"/{stored}", f"/static/{stored}"):
        assert client.get(url).status_code == 404, url
