"""Forms for the council's side of the front door: the triage filter, matching a school's
return to a child and choosing which of the school's details to keep, a question to the
school, and a manager's consent decision."""

import uuid
from datetime import date

from django import forms

from policy.frontdoor import CONSENT_ARRANGED_BY
from policy.upn import upn_error

from ..models import Child
from ..selectors import children_visible_to
from ..selectors.frontdoor import TRIAGE_TYPES
from ..selectors.frontdoor_details import ADDRESS, PARENT_NEW, Difference
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


class DetailsForm(forms.Form):
    """One choice for each way the school's details differ from the child's record: use the
    school's, or keep the record's. Field names are the differences' keys."""

    def __init__(self, *args, differences: list[Difference], **kwargs):
        super().__init__(*args, **kwargs)
        self.differences = differences
        for difference in differences:
            if difference.what == PARENT_NEW:
                choices = [
                    ("accept", "Add them to the child's record"),
                    ("keep", "Do not add them"),
                ]
                hints = {"accept": f"The school sent: {difference.school}"}
            else:
                choices = [("accept", "Use the school's"), ("keep", "Keep the record's")]
                hints = {
                    "accept": f"The school sent: {difference.school}",
                    "keep": f"The record holds: {difference.record}",
                }
            self.fields[difference.key] = forms.ChoiceField(
                label=difference.label,
                choices=choices,
                widget=GovRadioSelect(hints=hints),
                error_messages={"required": f"Choose what to do about: {difference.label}"},
            )

    def decisions(self) -> dict[str, str]:
        return {d.key: self.cleaned_data[d.key] for d in self.differences}

    @property
    def offers_an_address(self) -> bool:
        return any(d.what == ADDRESS for d in self.differences)


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question for the school",
        help_text="The school sees this on its return and can answer it. Ask one clear "
        "question, in plain words. Do not put anything here the school should not know.",
        widget=textarea(5),
        max_length=5000,
        error_messages={"required": "Enter your question for the school"},
    )


class ConsentDecisionForm(forms.Form):
    """A manager's decision. Which answers are needed depends on whose consent it is; the
    service says what is missing, so the screen and the API agree."""

    arranged_by = forms.ChoiceField(
        label="Which council arranged the pupil's place?",
        choices=list(CONSENT_ARRANGED_BY.choices),
        widget=GovRadioSelect(
            hints={
                "this_council": "The consent is ours to give or refuse.",
                "other_council": "The consent is theirs. The return is passed to them and the "
                "school is told.",
            }
        ),
        required=False,
    )
    arranged_by_council = forms.CharField(
        label="Name of the other council",
        help_text="Only if another council arranged the place. For example, Northbrook "
        "Borough Council",
        max_length=100,
        required=False,
        widget=text_input(),
    )
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("granted", "Give consent"), ("refused", "Refuse consent")],
        widget=GovRadioSelect(
            hints={
                "granted": "The school may remove the pupil. A home education case is opened "
                "from the deletion date.",
                "refused": "The pupil stays on roll. The school is told of your decision, "
                "with your reasons.",
            }
        ),
        required=False,
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="These are sent to the school. A refusal can be referred to the Secretary "
        "of State, so say what the decision rests on. For a place another council arranged, "
        "add any notes for the record.",
        widget=textarea(6),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, kind: str = "special_school", **kwargs):
        super().__init__(*args, **kwargs)
        if kind != "special_school":
            # Consent under s434A is always ours: no place was arranged.
            del self.fields["arranged_by"]
            del self.fields["arranged_by_council"]
