"""The error summary: every error at once, in the order the page shows the fields (section by
section, date boxes and radios included), each linked to the control it is about; and a
service's refusal shows every field it names."""

import re
from datetime import date

import pytest
from django import forms
from django.urls import reverse

from cases.forms.child_fields import GovDateField, radios
from cases.models import Child, Contact, Judgement
from cases.services import ServiceError
from cases.views.common import apply_service_error
from ehe.templatetags.gov_forms import date_parts_at_fault, error_summary_items
from tests.cases.test_child_forms import contact_data, judgement_data
from tests.cases.test_child_records import register_data
from tests.cases.test_child_views import (
    case_in_enquiry,
    case_url,
    date_fields,
    frozen_today,  # noqa: F401  (autouse fixture: today is TODAY)
    signed_in,
    text_of,
)

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)
LINK = re.compile(r'<li><a href="#([^"]+)">([^<]+)</a></li>')


def summary(response) -> list[tuple[str, str]]:
    """(anchor, message) for each error, in the order the summary lists them."""
    found = SUMMARY.search(text_of(response))
    assert found, "no error summary"
    return LINK.findall(found.group(1))


def test_a_form_in_sections_lists_its_errors_in_the_pages_order(client, officer):
    response = signed_in(client, officer).post(
        reverse("child-register"),
        register_data(
            legal_first_name="",
            date_of_birth_month="",
            sex="",
            postcode="",
            source="",
            parent_last_name="",
            relationship="",
        ),
    )
    assert response.status_code == 200
    assert summary(response) == [
        ("id_legal_first_name", "Enter the child&#x27;s legal first name"),
        ("id_date_of_birth_1", "The date of birth must include a month"),
        ("id_sex_0", "Choose the child&#x27;s sex, or Unknown"),
        ("id_postcode", "Enter the postcode"),
        ("id_source", "Choose how the council learned of this child"),
        ("id_parent_last_name", "Enter the parent&#x27;s or carer&#x27;s last name"),
        ("id_relationship", "Choose how the parent or carer is related to the child"),
    ]
    html = text_of(response)
    # Only the box at fault is marked: the month, not the day or year.
    assert re.search(r'class="[^"]*govuk-input--error[^"]*" id="id_date_of_birth_1"', html)
    assert not re.search(r'class="[^"]*govuk-input--error[^"]*" id="id_date_of_birth_0"', html)
    assert "Error: Add a child" in html  # the page title says so too
    assert not Child.objects.exists()


def test_the_judgement_form_lists_errors_as_its_page_lays_the_fields_out(client, officer):
    episode = case_in_enquiry(officer)
    response = signed_in(client, officer).post(
        case_url("child-judgement-new", episode),
        judgement_data(
            outcome="",
            evidence_considered="E" * 5001,
            **date_fields("decided_on", None),
            reply_by_day="31",
            reply_by_month="2",
            reply_by_year="2027",
            next_contact_due_on_year="27",
            next_contact_due_on_day="1",
            next_contact_due_on_month="3",
        ),
    )
    anchors = [anchor for anchor, _message in summary(response)]
    assert anchors == [
        "id_outcome_0",
        "id_decided_on_0",
        "id_reply_by_0",
        "id_evidence_considered",
        "id_next_contact_due_on_2",  # the year box: it is the year that is wrong
    ]
    assert not Judgement.objects.exists()


def test_every_field_a_service_names_is_shown_at_once_in_page_order(client, officer):
    episode = case_in_enquiry(officer)
    before = Contact.objects.count()
    # The form is happy; the service refuses three things: a date before the case started,
    # the child's views without the child seen, and without the parent's consent.
    response = signed_in(client, officer).post(
        case_url("child-contact-new", episode),
        contact_data(
            child_seen="no",
            child_views="Would like to do more art",
            **date_fields("occurred_on", date(2026, 9, 1)),
        ),
    )
    assert summary(response) == [
        ("id_occurred_on_0", "The date must be on or after the date the case started"),
        ("id_child_seen_0", "The child&#x27;s views can only be recorded if the child was seen"),
        (
            "id_parent_consented_to_views",
            "Record that the parent consented before recording the child&#x27;s views",
        ),
    ]
    assert "Would like to do more art" in text_of(response)
    assert Contact.objects.count() == before


class Example(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    when = GovDateField(label="When", error_name="The date")
    choice = radios([("a", "A"), ("b", "B")], label="Choice")
    reason = forms.CharField(label="Reason", required=False)


def test_a_service_error_lands_on_the_field_that_asked_even_under_another_name():
    form = Example(data={"token": "t", "when_day": "1", "when_month": "2", "when_year": "2026"})
    assert not form.is_valid()  # the choice is missing
    apply_service_error(
        form,
        ServiceError({"primary_reason": "Not a reason", "other": "Whole form", "": "Also"}),
        {"primary_reason": "reason"},
    )
    assert form.errors["reason"] == ["Not a reason"]
    assert form.non_field_errors() == ["Whole form", "Also"]
    items = error_summary_items(form)
    # Errors of the whole form first, linked to the first field; then the fields in order.
    assert items == [
        {"text": "Whole form", "href": "#id_when_0"},
        {"text": "Also", "href": "#id_when_0"},
        {"text": "This field is required.", "href": "#id_choice_0"},
        {"text": "Not a reason", "href": "#id_reason"},
    ]


def test_an_error_on_a_hidden_field_is_listed_without_a_link():
    form = Example(data={"when_day": "1", "when_month": "2", "when_year": "2026", "choice": "a"})
    assert not form.is_valid()
    assert error_summary_items(form) == [{"text": "This field is required.", "href": ""}]


@pytest.mark.parametrize(
    ("parts", "at_fault"),
    [
        (("", "", ""), [0, 1, 2]),
        (("3", "", "2026"), [1]),
        (("", "", "2026"), [0, 1]),
        (("3", "x", "2026"), [1]),
        (("3", "4", "26"), [2]),
        (("31", "2", "2026"), [0, 1, 2]),
    ],
)
def test_the_date_boxes_at_fault(parts, at_fault):
    day, month, year = parts
    form = Example(data={"when_day": day, "when_month": month, "when_year": year})
    form.is_valid()
    field = form["when"]
    assert field.errors
    assert date_parts_at_fault(field) == at_fault
