"""School users see their own school's returns and their status, and nothing else: not other
schools' returns, not the council's outcome, not any child's record or casework screen."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import AuditEntry, DeletionReturn, SchoolMembership
from cases.services import deletion_return_query_raise
from ehe.roles import Role
from tests.cases.factories import EHEEpisodeFactory, SchoolFactory
from tests.cases.returns_helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def schools():
    return SchoolFactory(name="Ashgrove Primary"), SchoolFactory(name="Birchfield Academy")


@pytest.fixture
def member(make_user):
    def _member(school):
        user = make_user(Role.SCHOOL)
        SchoolMembership.objects.create(user=user, school=school)
        return user

    return _member


@pytest.fixture
def as_member(client, member):
    def _as(school):
        client.force_login(member(school))
        return client

    return _as


def test_home_shows_the_schools_latest_returns_and_the_way_in(as_member, schools):
    mine, theirs = schools
    own = submit(mine, pupil_first_name="Robin").deletion_return
    submit(theirs, pupil_first_name="Quinn")
    html = as_member(mine).get("/school/").content.decode()
    assert ">Tell the council about a pupil</h1>" in html
    assert 'href="/school/returns/new/"' in html
    assert own.reference in html and "Robin Example" in html
    assert "Quinn" not in html


def test_list_shows_only_the_schools_own_returns_with_their_status(as_member, schools):
    mine, theirs = schools
    received = submit(mine, pupil_first_name="Robin").deletion_return
    processed = submit(mine, pupil_first_name="Ellis").deletion_return
    DeletionReturn.objects.filter(pk=processed.pk).update(status="processed", outcome="ehe_opened")
    queried = submit(mine, pupil_first_name="Morgan").deletion_return
    DeletionReturn.objects.filter(pk=queried.pk).update(
        status="query_raised", outcome="sao_in_force", query_message="Please call us"
    )
    other = submit(theirs, pupil_first_name="Quinn").deletion_return

    html = as_member(mine).get("/school/returns/").content.decode()
    for r, status in (
        (received, "Received"),
        (processed, "Processed"),
        (queried, "Question from the council"),
    ):
        assert f'href="/school/returns/{r.uid}/">{r.reference}</a>' in html
        assert status in html
    assert other.reference not in html and "Quinn" not in html
    assert html.count('data-testid="return-row"') == 3
    # The council's routing is its own business.
    assert "Home education case opened" not in html
    assert "School attendance order in force" not in html


def test_list_runs_a_fixed_number_of_queries(as_member, schools, django_assert_max_num_queries):
    mine, _ = schools
    client = as_member(mine)
    for _ in range(2):
        submit(mine, kind="considering_ehe")
    client.get("/school/returns/")  # warm the session and user caches
    with django_assert_max_num_queries(8) as two:
        client.get("/school/returns/")
    for _ in range(18):
        submit(mine, kind="considering_ehe")
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get("/school/returns/")
    assert response.content.decode().count('data-testid="return-row"') == 20


def test_the_return_page_shows_what_was_sent_and_its_status(as_member, schools):
    mine, _ = schools
    r = submit(mine, parent_reason="Wants to travel this year").deletion_return
    html = as_member(mine).get(f"/school/returns/{r.uid}/").content.decode()
    assert f"Return {r.reference}" in html
    assert "Robin Example" in html and "Sam Example" in html
    assert "(f) Parent has given written notice of home education" in html
    assert "notice.pdf" in html
    assert "Wants to travel this year" in html
    assert ">Received</strong>" in html
    assert 'data-testid="query-message"' not in html
    assert "Change" not in html


def test_a_question_from_the_council_is_shown_as_one_to_answer_and_nothing_internal(
    as_member, schools, make_user
):
    mine, _ = schools
    r = submit(mine).deletion_return
    officer = make_user(Role.OFFICER)
    officer.first_name, officer.last_name = "Priya", "Asker"
    officer.save()
    deletion_return_query_raise(
        by=officer,
        deletion_return=r,
        question="Which parent gave you the written notice?",
        channel="web",
    )
    html = as_member(mine).get(f"/school/returns/{r.uid}/").content.decode()
    assert ">Question from the council</strong>" in html
    assert "The council&#x27;s question" in html
    assert "Which parent gave you the written notice?" in html
    assert f'href="/school/returns/{r.uid}/answer/"' in html
    assert "Home education case opened" not in html  # the outcome's label
    assert "Asker" not in html  # who at the council asked


def test_an_order_in_force_is_shown_as_a_reason_to_keep_the_pupil_on_roll(
    as_member, schools, django_capture_on_commit_callbacks
):
    mine, _ = schools
    with django_capture_on_commit_callbacks(execute=True):
        r = submit(mine, sao_in_force=True).deletion_return
    html = as_member(mine).get(f"/school/returns/{r.uid}/").content.decode()
    assert ">School attendance order in force</strong>" in html
    assert "Keep the pupil on your register" in html
    assert "Message from the council" in html
    assert "revoked the order, or amended it to name another school" in html
    assert "School attendance order in force: revoke first" not in html  # the outcome's label
    assert "/answer/" not in html  # nothing to answer


def test_a_message_is_not_shown_unless_a_query_is_raised(as_member, schools):
    mine, _ = schools
    r = submit(mine).deletion_return
    DeletionReturn.objects.filter(pk=r.pk).update(
        status="processed", query_message="internal note that was never meant for the school"
    )
    html = as_member(mine).get(f"/school/returns/{r.uid}/").content.decode()
    assert "internal note" not in html


def test_another_schools_return_is_not_found(as_member, schools):
    mine, theirs = schools
    other = submit(theirs).deletion_return
    client = as_member(mine)
    assert client.get(f"/school/returns/{other.uid}/").status_code == 404
    assert client.get(f"/school/returns/{other.uid}/confirmation/").status_code == 404


def test_a_school_user_without_a_school_is_told_so(client, make_user, schools):
    user = make_user(Role.SCHOOL)
    client.force_login(user)
    home = client.get("/school/")
    assert home.status_code == 200
    assert "Your account is not linked to a school yet" in home.content.decode()
    assert user.username in home.content.decode()
    r = submit(schools[0]).deletion_return
    for url in (
        "/school/returns/",
        "/school/returns/new/",
        "/school/returns/new/pupil/",
        f"/school/returns/{r.uid}/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Your account is not linked to a school" in response.content.decode()
    assert client.post("/school/returns/new/").status_code == 403
    assert "school_return" not in client.session


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER, Role.ANALYST, Role.ADMINISTRATOR])
def test_other_roles_are_refused_the_school_screens(client_as, schools, role):
    client = client_as(role)
    r = submit(schools[0]).deletion_return
    for url in (
        "/school/",
        "/school/returns/",
        "/school/returns/new/",
        f"/school/returns/{r.uid}/",
        "/school/returns/new/check/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/school/returns/new/").status_code == 403


@pytest.mark.parametrize(
    "url", ["/school/", "/school/returns/", "/school/returns/new/", "/school/returns/new/check/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_school_pages_are_not_cached(as_member, schools):
    response = as_member(schools[0]).get("/school/returns/")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def casework_urls(episode):
    child = episode.child
    case = f"/children/{child.uid}/cases/{episode.uid}"
    return [
        "/officer/",
        "/manager/",
        "/caseload/",
        "/team/",
        "/children/search/",
        "/children/new/",
        f"/children/{child.uid}/",
        f"/children/{child.uid}/edit/",
        f"/children/{child.uid}/cases/new/",
        f"{case}/contacts/new/",
        f"{case}/close/",
    ]


def test_school_users_never_reach_a_childs_record_or_any_casework_screen(
    as_member, schools, django_capture_on_commit_callbacks
):
    mine, _ = schools
    # The child the school's own return was about, once the council has opened a case.
    with django_capture_on_commit_callbacks(execute=True):
        r = submit(mine).deletion_return
    r.refresh_from_db()
    assert r.episode is not None
    client = as_member(mine)
    reads_before = AuditEntry.objects.filter(action="view").count()
    for url in casework_urls(r.episode) + casework_urls(EHEEpisodeFactory()):
        assert client.get(url).status_code == 403, url
    assert client.post("/children/search/", {"name": "Robin"}).status_code == 403
    assert AuditEntry.objects.filter(action="view").count() == reads_before
    # Nor does the school's page for the return mention the case or link to the child.
    html = client.get(f"/school/returns/{r.uid}/").content.decode()
    assert str(r.matched_child.uid) not in html and str(r.episode.uid) not in html
    assert "Processed" in html


def test_school_users_are_refused_every_casework_api_endpoint(as_member, schools):
    mine, _ = schools
    episode = EHEEpisodeFactory()
    client = as_member(mine)
    for url in (
        "/api/v1/children/",
        f"/api/v1/children/{episode.child.uid}/",
        "/api/v1/episodes/",
        f"/api/v1/episodes/{episode.uid}/",
        "/api/v1/people/",
        "/api/v1/contacts/",
        "/api/v1/documents/",
        "/api/schema/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_navigation_offers_school_users_their_returns_only(as_member, schools):
    html = as_member(schools[0]).get("/school/").content.decode()
    assert 'href="/school/returns/"' in html
    assert 'href="/caseload/"' not in html and 'href="/children/search/"' not in html


def test_a_school_cannot_answer_another_schools_question_or_one_not_asked(
    as_member, schools, make_user
):
    mine, theirs = schools
    other = submit(theirs).deletion_return
    deletion_return_query_raise(
        by=make_user(Role.OFFICER), deletion_return=other, question="When?", channel="web"
    )
    client = as_member(mine)
    assert client.get(f"/school/returns/{other.uid}/answer/").status_code == 404
    assert client.post(f"/school/returns/{other.uid}/answer/", {"answer": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "query_raised"
    own = submit(mine).deletion_return
    assert client.get(f"/school/returns/{own.uid}/answer/")["Location"] == (
        f"/school/returns/{own.uid}/"
    )
    refused = client.post(f"/school/returns/{own.uid}/answer/", {"answer": "x"}, follow=True)
    assert "There is no question from the council waiting for an answer" in (
        refused.content.decode()
    )
    assert not own.messages.exists()


def test_a_refused_consent_reads_as_the_councils_decision_with_its_reasons(
    as_member, schools, make_user, django_capture_on_commit_callbacks
):
    from datetime import date

    from cases.models import ConsentRequest
    from cases.services import consent_decide

    mine, _ = schools
    mine.is_special = True
    mine.save()
    with django_capture_on_commit_callbacks(execute=True):
        r = submit(mine, placed_by_council=True).deletion_return
    consent_decide(
        by=make_user(Role.MANAGER),
        consent=ConsentRequest.objects.get(),
        decision="refused",
        reasons="The provision in the EHCP cannot be met at home",
        arranged_by="this_council",
        today=date(2026, 11, 20),
        channel="web",
    )
    client = as_member(mine)
    listed = client.get("/school/returns/").content.decode()
    assert ">Consent refused</strong>" in listed
    html = client.get(f"/school/returns/{r.uid}/").content.decode()
    assert "The council has refused consent. Keep the pupil on your register." in html
    assert "The council&#x27;s decision" in html
    assert "The council&#x27;s reasons: The provision in the EHCP cannot be met at home" in html
    assert "refer the decision to the Secretary of State for Education" in html
    assert "/answer/" not in html  # a decision, not a question
