"""The forms reached from a case on the child page: each saves through its service and says
so; bad input changes nothing and is shown against the field; an action the case's state does
not allow is refused with the reason; two edits from the same version cannot both win."""

from datetime import date

import pytest
from django.contrib.messages import get_messages

from cases.models import (
    AuditEntry,
    ChildSENStatus,
    Contact,
    Episode,
    EpisodeEvent,
    InformationRequest,
    Judgement,
)
from cases.services import contact_record, information_request_create
from ehe.roles import Role
from policy.suitability import CONSIDERATIONS, GUIDANCE_NOT_A_CHECKLIST
from tests.cases.conftest import TODAY
from tests.cases.factories import CMEEpisodeFactory, EHEEpisodeFactory, InvolvementFactory
from tests.cases.test_child_views import (
    case_in_enquiry,
    case_url,
    child_url,
    date_fields,
    frozen_today,  # noqa: F401  (autouse fixture: today is TODAY)
    new_case,
    signed_in,
    text_of,
)

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def contact_data(**overrides) -> dict:
    data = {
        "contact_type": "initial_contact",
        **date_fields("occurred_on", date(2026, 11, 16)),
        "outcome": "completed",
        "present": "Mother and the child",
        "child_seen": "yes",
        "child_views": "",
        "notes": "Talked through the options for sharing information.",
    }
    return data | overrides


# --- record a contact ---------------------------------------------------------------------


def test_initial_contact_on_a_new_case_moves_it_to_informal_enquiry(client, officer):
    episode = new_case(officer)
    url = case_url("child-contact-new", episode)
    signed_in(client, officer)
    form = text_of(client.get(url))
    assert 'value="20"' in form and 'value="2026"' in form  # date defaults to today

    response = client.post(url, contact_data())

    assert response.status_code == 302
    assert response["Location"] == child_url(episode.child)
    contact = Contact.objects.get(episode=episode)
    assert (contact.contact_type, contact.occurred_on, contact.officer) == (
        "initial_contact",
        date(2026, 11, 16),
        officer,
    )
    assert contact.child_seen is True and contact.present == "Mother and the child"
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"
    # A judgement is due 20 working days after the initial contact.
    assert episode.next_due_on == date(2026, 12, 14)
    assert messages_of(response) == [
        "Contact recorded. The case moved to 'Informal enquiry'. "
        "Suitability judgement due 14 December 2026."
    ]


def test_contact_with_missing_answers_shows_field_errors_and_saves_nothing(client, officer):
    episode = new_case(officer)
    response = signed_in(client, officer).post(
        case_url("child-contact-new", episode),
        contact_data(
            contact_type="", outcome="", child_seen="", **date_fields("occurred_on", None)
        ),
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "There is a problem" in html
    for message in (
        "Choose the type of contact",
        "Choose the outcome of the contact",
        "Say whether the child was seen",
        "Enter the date of the contact",
    ):
        assert message in html
    # The error summary links to the first radio and the day box.
    assert 'href="#id_contact_type_0"' in html and 'href="#id_occurred_on_0"' in html
    assert Contact.objects.count() == 0
    episode.refresh_from_db()
    assert episode.status == "new"


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "The date of the contact must be a real date"),
        ("3", "", "2026", "The date of the contact must include a month"),
        ("3", "4", "26", "Year must include 4 numbers"),
    ],
)
def test_contact_date_errors_read_as_gov_uk_says(client, officer, day, month, year, message):
    episode = new_case(officer)
    data = contact_data(occurred_on_day=day, occurred_on_month=month, occurred_on_year=year)
    response = signed_in(client, officer).post(case_url("child-contact-new", episode), data)
    assert message in text_of(response)
    assert Contact.objects.count() == 0


def test_service_refusals_land_on_the_right_field_and_nothing_is_saved(client, officer):
    episode = case_in_enquiry(officer)
    before = Contact.objects.count()
    signed_in(client, officer)
    url = case_url("child-contact-new", episode)
    # The child's views need the parent's consent (the service's rule).
    response = client.post(url, contact_data(child_views="Likes maths"))
    assert "Record that the parent consented" in text_of(response)
    assert 'href="#id_parent_consented_to_views"' in text_of(response)
    # A contact cannot be in the future.
    response = client.post(url, contact_data(**date_fields("occurred_on", date(2026, 12, 1))))
    assert "The date must be today or in the past" in text_of(response)
    assert Contact.objects.count() == before


@pytest.mark.parametrize("status", ["informal_enquiry", "suitable", "information_requested"])
def test_recording_a_declined_visit_never_changes_the_status(client, officer, status):
    episode = EHEEpisodeFactory(status=status, start_date=date(2026, 9, 7))
    events_before = EpisodeEvent.objects.filter(action="status_changed").count()
    response = signed_in(client, officer).post(
        case_url("child-contact-new", episode),
        contact_data(contact_type="home_visit", outcome="visit_declined", child_seen="no"),
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == status
    assert EpisodeEvent.objects.filter(action="status_changed").count() == events_before
    assert Contact.objects.get(episode=episode).outcome == "visit_declined"
    # It shows as a neutral tag on the child page.
    assert ">Declined visits<" in text_of(client.get(child_url(episode.child)))


def test_the_officers_most_used_contact_type_comes_first(client, officer):
    episode = case_in_enquiry(officer)
    for day in (2, 3):
        contact_record(
            by=officer,
            episode=episode,
            contact_type="virtual_visit",
            occurred_on=date(2026, 10, day),
            outcome="completed",
            today=TODAY,
            channel="web",
        )
    html = text_of(signed_in(client, officer).get(case_url("child-contact-new", episode)))
    assert 'id="id_contact_type_0" name="contact_type" type="radio" value="virtual_visit"' in html


# --- record a judgement -------------------------------------------------------------------


def judgement_data(**overrides) -> dict:
    data = {
        "outcome": "appears_suitable",
        **date_fields("decided_on", TODAY),
        "reasons": "A full-time education suited to the child's age and aptitude",
        "evidence_considered": "Parent's written report",
        **date_fields("next_contact_due_on", None),
        "what_would_help": "",
        **date_fields("reply_by", None),
    }
    return data | overrides


def test_judgement_appears_suitable_moves_the_case_and_the_next_due_date(client, officer):
    episode = case_in_enquiry(officer)
    # The judgement was due 20 working days after the initial contact of 14 September.
    assert (episode.next_due_kind, episode.next_due_on) == ("judgement", date(2026, 10, 12))
    signed_in(client, officer)
    response = client.post(
        case_url("child-judgement-new", episode),
        judgement_data(note_physical_activity="Swimming club", note_social_skills=""),
    )
    assert response.status_code == 302
    judgement = Judgement.objects.get(episode=episode)
    assert judgement.outcome == "appears_suitable" and judgement.decided_by == officer
    assert judgement.consideration_notes == {"physical_activity": "Swimming club"}
    assert judgement.next_contact_due == date(2027, 11, 20)
    episode.refresh_from_db()
    assert episode.status == "suitable"
    assert episode.next_due_on == date(2027, 11, 20)
    assert messages_of(response) == [
        "Judgement recorded: Appears suitable. The case moved to 'Appears suitable'. "
        "Next contact due 20 November 2027."
    ]
    assert "Next contact: 20 November 2027" in text_of(client.get(child_url(episode.child)))


def test_judgement_form_shows_the_considerations_as_guidance_not_a_checklist(client, officer):
    episode = case_in_enquiry(officer)
    html = text_of(signed_in(client, officer).get(case_url("child-judgement-new", episode)))
    assert GUIDANCE_NOT_A_CHECKLIST.replace("'", "&#x27;") in html
    for item in CONSIDERATIONS:
        assert item.title.replace("'", "&#x27;") in html
        assert item.guidance.replace("'", "&#x27;") in html
    assert "Medical and SEN evidence on file was considered" in html
    assert "No medical or SEN evidence is on file" in html
    # Only asked when the family declined a visit.
    assert "does not rest on the family declining" not in html
    # "Does not appear suitable" is reached only after information has been requested.
    assert 'value="does_not_appear_suitable"' not in html
    assert "so 'Does not appear suitable' cannot be recorded at this stage" in html


def test_not_yet_satisfied_needs_reasons_and_what_would_help(client, officer):
    episode = case_in_enquiry(officer)
    url = case_url("child-judgement-new", episode)
    response = signed_in(client, officer).post(
        url, judgement_data(outcome="not_yet_satisfied", reasons="")
    )
    html = text_of(response)
    assert "Give the reasons for this judgement" in html
    assert "Say what further information would help" in html
    assert Judgement.objects.count() == 0 and InformationRequest.objects.count() == 0

    response = client.post(
        url,
        judgement_data(
            outcome="not_yet_satisfied",
            reasons="The report covers only two weeks.",
            what_would_help="A term's plan and samples of maths work",
            **date_fields("reply_by", date(2026, 12, 18)),
        ),
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get(episode=episode)
    assert request.reply_by == date(2026, 12, 18)
    episode.refresh_from_db()
    assert episode.status == "information_requested"
    assert episode.next_due_on == date(2026, 12, 18)


def test_judgement_requires_the_evidence_acknowledgement_when_sen_is_on_file(client, officer):
    episode = case_in_enquiry(officer)
    ChildSENStatus.objects.create(
        child=episode.child, status="sen_support", valid_from=date(2025, 1, 1)
    )
    url = case_url("child-judgement-new", episode)
    signed_in(client, officer)
    assert "This child has special educational needs recorded" in text_of(client.get(url))
    response = client.post(url, judgement_data())
    assert "Confirm that the medical and SEN evidence on file was considered" in text_of(response)
    assert Judgement.objects.count() == 0
    response = client.post(url, judgement_data(medical_sen_evidence_considered="on"))
    assert response.status_code == 302
    assert Judgement.objects.get().medical_sen_evidence_considered is True


def test_after_a_declined_visit_an_adverse_judgement_must_say_it_does_not_rest_on_it(
    client, officer
):
    episode = case_in_enquiry(officer)
    contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 10, 1),
        outcome="visit_declined",
        today=TODAY,
        channel="web",
    )
    url = case_url("child-judgement-new", episode)
    signed_in(client, officer)
    assert "This judgement does not rest on the family declining a home visit" in text_of(
        client.get(url)
    )
    data = judgement_data(
        outcome="not_yet_satisfied", reasons="Too little to go on", what_would_help="Samples"
    )
    response = client.post(url, data)
    assert "Confirm this judgement does not rest on the family declining" in text_of(response)
    assert Judgement.objects.count() == 0
    assert client.post(url, data | {"not_based_on_declined_visit": "on"}).status_code == 302


def test_judgement_on_a_new_case_is_refused_with_the_reason(client, officer):
    episode = new_case(officer)
    url = case_url("child-judgement-new", episode)
    signed_in(client, officer)
    response = client.get(url)
    assert response.status_code == 409
    assert "record the initial contact first" in text_of(response)
    assert "<form" not in text_of(response).split("</header>")[1].split("<footer")[0]
    response = client.post(url, judgement_data())
    assert response.status_code == 409
    assert Judgement.objects.count() == 0
    episode.refresh_from_db()
    assert episode.status == "new"


def test_an_outcome_the_state_does_not_allow_is_refused_and_nothing_saved(client, officer):
    episode = case_in_enquiry(officer)
    response = signed_in(client, officer).post(
        case_url("child-judgement-new", episode),
        judgement_data(outcome="does_not_appear_suitable", reasons="x"),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    assert Judgement.objects.count() == 0


# --- information requests -----------------------------------------------------------------


def test_request_information_and_record_the_reply(client, officer):
    episode = case_in_enquiry(officer)
    signed_in(client, officer)
    url = case_url("child-information-request-new", episode)
    response = client.post(
        url,
        {
            "what_would_help": "",
            **date_fields("requested_on", TODAY),
            **date_fields("reply_by", None),
        },
    )
    assert "Say what information would help" in text_of(response)
    assert InformationRequest.objects.count() == 0

    response = client.post(
        url,
        {
            "what_would_help": "A sample of written work",
            **date_fields("requested_on", TODAY),
            **date_fields("reply_by", None),
        },
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get(episode=episode)
    assert request.reply_by == date(2026, 12, 18)  # the council's default of 28 days
    assert "Reply asked for by 18 December 2026" in messages_of(response)[0]
    episode.refresh_from_db()
    assert episode.status == "information_requested"

    reply_url = case_url("child-information-reply", episode, request.pk)
    assert client.get(child_url(episode.child)).content.decode().count(reply_url) == 1
    response = client.post(reply_url, date_fields("received_on", date(2026, 10, 1)))
    assert "The date must be between the request and today" in text_of(response)
    response = client.post(reply_url, date_fields("received_on", TODAY))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.reply_received_on == TODAY
    # A second reply to the same request is refused.
    assert client.get(reply_url).status_code == 409


# --- close and move -----------------------------------------------------------------------


def test_close_a_case(client, officer):
    episode = case_in_enquiry(officer)
    url = case_url("child-close", episode)
    signed_in(client, officer)
    data = {
        "version": episode.version,
        "closure_reason": "other",
        **date_fields("on", TODAY),
        "closure_notes": "",
    }
    response = client.post(url, data)
    assert "Say why the case is closing" in text_of(response)
    episode.refresh_from_db()
    assert episode.is_open

    response = client.post(url, data | {"closure_reason": "returned_to_school"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.status, episode.closure_reason, episode.end_date) == (
        "closed",
        "returned_to_school",
        TODAY,
    )
    assert messages_of(response) == ["Case closed."]
    # A closed case refuses everything.
    for name in ("child-contact-new", "child-close", "child-judgement-new"):
        response = client.get(case_url(name, episode))
        assert response.status_code == 409
        assert "This case is closed" in text_of(response)


def test_a_new_case_can_close_only_for_reasons_outside_anyones_control(client, officer):
    episode = new_case(officer)
    html = text_of(signed_in(client, officer).get(case_url("child-close", episode)))
    assert 'value="moved_away"' in html and 'value="deceased"' in html
    assert 'value="returned_to_school"' not in html


def test_move_status_offers_only_moves_whose_preconditions_hold_and_says_why(client, officer):
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 7))
    url = case_url("child-transition", episode)
    signed_in(client, officer)
    html = text_of(client.get(url))
    assert 'value="returning_to_school"' in html
    assert f'name="version" value="{episode.version}"' in html
    # Judgement statuses are reached by recording the judgement, and the screen says so.
    assert 'value="suitable"' not in html and 'value="information_requested"' not in html
    assert 'value="closed"' not in html
    assert "Moves not available now" in html
    assert "A case moves to &#x27;Appears suitable&#x27; by recording that judgement" in html

    response = client.post(
        url, {"version": episode.version, "to": "suitable", **date_fields("on", TODAY)}
    )
    assert "Select a valid choice" in text_of(response)
    response = client.post(
        url,
        {
            "version": episode.version,
            "to": "returning_to_school",
            **date_fields("on", TODAY),
            "reason": "Parent applied for a school place",
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == "returning_to_school"
    event = EpisodeEvent.objects.get(episode=episode, action="status_changed")
    assert (event.from_status, event.to_status, event.reason) == (
        "informal_enquiry",
        "returning_to_school",
        "Parent applied for a school place",
    )


def test_the_formal_stages_are_never_reached_by_a_bare_move_on_the_screen(client, manager):
    episode = EHEEpisodeFactory(status="panel", start_date=date(2026, 9, 7))
    url = case_url("child-transition", episode)
    signed_in(client, manager)
    response = client.get(url)
    assert response.status_code == 409
    html = text_of(response)
    assert "No move can be made from this screen now" in html
    assert "only when the s437(1) notice is recorded as served" in html
    response = client.post(
        url,
        {
            "version": episode.version,
            "to": "s437_notice",
            **date_fields("on", TODAY),
            "reason": "Panel decided",
        },
    )
    assert response.status_code == 409
    episode.refresh_from_db()
    assert episode.status == "panel"
    assert not EpisodeEvent.objects.filter(episode=episode).exists()


def test_two_moves_from_the_same_loaded_version_the_second_is_refused(client, make_user):
    first, second = make_user(Role.OFFICER), make_user(Role.MANAGER)
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2026, 9, 7))
    url = case_url("child-transition", episode)
    loaded = episode.version
    signed_in(client, first)
    response = client.post(
        url,
        {"version": loaded, "to": "informal_enquiry", **date_fields("on", TODAY), "reason": "A"},
    )
    assert response.status_code == 302
    signed_in(client, second)
    response = client.post(
        url,
        {"version": loaded, "to": "returning_to_school", **date_fields("on", TODAY), "reason": "B"},
    )
    assert response.status_code == 200
    assert "Someone else changed this case while you were editing it" in text_of(response)
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"
    assert EpisodeEvent.objects.filter(action="status_changed").count() == 1


def test_cme_case_moves_along_its_own_path(client, officer):
    episode = CMEEpisodeFactory(start_date=date(2026, 9, 7))
    response = signed_in(client, officer).post(
        case_url("child-transition", episode),
        {"version": episode.version, "to": "enquiries", **date_fields("on", TODAY)},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == "enquiries"


# --- involvement and post-16 --------------------------------------------------------------


def test_involvement_becoming_ehe_opens_the_linked_case(client, officer):
    involvement = InvolvementFactory(start_date=date(2026, 10, 1))
    url = case_url("child-involvement-conclude", involvement)
    signed_in(client, officer)
    response = client.post(
        url, {"closure_reason": "other", **date_fields("on", TODAY), "closure_notes": ""}
    )
    assert "Say why the case is closing" in text_of(response)
    assert Episode.objects.filter(child=involvement.child).count() == 1

    response = client.post(
        url, {"closure_reason": "became_ehe", **date_fields("on", TODAY), "closure_notes": ""}
    )
    assert response.status_code == 302
    involvement.refresh_from_db()
    opened = Episode.objects.get(child=involvement.child, kind="ehe")
    assert involvement.status == "closed" and opened.linked_from == involvement
    assert "A home education case has been opened" in messages_of(response)[0]
    html = text_of(client.get(child_url(involvement.child)))
    assert 'data-testid="led-to"' in html and "Elective home education case opened" in html


def test_post16_referral_for_a_year_11_child(client, officer):
    episode = case_in_enquiry(officer, date_of_birth=date(2011, 3, 1))
    url = case_url("child-post16", episode)
    response = signed_in(client, officer).post(
        url, {**date_fields("on", TODAY), "notes": "Referred to the careers service"}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.post16_advice_done_on == TODAY
    assert client.get(url).status_code == 409


def test_post16_referral_is_refused_for_a_younger_child(client, officer):
    episode = case_in_enquiry(officer)
    response = signed_in(client, officer).post(
        case_url("child-post16", episode), date_fields("on", TODAY)
    )
    assert response.status_code == 409
    episode.refresh_from_db()
    assert episode.post16_advice_done_on is None


def test_a_form_for_one_case_reads_the_child_into_the_audit_log(client, officer):
    episode = case_in_enquiry(officer)
    signed_in(client, officer).get(case_url("child-contact-new", episode))
    entry = AuditEntry.objects.filter(action="view").first()
    assert (entry.child_id, entry.detail) == (episode.child_id, "Record a contact")


def test_information_request_service_state_rules_hold_through_the_screen(client, officer):
    episode = case_in_enquiry(officer)
    information_request_create(
        by=officer,
        episode=episode,
        requested_on=TODAY,
        what_would_help="x",
        today=TODAY,
        channel="web",
    )
    # A second request while waiting is allowed (the case stays where it is).
    response = signed_in(client, officer).post(
        case_url("child-information-request-new", episode),
        {"what_would_help": "Also a reading list", **date_fields("requested_on", TODAY)},
    )
    assert response.status_code == 302
    assert InformationRequest.objects.filter(episode=episode).count() == 2
