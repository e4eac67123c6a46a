"""Free text has a limit wherever it is typed and wherever it lands: the forms count down to
it (GOV.UK's character count) and refuse past it with the text kept in the box; the services
refuse past it for every path, so the API says which field and why, and nothing is saved."""

import importlib
import inspect
import pkgutil
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from rest_framework.test import APIClient

import cases.forms
from cases.forms.child import JudgementForm
from cases.models import CMEEnquiry, Contact, EpisodeEvent, Judgement, SafeguardingConcern
from cases.services import (
    ServiceError,
    contact_record,
    episode_transition,
    judgement_record,
    post16_advice_record,
    safeguarding_concern_raise,
)
from cases.services.cme import cme_enquiry_record
from ehe.roles import Role
from policy.text import LONG_TEXT, too_long
from tests.cases.conftest import TODAY
from tests.cases.factories import ChildFactory, CMEEpisodeFactory
from tests.cases.test_child_forms import contact_data
from tests.cases.test_child_views import case_in_enquiry, case_url, signed_in, text_of

pytestmark = pytest.mark.django_db

OVER = "A" * (LONG_TEXT + 1)
NOTES_TOO_LONG = "Notes must be 5,000 characters or fewer"


@pytest.fixture(autouse=True)
def frozen_today():
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


def all_form_classes():
    for module_info in pkgutil.iter_modules(cases.forms.__path__):
        module = importlib.import_module(f"cases.forms.{module_info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


# Not typed: the child's opaque id, chosen with radios on the match screen.
NOT_FREE_TEXT = {"MatchChoiceForm.choice"}


def test_every_free_text_field_on_every_form_has_a_limit():
    unlimited = [
        f"{cls.__name__}.{name}"
        for cls in all_form_classes()
        for name, field in cls.base_fields.items()
        if f"{cls.__name__}.{name}" not in NOT_FREE_TEXT
        and isinstance(field, forms.CharField)
        and isinstance(field.widget, forms.Textarea | forms.TextInput)
        and not isinstance(field.widget, forms.PasswordInput)
        and field.max_length is None
    ]
    assert unlimited == []


def test_the_judgement_considerations_added_per_form_have_a_limit_too():
    form = JudgementForm(outcomes=["appears_suitable"], declined_visit=False)
    notes = [form.fields[name] for name in form.consideration_fields]
    assert notes and all(field.max_length == LONG_TEXT for field in notes)


def test_a_textarea_is_a_gov_uk_character_count_and_no_box_cuts_text_off(client, officer):
    episode = case_in_enquiry(officer)
    html = text_of(signed_in(client, officer).get(case_url("child-contact-new", episode)))
    assert (
        '<div class="govuk-form-group govuk-character-count" data-module="govuk-character-count"'
        ' data-maxlength="5000">'
    ) in html
    assert 'aria-describedby="id_notes-info"' in html
    assert 'class="govuk-textarea govuk-js-character-count"' in html
    assert (
        '<div id="id_notes-info" class="govuk-hint govuk-character-count__message">'
        "You can enter up to 5,000 characters</div>"
    ) in html
    # A field with a hint is described by the count and then the hint, as GOV.UK does it.
    assert 'aria-describedby="id_child_views-info id_child_views_helptext"' in html
    assert " maxlength=" not in html


def test_an_over_long_entry_is_refused_and_kept_in_the_box(client, officer):
    episode = case_in_enquiry(officer)
    before = Contact.objects.count()
    kept = "Long visit notes. " * 300  # 5,400 characters
    response = signed_in(client, officer).post(
        case_url("child-contact-new", episode), contact_data(notes=kept, present="B" * 301)
    )
    html = text_of(response)
    assert response.status_code == 200
    assert f'<a href="#id_notes">{NOTES_TOO_LONG}</a>' in html
    assert "Who was present (optional)" in html
    assert kept.strip() in html  # what was typed is still there
    assert 'value="' + "B" * 301 + '"' in html
    assert Contact.objects.count() == before


def test_line_breaks_count_once_as_the_character_count_counts_them(client, officer):
    episode = case_in_enquiry(officer)
    lines = "\r\n".join(["x" * 99] * 50)  # 4,950 characters and 49 line breaks: 4,999
    response = signed_in(client, officer).post(
        case_url("child-contact-new", episode), contact_data(notes=lines)
    )
    assert response.status_code == 302
    assert Contact.objects.filter(notes=lines.replace("\r\n", "\n")).count() == 1


def test_contact_service_refuses_every_over_long_field_at_once(officer):
    episode = case_in_enquiry(officer)
    before = Contact.objects.count()
    with pytest.raises(ServiceError) as error:
        contact_record(
            by=officer,
            episode=episode,
            contact_type="home_visit",
            occurred_on=date(2026, 11, 18),
            outcome="completed",
            present="P" * 301,
            child_seen=True,
            child_views=OVER,
            parent_consented_to_views=True,
            notes=OVER,
            today=TODAY,
            channel="web",
        )
    assert error.value.errors == {
        "present": "Who was present must be 300 characters or fewer",
        "child_views": "The child's views must be 5,000 characters or fewer",
        "notes": NOTES_TOO_LONG,
    }
    assert Contact.objects.count() == before


def test_every_casework_service_refuses_over_long_text(officer):
    episode = case_in_enquiry(officer)
    refusals = {
        "judgement": lambda: judgement_record(
            by=officer,
            episode=episode,
            decided_on=TODAY,
            outcome="not_yet_satisfied",
            reasons=OVER,
            what_would_help=OVER,
            consideration_notes={"physical": OVER},
            today=TODAY,
            channel="web",
        ),
        "transition": lambda: episode_transition(
            by=officer,
            episode=episode,
            to="suitable",
            on=TODAY,
            reason=OVER,
            today=TODAY,
            channel="web",
        ),
        "post16": lambda: post16_advice_record(
            by=officer, episode=episode, on=TODAY, notes=OVER, today=TODAY, channel="web"
        ),
        "safeguarding": lambda: safeguarding_concern_raise(
            by=officer,
            child=episode.child,
            raised_on=TODAY,
            details=OVER,
            today=TODAY,
            channel="web",
        ),
        "enquiry": lambda: cme_enquiry_record(
            by=officer,
            episode=CMEEpisodeFactory(child=ChildFactory()),
            item="home_visit",
            made_on=TODAY,
            outcome=OVER,
            today=TODAY,
            channel="web",
        ),
    }
    expected = {
        "judgement": {"reasons", "what_would_help", "consideration_notes"},
        "transition": {"reason"},
        "post16": {"notes"},
        "safeguarding": {"details"},
        "enquiry": {"outcome"},
    }
    events = EpisodeEvent.objects.count()
    for name, attempt in refusals.items():
        with pytest.raises(ServiceError) as error:
            attempt()
        assert set(error.value.errors) == expected[name], name
        assert all("5,000 characters or fewer" in m for m in error.value.errors.values())
    assert EpisodeEvent.objects.count() == events
    assert not Judgement.objects.exists()
    assert not SafeguardingConcern.objects.exists()
    assert not CMEEnquiry.objects.exists()
    episode.refresh_from_db()
    assert (episode.status, episode.post16_advice_done_on) == ("informal_enquiry", None)


def test_exactly_at_the_limit_is_accepted(officer):
    episode = case_in_enquiry(officer)
    contact = contact_record(
        by=officer,
        episode=episode,
        contact_type="home_visit",
        occurred_on=date(2026, 11, 18),
        outcome="completed",
        notes="N" * LONG_TEXT,
        today=TODAY,
        channel="web",
    )
    assert len(contact.notes) == LONG_TEXT


def test_the_api_refuses_over_long_text_naming_the_field(make_user):
    api = APIClient()
    api.force_login(make_user(Role.OFFICER))
    episode = case_in_enquiry(make_user(Role.OFFICER))
    before = Contact.objects.count()
    response = api.post(
        "/api/v1/contacts/",
        {
            "episode": str(episode.uid),
            "contact_type": "home_visit",
            "occurred_on": "2026-11-18",
            "outcome": "completed",
            "notes": OVER,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"notes": [NOTES_TOO_LONG]}}
    assert Contact.objects.count() == before


def test_the_wording_is_gov_uk_s():
    assert too_long("the child's views", 5000) == (
        "The child's views must be 5,000 characters or fewer"
    )


def test_a_cme_referral_names_its_own_fields_when_text_is_too_long(officer):
    from cases.services.cme_intake import cme_referral_register
    from tests.cases.test_cme_intake import referral

    child = ChildFactory(date_of_birth=date(2015, 3, 4))
    with pytest.raises(ServiceError) as error:
        cme_referral_register(
            by=officer,
            child=child,
            today=TODAY,
            **referral(notes=OVER, safeguarding_concern=True, safeguarding_details=OVER),
            channel="web",
        )
    assert error.value.errors == {
        "notes": NOTES_TOO_LONG,
        "safeguarding_details": "Safeguarding details must be 5,000 characters or fewer",
    }
    assert not child.episodes.exists()
