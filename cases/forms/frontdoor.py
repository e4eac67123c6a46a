"""Forms for the council's side of the front door: the triage filter, matching a school's
return to a child, and a manager's consent decision."""

import uuid
from datetime import date

from django import forms

from policy.upn import upn_error

from ..models import Child
from ..selectors import children_visible_to
from ..selectors.frontdoor import TRIAGE_TYPES
from .child_fields import GovDateField, GovRadioSelect, text_input, textarea

NEW_CHILD = "new"


class TriageFilterForm(forms.Form):
    """The queue's one filter, from the query string. An unknown type shows everything."""

    type = forms.ChoiceField(choices=list(TRIAGE_TYPES.items()), required=False)

    def types(self) -> frozenset[str] | None:
        if self.is_valid() and self.cleaned_data["type"]:
            return frozenset({self.cleaned_data["type"]})
        return None

    def chosen(self) -> str:
        return self.cleaned_data.get("type", "") if self.is_valid() else ""


class MatchChoiceForm(forms.Form):
    """Which child the return is about: one the officer can see, or a new record. The choice
    is posted as the child's opaque id, never a name or date of birth."""

    choice = forms.CharField(
        required=True,
        error_messages={
            "required": "Choose the child this return is about, or none of these to create a "
            "new record"
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_choice(self) -> Child | None:
        value = self.cleaned_data["choice"].strip()
        if value == NEW_CHILD:
            return None
        try:
            uid = uuid.UUID(value)
        except ValueError:
            raise forms.ValidationError("Choose one of the children listed") from None
        child = children_visible_to(self.user).filter(uid=uid).first()
        if child is None:
            raise forms.ValidationError("That child could not be found. Search again.")
        return child


class MatchSearchForm(forms.Form):
    """Look for another candidate: by UPN, or by name and date of birth together. Posted, so
    nothing identifying reaches an address or a log."""

    search_upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=20,
        required=False,
        widget=text_input("20", autocomplete="off", spellcheck="false"),
    )
    search_name = forms.CharField(
        label="Name",
        max_length=100,
        required=False,
        help_text="First, last or preferred name, or part of one",
        widget=text_input(autocomplete="off"),
    )
    search_dob = GovDateField(label="Date of birth", required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_search_upn(self) -> str:
        upn = "".join(self.cleaned_data["search_upn"].split()).upper()
        if upn and (problem := upn_error(upn)):
            raise forms.ValidationError(problem)
        return upn

    def clean_search_dob(self):
        born = self.cleaned_data["search_dob"]
        if born and born >= self.today:
            raise forms.ValidationError("Date of birth must be in the past")
        return born

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        name = cleaned.get("search_name", "").strip()
        born = cleaned.get("search_dob")
        if cleaned.get("search_upn"):
            return cleaned
        # A name alone (or a date alone) finds too many children to choose from safely.
        if not name and not born:
            self.add_error("search_upn", "Enter a UPN, or a name and a date of birth")
        elif not born:
            self.add_error("search_dob", "Enter the date of birth to search with the name")
        elif not name:
            self.add_error("search_name", "Enter the name to search with the date of birth")
        return cleaned


class ConsentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("granted", "Give consent"), ("refused", "Refuse consent")],
        widget=GovRadioSelect(
            hints={
                "granted": "The school may remove the pupil. A home education case is opened.",
                "refused": "The pupil stays on roll. The school is told, with your reasons.",
            }
        ),
        error_messages={"required": "Choose whether to give or refuse consent"},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="These are sent to the school. A refusal can be referred to the Secretary "
        "of State, so say what the decision rests on.",
        widget=textarea(6),
        max_length=5000,
        error_messages={"required": "Give the reasons for the decision"},
    )
