"""The legal safeguards live in the service that moves the case, so the API and the screens get
the same answer (DOMAIN §5.2 "Preconditions belong to the move", §6). Each safeguard is tried
through the service, the API and the web."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from cases.models import Document, Episode, EpisodeEvent, FormalStep, Judgement
from cases.services import (
    ServiceError,
    TransitionRefused,
    episode_close,
    episode_transition,
    formal_step_record,
    judgement_record,
)
from ehe.roles import Role
from tests.cases.factories import ChildFactory, CMEEpisodeFactory, EHEEpisodeFactory
from tests.cases.test_child_views import case_url, date_fields, signed_in, text_of

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
EPISODES = "/api/v1/episodes/"
JUDGEMENTS = "/api/v1/judgements/"
REQUESTED = date(2026, 10, 1)
REPLY_BY = date(2026, 10, 29)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def api(make_user):
    def _as(*roles):
        client = APIClient()
        client.user = make_user(*roles)
        client.force_login(client.user)
        return client

    return _as


def information_requested(officer, **episode_fields):
    """A case at "information requested": the family asked on 1 October, reply by 29 October."""
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 7))
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=REQUESTED,
        outcome="not_yet_satisfied",
        reasons="The report covers two weeks only",
        what_would_help="A term's plan and samples of work",
        reply_by=REPLY_BY,
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "information_requested"
    return episode


def adverse(by, episode, on, **extra):
    return judgement_record(
        by=by,
        episode=episode,
        decided_on=on,
        outcome="does_not_appear_suitable",
        reasons="No evidence of a full-time education",
        today=TODAY,
        channel="web",
        **extra,
    )


def at_panel(officer, on=date(2026, 11, 2)):
    episode = information_requested(officer)
    adverse(officer, episode, on)
    episode.refresh_from_db()
    assert episode.status == "panel"
    return episode


def serve(manager, episode, kind, on):
    formal_step_record(by=manager, episode=episode, kind=kind, on=on, today=TODAY, channel="web")
    episode.refresh_from_db()
    return episode


# Into the panel ---------------------------------------------------------------------------


def test_service_refuses_the_panel_before_the_reply_date_and_writes_nothing(officer):
    episode = information_requested(officer)
    with pytest.raises(TransitionRefused, match="until 29 October 2026"):
        adverse(officer, episode, REPLY_BY)
    episode.refresh_from_db()
    assert episode.status == "information_requested"
    assert not Judgement.objects.filter(episode=episode, outcome="does_not_appear_suitable")
    assert not episode.unsuitable_periods.exists()
    adverse(officer, episode, REPLY_BY + timedelta(days=1))
    episode.refresh_from_db()
    assert episode.status == "panel"
    # The child counts as missing education from the judgement (DOMAIN §5.2, §8).
    assert episode.unsuitable_periods.get().valid_from == REPLY_BY + timedelta(days=1)


def test_api_refuses_a_bare_move_to_the_panel_with_409_and_the_reason(api, officer):
    episode = information_requested(officer)
    client = api(Role.OFFICER)
    response = client.post(
        f"{EPISODES}{episode.uid}/transition/",
        {"to": "panel", "reason": "Not suitable", "version": episode.version},
    )
    assert response.status_code == 409
    assert "does not appear suitable" in response.json()["detail"]
    episode.refresh_from_db()
    assert episode.status == "information_requested"


def test_api_judgement_before_the_reply_date_is_409_and_saves_nothing(api, officer):
    episode = information_requested(officer)
    response = api(Role.OFFICER).post(
        JUDGEMENTS,
        {
            "episode": str(episode.uid),
            "decided_on": "2026-10-20",
            "outcome": "does_not_appear_suitable",
            "reasons": "Nothing received",
        },
    )
    assert response.status_code == 409
    assert "until 29 October 2026" in response.json()["detail"]
    assert not Judgement.objects.filter(episode=episode, decided_on=date(2026, 10, 20))


def test_web_judgement_before_the_reply_date_says_why_and_saves_nothing(client, officer):
    episode = information_requested(officer)
    response = signed_in(client, officer).post(
        case_url("child-judgement-new", episode),
        {
            "outcome": "does_not_appear_suitable",
            **date_fields("decided_on", date(2026, 10, 20)),
            "reasons": "Nothing received",
            "evidence_considered": "",
            **date_fields("next_contact_due_on", None),
            "what_would_help": "",
            **date_fields("reply_by", None),
        },
    )
    assert "until 29 October 2026" in text_of(response)
    episode.refresh_from_db()
    assert episode.status == "information_requested"
    assert not Judgement.objects.filter(episode=episode, decided_on=date(2026, 10, 20))


def test_evidence_that_arrived_after_the_judgement_must_be_considered_first(officer, manager):
    episode = at_panel(officer)
    Document.objects.create(
        child=episode.child,
        episode=episode,
        document_type="medical_evidence",
        original_name="letter.pdf",
        file=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 invented"),
        content_type="application/pdf",
        size=17,
        uploaded_by=officer,
    )
    with pytest.raises(TransitionRefused, match="no judgement since then"):
        serve(manager, episode, "s437_notice", TODAY)
    assert not FormalStep.objects.exists()
    # A judgement that considers it, written after it arrived, clears the way.
    adverse(manager, episode, TODAY, medical_sen_evidence_considered=True)
    assert serve(manager, episode, "s437_notice", TODAY).status == "s437_notice"


# Into the s437 stage and the order process ------------------------------------------------


def test_service_the_s437_stage_comes_only_with_the_notice(officer, manager):
    episode = at_panel(officer)
    with pytest.raises(TransitionRefused, match="recorded as served"):
        episode_transition(
            by=manager,
            episode=episode,
            to="s437_notice",
            on=date(2026, 11, 9),
            today=TODAY,
            channel="web",
        )
    episode = serve(manager, episode, "s437_notice", date(2026, 11, 9))
    assert episode.status == "s437_notice"
    step = FormalStep.objects.get(episode=episode)
    assert (step.kind, step.occurred_on, step.recorded_by) == (
        "s437_notice",
        date(2026, 11, 9),
        manager,
    )
    move = EpisodeEvent.objects.get(episode=episode, to_status="s437_notice")
    assert move.occurred_on == date(2026, 11, 9)


def test_service_only_a_manager_records_a_formal_step(officer):
    episode = at_panel(officer)
    with pytest.raises(ServiceError, match="Only a manager"):
        serve(officer, episode, "s437_notice", date(2026, 11, 9))
    assert not FormalStep.objects.exists()


def test_service_the_order_process_waits_for_the_notice_period(officer, manager):
    episode = serve(
        manager, at_panel(officer, on=date(2026, 10, 30)), "s437_notice", date(2026, 11, 2)
    )
    # The period runs 2–16 November; a decision on the 16th is too early.
    adverse(manager, episode, date(2026, 11, 16), medical_sen_evidence_considered=True)
    with pytest.raises(TransitionRefused, match="until 16 November 2026"):
        serve(manager, episode, "s438_notice", date(2026, 11, 16))
    with pytest.raises(TransitionRefused):
        episode_transition(
            by=manager,
            episode=episode,
            to="sao_process",
            on=date(2026, 11, 17),
            today=TODAY,
            channel="web",
        )
    adverse(manager, episode, date(2026, 11, 17), medical_sen_evidence_considered=True)
    episode = serve(manager, episode, "s438_notice", date(2026, 11, 17))
    assert episode.status == "sao_process"


def test_api_bare_moves_to_the_formal_stages_are_409(api, officer, manager):
    client = api(Role.MANAGER)
    panel = at_panel(officer)
    response = client.post(
        f"{EPISODES}{panel.uid}/transition/",
        {"to": "s437_notice", "reason": "Panel agreed", "version": panel.version},
    )
    assert response.status_code == 409
    assert "recorded as served" in response.json()["detail"]
    s437 = serve(manager, at_panel(officer), "s437_notice", date(2026, 11, 3))
    response = client.post(
        f"{EPISODES}{s437.uid}/transition/",
        {"to": "sao_process", "reason": "Not satisfied", "version": s437.version},
    )
    assert response.status_code == 409
    assert Episode.objects.get(pk=panel.pk).status == "panel"
    assert Episode.objects.get(pk=s437.pk).status == "s437_notice"


def test_api_formal_step_records_the_notice_and_moves_the_case(api, officer):
    episode = at_panel(officer)
    response = api(Role.OFFICER).post(
        f"{EPISODES}{episode.uid}/formal-step/", {"kind": "s437_notice", "on": "2026-11-09"}
    )
    assert response.status_code == 403
    response = api(Role.MANAGER).post(
        f"{EPISODES}{episode.uid}/formal-step/", {"kind": "s438_notice", "on": "2026-11-09"}
    )
    assert response.status_code == 409
    response = api(Role.MANAGER).post(
        f"{EPISODES}{episode.uid}/formal-step/",
        {"kind": "s437_notice", "on": "2026-11-09", "notes": "Served on both parents"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "s437_notice"
    assert FormalStep.objects.get(episode=episode).notes == "Served on both parents"


def test_web_formal_step_is_a_managers_and_moves_the_case(client, officer, manager):
    episode = at_panel(officer)
    url = case_url("child-formal-step", episode)
    assert signed_in(client, officer).get(url).status_code == 403
    signed_in(client, manager)
    assert "Record a notice or order served" in text_of(client.get(url))
    response = client.post(url, {"kind": "s438_notice", **date_fields("on", date(2026, 11, 9))})
    assert "notice of intention or a school attendance order follows" in text_of(response)
    assert not FormalStep.objects.exists()
    response = client.post(url, {"kind": "s437_notice", **date_fields("on", date(2026, 11, 9))})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == "s437_notice"


def test_the_child_page_offers_managers_the_formal_step(client, officer, manager):
    episode = at_panel(officer)
    url = case_url("child-formal-step", episode)
    assert url not in text_of(signed_in(client, officer).get(f"/children/{episode.child.uid}/"))
    assert url in text_of(signed_in(client, manager).get(f"/children/{episode.child.uid}/"))


# Closing into home education --------------------------------------------------------------


def cme_with_an_open_ehe_case():
    child = ChildFactory()
    ehe = EHEEpisodeFactory(child=child, status="suitable", start_date=date(2026, 9, 7))
    cme = CMEEpisodeFactory(child=child, status="enquiries", start_date=date(2026, 9, 7))
    return cme, ehe


def test_service_closing_cme_as_home_educated_with_an_ehe_case_open_changes_nothing(officer):
    cme, ehe = cme_with_an_open_ehe_case()
    with pytest.raises(TransitionRefused, match="already has an open home education case"):
        episode_close(
            by=officer,
            episode=cme,
            on=TODAY,
            closure_reason="ehe",
            today=TODAY,
            channel="web",
        )
    cme.refresh_from_db()
    assert cme.status == "enquiries" and cme.end_date is None
    assert Episode.objects.filter(child=cme.child, kind="ehe").count() == 1


def test_api_closing_cme_as_home_educated_with_an_ehe_case_open_is_409(api):
    cme, _ehe = cme_with_an_open_ehe_case()
    response = api(Role.OFFICER).post(
        f"{EPISODES}{cme.uid}/close/",
        {"closure_reason": "ehe", "on": "2026-11-20", "version": cme.version},
    )
    assert response.status_code == 409
    assert "already has an open home education case" in response.json()["detail"]
    assert Episode.objects.get(pk=cme.pk).status == "enquiries"


def test_web_closing_cme_as_home_educated_with_an_ehe_case_open_says_why(client, officer):
    cme, _ehe = cme_with_an_open_ehe_case()
    response = signed_in(client, officer).post(
        case_url("cme-close", cme),
        {
            "version": cme.version,
            "closure_reason": "ehe",
            **date_fields("on", TODAY),
            "closure_notes": "",
            "confirm_without_all_enquiries": "on",
        },
    )
    assert "already has an open home education case" in text_of(response)
    assert Episode.objects.get(pk=cme.pk).status == "enquiries"


def test_closing_into_home_education_opens_the_case_in_the_same_transaction(officer):
    cme = CMEEpisodeFactory(status="enquiries", start_date=date(2026, 9, 7))
    closed = episode_close(
        by=officer, episode=cme, on=TODAY, closure_reason="ehe", today=TODAY, channel="web"
    )
    opened = closed.led_to.get()
    assert (opened.kind, opened.start_date, opened.status) == ("ehe", TODAY, "new")


def test_web_the_order_process_is_never_a_bare_move(client, officer, manager):
    episode = serve(manager, at_panel(officer), "s437_notice", date(2026, 11, 3))
    url = case_url("child-transition", episode)
    html = text_of(signed_in(client, manager).get(url))
    # Offered: a return to school. Not offered, with the reason: the order process.
    assert 'value="returning_to_school"' in html and 'value="sao_process"' not in html
    assert "gives the parents until 17 November 2026" in html
    response = client.post(
        url,
        {
            "version": episode.version,
            "to": "sao_process",
            **date_fields("on", TODAY),
            "reason": "Not satisfied",
        },
    )
    assert "Select a valid choice" in text_of(response)
    assert Episode.objects.get(pk=episode.pk).status == "s437_notice"


@pytest.mark.parametrize("outcome", ["appears_suitable", "not_yet_satisfied"])
def test_api_and_web_refuse_a_judgement_without_reasons(api, client, officer, outcome):
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 7))
    response = api(Role.OFFICER).post(
        JUDGEMENTS,
        {
            "episode": str(episode.uid),
            "decided_on": "2026-11-19",
            "outcome": outcome,
            "reasons": "",
            "what_would_help": "A term's plan",
        },
    )
    assert response.status_code == 400
    assert "reasons" in response.json()["errors"]
    response = signed_in(client, officer).post(
        case_url("child-judgement-new", episode),
        {
            "outcome": outcome,
            **date_fields("decided_on", date(2026, 11, 19)),
            "reasons": "",
            "evidence_considered": "",
            **date_fields("next_contact_due_on", None),
            "what_would_help": "A term's plan",
            **date_fields("reply_by", None),
        },
    )
    assert "Give the reasons for this judgement" in text_of(response)
    assert not Judgement.objects.filter(episode=episode).exists()
