"""Contacts, judgements and what becomes due, through the services."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import (
    Alert,
    AuditEntry,
    CaseworkSettings,
    ChildCSCStatus,
    ChildSENStatus,
    Contact,
    Episode,
    InformationRequest,
    Judgement,
    UnsuitablePeriod,
)
from cases.selectors import status_on
from cases.services import (
    ServiceError,
    TransitionRefused,
    child_create,
    child_sen_status_set,
    contact_record,
    document_upload,
    episode_open,
    information_request_create,
    judgement_record,
    refresh_due_dates,
)
from policy.calendar import add_working_days
from tests.cases.conftest import TODAY
from tests.cases.factories import ChildFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db


def open_ehe(officer, *, start=date(2026, 11, 2), **child):
    kid = child_create(
        by=officer,
        legal_first_name="Robin",
        legal_last_name="Example",
        date_of_birth=child.get("dob", date(2014, 5, 17)),
        known_from=start,
        csc_status=child.get("csc", "none"),
        sen_status=child.get("sen", "none"),
        channel="web",
    )
    return episode_open(
        by=officer,
        child=kid,
        kind="ehe",
        start_date=start,
        today=TODAY,
        source="parent",
        channel="web",
    )


def test_new_case_has_the_acknowledgement_then_the_initial_contact_due(officer):
    episode = open_ehe(officer)
    assert episode.status == "new"
    episode.refresh_from_db()
    # The acknowledgement letter comes first (5 working days), until a letter is recorded.
    assert (episode.next_due_kind, episode.next_due_on) == ("acknowledgement", date(2026, 11, 9))
    contact_record(
        by=officer,
        episode=episode,
        contact_type="letter",
        occurred_on=date(2026, 11, 3),
        outcome="completed",
        notes="Welcome letter posted",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "new"
    assert episode.next_due_kind == "initial_contact"
    assert episode.next_due_on == add_working_days(date(2026, 11, 2), 10) == date(2026, 11, 16)


def test_initial_contact_moves_new_to_informal_enquiry_and_sets_a_judgement_due(officer):
    episode = open_ehe(officer)
    for contact_type, on in (("letter", date(2026, 11, 3)), ("phone", date(2026, 11, 5))):
        contact_record(
            by=officer,
            episode=episode,
            contact_type=contact_type,
            occurred_on=on,
            outcome="completed",
            today=TODAY,
            channel="web",
        )
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"
    # A judgement is due 20 working days after the initial contact; the next contact (a phone
    # call does not qualify, so a year from the start) comes later.
    assert (episode.next_due_kind, episode.next_due_on) == ("judgement", date(2026, 12, 3))


def test_unanswered_letter_leaves_the_case_new(officer):
    episode = open_ehe(officer)
    contact_record(
        by=officer,
        episode=episode,
        contact_type="letter",
        occurred_on=date(2026, 11, 3),
        outcome="no_response",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "new"


def test_declined_home_visit_never_moves_a_case_on(officer):
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2025, 1, 6))
    contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 11, 10),
        outcome="visit_declined",
        notes="Family prefer to send a written report",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "suitable"
    assert not InformationRequest.objects.filter(episode=episode).exists()
    # A declined visit shares no information, so it is not the annual contact: the next
    # contact is still reckoned from the start of the case (and is now overdue).
    assert (episode.next_due_kind, episode.next_due_on) == ("next_contact", date(2026, 1, 6))


def test_adverse_judgement_after_a_declined_visit_needs_an_explicit_confirmation(officer):
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 1))
    contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 9, 10),
        outcome="visit_declined",
        today=TODAY,
        channel="web",
    )
    with pytest.raises(ServiceError) as error:
        judgement_record(
            by=officer,
            episode=episode,
            decided_on=date(2026, 11, 1),
            outcome="not_yet_satisfied",
            reasons="No information yet",
            what_would_help="A short written report",
            today=TODAY,
            channel="web",
        )
    assert "not_based_on_declined_visit" in error.value.errors
    assert not Judgement.objects.exists()
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"


def test_appears_suitable_judgement_schedules_next_contact_from_policy(officer):
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 1))
    judgement = judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 11, 18),
        outcome="appears_suitable",
        reasons="A broad curriculum with daily reading and maths",
        consideration_notes={"literacy_and_numeracy": "Daily reading"},
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "suitable"
    assert judgement.next_contact_due == date(2027, 11, 18)
    assert (episode.next_due_kind, episode.next_due_on) == ("next_contact", date(2027, 11, 18))


def test_due_values_come_from_the_administrators_settings(officer):
    settings_row = CaseworkSettings.current()
    settings_row.next_contact_months = 6
    settings_row.initial_contact_working_days = 5
    settings_row.save()
    new_case = open_ehe(officer)
    new_case.refresh_from_db()
    assert new_case.next_due_on == add_working_days(date(2026, 11, 2), 5)
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 1))
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 11, 18),
        outcome="appears_suitable",
        reasons="Full-time education suited to the child's age and aptitude",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.next_due_on == date(2027, 5, 18)


@pytest.mark.parametrize(
    "outcome", ["appears_suitable", "not_yet_satisfied", "does_not_appear_suitable"]
)
def test_every_judgement_records_its_reasons(officer, outcome):
    # DOMAIN §5.2: every judgement records its reasons, "appears suitable" included.
    episode = EHEEpisodeFactory(status="information_requested", start_date=date(2026, 9, 1))
    with pytest.raises(ServiceError) as error:
        judgement_record(
            by=officer,
            episode=episode,
            decided_on=date(2026, 11, 18),
            outcome=outcome,
            reasons="   ",
            what_would_help="A timetable",
            today=TODAY,
            channel="web",
        )
    assert set(error.value.errors) == {"reasons"}
    assert not Judgement.objects.filter(episode=episode).exists()


def test_medical_and_sen_evidence_must_be_acknowledged(officer):
    episode = open_ehe(officer, sen="ehcp")
    contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 11, 5),
        outcome="completed",
        today=TODAY,
        channel="web",
    )
    with pytest.raises(ServiceError) as error:
        judgement_record(
            by=officer,
            episode=episode,
            decided_on=date(2026, 11, 6),
            outcome="appears_suitable",
            today=TODAY,
            channel="web",
        )
    assert "medical_sen_evidence_considered" in error.value.errors
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 11, 6),
        outcome="appears_suitable",
        reasons="Education suited to the child's needs",
        medical_sen_evidence_considered=True,
        today=TODAY,
        channel="web",
    )
    assert Judgement.objects.filter(episode=episode).count() == 1


def test_panel_needs_informal_enquiries_first(officer):
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 1))
    with pytest.raises(TransitionRefused):
        judgement_record(
            by=officer,
            episode=episode,
            decided_on=date(2026, 11, 1),
            outcome="does_not_appear_suitable",
            reasons="Nothing provided",
            today=TODAY,
            channel="web",
        )
    assert not Judgement.objects.exists()
    assert not UnsuitablePeriod.objects.exists()


def test_not_yet_satisfied_requests_information_with_a_reply_date(officer):
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2025, 9, 1))
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 11, 2),
        outcome="not_yet_satisfied",
        reasons="Little on numeracy",
        what_would_help="Examples of maths work",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    request = InformationRequest.objects.get(episode=episode)
    assert episode.status == "information_requested"
    assert request.reply_by == date(2026, 11, 30)
    assert (episode.next_due_kind, episode.next_due_on) == ("information_reply", date(2026, 11, 30))


def test_unsuitable_judgement_counts_the_child_as_cme_until_resolved(officer):
    episode = EHEEpisodeFactory(status="information_requested", start_date=date(2026, 1, 5))
    InformationRequest.objects.create(
        episode=episode,
        requested_on=date(2026, 8, 1),
        what_would_help="A timetable",
        reply_by=date(2026, 8, 29),
        requested_by=officer,
    )
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 10, 1),
        outcome="does_not_appear_suitable",
        reasons="No evidence of education",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "panel"
    child = episode.child_id
    assert status_on(child, date(2026, 9, 30)) == {"ehe": True, "cme": None}
    assert status_on(child, date(2026, 10, 1)) == {"ehe": False, "cme": "unsuitable_ehe"}
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 11, 10),
        outcome="appears_suitable",
        reasons="Panel satisfied after new evidence",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "suitable"
    assert status_on(child, date(2026, 11, 10))["cme"] is None
    # The past is unchanged: a return re-run for October still counts the child as CME.
    assert status_on(child, date(2026, 10, 15)) == {"ehe": False, "cme": "unsuitable_ehe"}
    assert status_on(child, date(2026, 11, 10)) == {"ehe": True, "cme": None}


def test_information_request_from_suitable_moves_the_case(officer):
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2025, 9, 1))
    information_request_create(
        by=officer,
        episode=episode,
        requested_on=date(2026, 11, 1),
        what_would_help="A timetable",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.status == "information_requested"


def test_child_known_to_social_care_becoming_ehe_alerts_a_manager(officer):
    episode = open_ehe(officer, csc="cpp")
    alert = Alert.objects.get()
    assert (alert.kind, alert.episode, alert.acknowledged_at) == ("csc_child_ehe", episode, None)


def test_no_alert_for_a_child_not_known_to_social_care(officer):
    open_ehe(officer)
    assert not Alert.objects.exists()


def test_two_open_cases_of_one_kind_are_refused(officer):
    episode = open_ehe(officer)
    with pytest.raises(ServiceError) as error:
        episode_open(
            by=officer,
            child=episode.child,
            kind="ehe",
            start_date=TODAY,
            today=TODAY,
            channel="web",
        )
    assert "kind" in error.value.errors
    assert Episode.objects.filter(child=episode.child).count() == 1


def test_every_change_is_audited_with_ids_only(officer):
    episode = open_ehe(officer)
    contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 11, 5),
        outcome="completed",
        today=TODAY,
        channel="web",
    )
    entries = AuditEntry.objects.filter(child_id=episode.child_id)
    assert {e.action for e in entries} >= {"create", "transition"}
    assert all(e.actor == officer for e in entries)
    assert not any("Robin" in e.detail or "Example" in e.detail for e in entries)


def test_contact_in_the_future_is_refused_and_saves_nothing(officer):
    episode = open_ehe(officer)
    with pytest.raises(ServiceError) as error:
        contact_record(
            by=officer,
            episode=episode,
            contact_type="phone",
            occurred_on=TODAY + timedelta(days=1),
            outcome="completed",
            today=TODAY,
            channel="web",
        )
    assert "occurred_on" in error.value.errors
    assert not Contact.objects.exists()


def test_childs_views_need_the_parents_consent(officer):
    episode = open_ehe(officer)
    with pytest.raises(ServiceError) as error:
        contact_record(
            by=officer,
            episode=episode,
            contact_type="home_visit",
            occurred_on=date(2026, 11, 5),
            outcome="completed",
            child_seen=True,
            child_views="Enjoys the science projects",
            today=TODAY,
            channel="web",
        )
    assert "parent_consented_to_views" in error.value.errors
    assert not Contact.objects.exists()


def test_daily_refresh_is_idempotent(officer):
    open_ehe(officer)
    EHEEpisodeFactory(status="suitable", start_date=date(2025, 2, 3))
    assert refresh_due_dates(today=TODAY) >= 1
    assert refresh_due_dates(today=TODAY) == 0


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("report.exe", b"MZ\x90\x00", "must be one of"),
        ("report.pdf", b"not really a pdf", "not a real PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    officer, settings, tmp_path, name, content, problem
):
    settings.MEDIA_ROOT = tmp_path
    child = ChildFactory()
    with pytest.raises(ServiceError) as error:
        document_upload(
            by=officer,
            child=child,
            document_type="parent_report",
            uploaded_file=SimpleUploadedFile(name, content),
            channel="web",
        )
    assert problem in error.value.errors["file"]
    assert not any(tmp_path.rglob("*"))


def test_upload_is_stored_under_an_opaque_name(officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    child = ChildFactory()
    document = document_upload(
        by=officer,
        child=child,
        document_type="parent_report",
        uploaded_file=SimpleUploadedFile("Robin report.pdf", b"%PDF-1.7 x"),
        channel="web",
    )
    assert document.original_name == "Robin report.pdf"
    assert "Robin" not in document.file.name
    assert document.size == 10 and len(document.sha256) == 64


def test_oversized_upload_is_refused(officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    row = CaseworkSettings.current()
    row.max_upload_megabytes = 1
    row.save()
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    with pytest.raises(ServiceError) as error:
        document_upload(
            by=officer,
            child=ChildFactory(),
            document_type="work_sample",
            uploaded_file=big,
            channel="web",
        )
    assert "smaller than 1 MB" in error.value.errors["file"]


def test_dated_history_answers_as_at_questions(officer):
    episode = open_ehe(officer, sen="sen_support", start=date(2026, 1, 5))
    child_sen_status_set(
        by=officer,
        child=episode.child,
        status="ehcp",
        valid_from=date(2026, 6, 1),
        today=TODAY,
        channel="web",
    )
    history = ChildSENStatus.objects.filter(child=episode.child)
    assert history.as_at(date(2026, 5, 31)).get().status == "sen_support"
    assert history.as_at(date(2026, 6, 1)).get().status == "ehcp"
    assert not ChildCSCStatus.objects.filter(child=episode.child).exclude(status="none").exists()
