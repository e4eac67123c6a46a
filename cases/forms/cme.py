"""Forms for children missing education: the referral (search first, then a known or a new
child), a reasonable enquiry, closing a CME case, and correcting a case's DfE reason."""

from django import forms

from policy.guards import CME_CLOSURE_NOTES_REQUIRED, LOST_PUPIL_ITEM
from policy.vocab import (
    CASE_SOURCES,
    CME_ENQUIRY_ITEMS,
    CME_REASONS,
    CSC_STATUS,
)
from policy.workflow import REASONS_BY_KIND, EpisodeKind

from ..models import CaseworkSettings
from ..selectors.cme import HOME_VISIT_ITEM
from ..services.cme_intake import REFERRAL_SOURCES, REFERRED_BY_MAX
from .child import CloseForm
from .child_fields import (
    GovDateField,
    VersionedForm,
    YesNoField,
    checkbox,
    long_text,
    radios,
    select,
)
from .child_records import AddressFields, ChildDetailsFields

NEW_CHILD = "new"


class ReferralSearchForm(forms.Form):
    """Look for the child among those the team knows before entering a new one. Posted, so no
    name or date of birth is ever put in an address."""

    name = forms.CharField(
        label="Child's name",
        max_length=100,
        required=False,
        help_text="First, last or preferred name, or part of one",
        widget=forms.TextInput(attrs={"class": "govuk-input", "autocomplete": "off"}),
    )
    date_of_birth = GovDateField(
        label="Date of birth",
        required=False,
        error_name="The date of birth",
        help_text="For example, 17 5 2014",
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("name", "").strip() or data.get("date_of_birth")):
            raise forms.ValidationError("Enter the child's name or date of birth to search")
        return data


class ReferralChoiceForm(forms.Form):
    """Which child the referral is about: one found by the search, or a new one."""

    child = radios(
        [],
        label="Which child is the referral about?",
        error_messages={"required": "Choose the child, or choose to enter a new child"},
    )

    def __init__(self, *args, children, blocked: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.blocked = blocked
        choices = [
            (str(child.uid), f"{child.legal_name}, born {child.date_of_birth:%-d %B %Y}")
            for child in children
        ]
        choices.append((NEW_CHILD, "None of these: enter a new child"))
        self.fields["child"].choices = choices
        self.fields["child"].widget.hints = blocked

    def clean_child(self):
        chosen = self.cleaned_data["child"]
        if chosen in self.blocked:
            raise forms.ValidationError(
                "This child already has an open missing education case. Record what the "
                "referral tells you on that case."
            )
        return chosen


class ReferralForm(forms.Form):
    """The referral itself, for a child the team already knows."""

    source = forms.ChoiceField(
        label="Who made the referral?",
        choices=[("", "Choose")]
        + [(code, label) for code, label in CASE_SOURCES.choices if code in REFERRAL_SOURCES],
        widget=select(),
        error_messages={"required": "Choose who made the referral"},
    )
    referred_by = forms.CharField(
        label="Who referred the child, and how to reach them",
        max_length=REFERRED_BY_MAX,
        widget=forms.TextInput(attrs={"class": "govuk-input", "autocomplete": "off"}),
        help_text="For example, their name, role or organisation, and phone number",
        error_messages={"required": "Say who referred the child and how to reach them"},
    )
    start_date = GovDateField(
        label="Missing education from",
        error_name="The date the child was missing education from",
        help_text="The date the child was known to be of compulsory school age, living in our "
        "area and not on a school roll",
    )
    primary_reason = forms.ChoiceField(
        label="DfE reason the child is missing education",
        choices=[("", "Choose a reason")] + list(CME_REASONS.choices),
        widget=select(),
        help_text="Choose 'Not recorded' only if the referral gives no reason",
        error_messages={"required": "Choose the DfE reason the child is missing education"},
    )
    notes = long_text(
        "Notes (optional)",
        help_text="What the referral says about where the child might be",
    )
    safeguarding_concern = YesNoField(
        label="Is there a safeguarding concern about the child?",
        error_messages={"required": "Say whether there is a safeguarding concern"},
    )
    safeguarding_details = long_text(
        "Details of the concern",
        help_text="Needed if you answered yes. A manager is alerted and the child must be "
        "referred to children's social care straight away.",
    )

    referral_fields = (
        "source",
        "referred_by",
        "start_date",
        "primary_reason",
        "notes",
        "safeguarding_concern",
        "safeguarding_details",
    )
    sections: tuple = (("The referral", referral_fields),)

    def section_fields(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def clean(self):
        data = super().clean()
        if data.get("safeguarding_concern") and not data.get("safeguarding_details", "").strip():
            self.add_error("safeguarding_details", "Describe the safeguarding concern")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.referral_fields}


class NewChildReferralForm(ChildDetailsFields, AddressFields, ReferralForm):
    """The referral of a child the team does not know yet: who the child is, where they were
    last known to live, and whether social care know them."""

    csc_status = radios(
        CSC_STATUS.choices,
        label="Is the child known to children's social care?",
        initial="none",
        hints={
            "cpp": "A manager is alerted; refer to children's social care straight away.",
            "cla": "A manager is alerted; refer to children's social care straight away.",
        },
        error_messages={"required": "Choose whether the child is known to children's social care"},
    )

    sections = (
        (
            "The child",
            (
                "legal_first_name",
                "legal_middle_names",
                "legal_last_name",
                "preferred_name",
                "date_of_birth",
                "sex",
                "upn",
                "csc_status",
            ),
        ),
        ("Last known address", ("line_1", "line_2", "town", "postcode", "in_area")),
        ("The referral", ReferralForm.referral_fields),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line_1"].error_messages["required"] = (
            "Enter the first line of the child's last known address"
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return super().service_arguments() | {
            "new_child": {
                "legal_first_name": data["legal_first_name"],
                "legal_middle_names": data["legal_middle_names"],
                "legal_last_name": data["legal_last_name"],
                "preferred_name": data["preferred_name"],
                "date_of_birth": data["date_of_birth"],
                "sex": data["sex"],
                "upn": data["upn"],
                "csc_status": data["csc_status"],
                "address": self.address(),
            }
        }


class EnquiryForm(forms.Form):
    item = radios(
        CME_ENQUIRY_ITEMS.choices,
        hints={LOST_PUPIL_ITEM: "Needed before a case can be closed as untraced."},
        small=True,
        label="Which enquiry was made?",
        error_messages={"required": "Choose which enquiry was made"},
    )
    made_on = GovDateField(label="Date of the enquiry", error_name="The date of the enquiry")
    outcome = long_text(
        "What did the enquiry find?",
        required=True,
        error_name="What the enquiry found",
        help_text="For example, who you spoke to and what they said",
        error_messages={"required": "Say what the enquiry found"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The administrator's timescale, the same one the case's due date is worked out from.
        days = CaseworkSettings.current().cme_home_visit_working_days
        self.fields["item"].widget.hints = self.fields["item"].widget.hints | {
            HOME_VISIT_ITEM: f"Practice is to visit within {days} working "
            f"day{'' if days == 1 else 's'} of the referral.",
        }


class CMECloseForm(CloseForm):
    """Closing a CME case with its DfE closure outcome (DOMAIN §5.3), with the checks that
    belong to particular outcomes. The shared closing service stays general."""

    # Outcomes whose record is the notes: which council (§5.3 "recorded: which"), and the
    # evidence that the child left the country.
    NOTES_REQUIRED = CME_CLOSURE_NOTES_REQUIRED
    confirm_untraced = checkbox(
        "I am closing the case as untraced without these enquiries recorded",
    )

    def __init__(self, *args, items_not_made: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.items_not_made = items_not_made
        self.lost_pupil_missing = any(code == LOST_PUPIL_ITEM for code, _ in items_not_made)
        self.fields["closure_notes"].help_text = (
            "Required for 'On roll or resident in another council area' (which council) and "
            "for 'Left the country' (the evidence)."
        )
        self.fields["closure_reason"].widget.hints = {
            "ehe": "A home education case is opened and linked to this one.",
            "untraced": "Only once the school-to-school lost pupil database upload is recorded.",
        }
        if not [code for code, _ in items_not_made if code != LOST_PUPIL_ITEM]:
            del self.fields["confirm_untraced"]

    def clean(self):
        data = super().clean()
        reason = data.get("closure_reason")
        if reason in self.NOTES_REQUIRED and not data.get("closure_notes", "").strip():
            self.add_error("closure_notes", self.NOTES_REQUIRED[reason])
        if reason == "untraced":
            # Enforced: DOMAIN §5.3 says an untraced child is uploaded to the lost-pupil
            # database. Warned: the other enquiries may not all be reasonable for every child
            # (docs/decisions/0006-cme-closure.md).
            if self.lost_pupil_missing:
                self.add_error(
                    "closure_reason",
                    "Record the upload to the school-to-school lost pupil database before "
                    "closing the case as untraced",
                )
            elif "confirm_untraced" in self.fields and not data.get("confirm_untraced"):
                self.add_error(
                    "confirm_untraced",
                    "Confirm that you are closing the case without the enquiries listed",
                )
        return data


class ReasonForm(VersionedForm):
    primary_reason = forms.ChoiceField(
        label="DfE reason",
        widget=select(),
        error_messages={"required": "Choose a DfE reason"},
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        vocabulary = REASONS_BY_KIND[EpisodeKind(kind)]
        self.fields["primary_reason"].choices = list(vocabulary.choices)
