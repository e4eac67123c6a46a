"""The school's deletion-return journey, one form per question page (GOV.UK "one thing per
page", grouped where the answers belong together).

The forms check what a school can fix on the page where it is asked (a UPN's check letter, a
date in the future); the service (``deletion_return_submit``) checks the whole return again
when it is sent, and any problem it finds is shown against the step that asked for it.
"""

from datetime import date, timedelta

from django import forms
from django.forms import formset_factory

from policy.frontdoor import (
    DAYS_AHEAD,
    deletion_date_problem,
    normalise_postcode,
    phone_problem,
    postcode_problem,
    school_age_problem,
)
from policy.upn import normalise_upn, upn_error
from policy.vocab import (
    DELETION_GROUNDS,
    RELATIONSHIPS,
    SCHOOL_NOTICE_KINDS,
    SEN_STATUS,
    SEX,
)

from .child_fields import (
    GovDateField,
    GovRadioSelect,
    YesNoField,
    radios,
    text_input,
    textarea,
)

MAX_PARENTS = 4

# Our own one-line summaries of regulation 9(1) of the School Attendance (Pupil Registration)
# (England) Regulations 2024, to help a school choose; the legal text is the regulation.
GROUND_HINTS = {
    "a": "The pupil is now registered at another school.",
    "b": "The pupil was in your nursery class and is not moving up to reception here.",
    "c": "The pupil was registered here and at another school, and that arrangement ended.",
    "d": "A school attendance order has been changed to name another school.",
    "e": "The council has revoked the school attendance order that named your school.",
    "f": "The parent has told you in writing that the child will be educated otherwise than "
    "at school. You will be asked to upload their notice.",
    "g": "The family has moved and the school is no longer within reasonable distance.",
    "h": "The pupil did not come back within 10 school days after agreed leave, and you and "
    "the council have made enquiries together.",
    "i": "The pupil has missed 20 school days in a row without permission, and you and the "
    "council have made enquiries together.",
    "j": "The pupil is detained under a court order and is not expected to come back here.",
    "k": "The pupil has died.",
    "l": "The pupil is beyond compulsory school age and is not staying on.",
    "m": "Boarding fees have not been paid (boarding schools only).",
    "n": "The pupil has left an independent or non-maintained special school.",
    "o": "The pupil has been permanently excluded and the review process has finished.",
}

KIND_HINTS = {
    "deletion": "You have removed the pupil from your admission register, or will remove "
    "them soon.",
    "considering_ehe": "The pupil is still on your roll, and a parent has told you they are "
    "thinking about home education.",
}

OPTIONAL = "(optional)"


def _text(label: str, *, max_length: int, required=True, width="", missing="", **kwargs):
    if not required:
        label = f"{label} {OPTIONAL}"
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=text_input(width),
        error_messages={"required": missing or f"Enter {label.lower()}"},
        **kwargs,
    )


class KindForm(forms.Form):
    kind = radios(
        SCHOOL_NOTICE_KINDS.choices,
        hints=KIND_HINTS,
        label="What do you need to tell the council?",
        error_messages={"required": "Choose what you need to tell the council"},
    )


class PupilForm(forms.Form):
    pupil_first_name = _text(
        "First name", max_length=100, missing="Enter the pupil's first name", width="20"
    )
    pupil_middle_names = _text("Middle names", max_length=150, required=False, width="20")
    pupil_last_name = _text(
        "Last name", max_length=100, missing="Enter the pupil's last name", width="20"
    )
    date_of_birth = GovDateField(
        label="Date of birth", help_text="For example, 27 3 2014", error_name="Date of birth"
    )
    sex = radios(
        SEX.choices,
        inline=True,
        label="Sex",
        error_messages={"required": "Choose the pupil's sex, or Unknown"},
    )
    upn = _text(
        "Unique pupil number (UPN)",
        max_length=20,
        required=False,
        width="20",
        help_text="13 characters, starting with a letter. Leave it blank if you do not know it.",
    )
    address_line_1 = _text(
        "Address line 1", max_length=120, missing="Enter the first line of the pupil's address"
    )
    address_line_2 = _text("Address line 2", max_length=120, required=False)
    town = _text("Town or city", max_length=80, width="20", missing="Enter the town or city")
    postcode = _text("Postcode", max_length=10, width="10", missing="Enter the postcode")
    sen_status = radios(
        SEN_STATUS.choices,
        label="Special educational needs",
        hints={"ehcp": "An education, health and care plan"},
        error_messages={"required": "Choose the pupil's special educational needs status"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_upn(self):
        upn = normalise_upn(self.cleaned_data["upn"])
        if upn and (problem := upn_error(upn)):
            raise forms.ValidationError(problem)
        return upn

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if not postcode:
            raise forms.ValidationError(postcode_problem(self.cleaned_data["postcode"]))
        return postcode

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born >= self.today:
            raise forms.ValidationError("Date of birth must be in the past")
        if born < self.today - timedelta(days=365 * 20):
            raise forms.ValidationError("Date of birth must be within the last 20 years")
        return born


class ParentForm(forms.Form):
    first_name = _text("First name", max_length=100, missing="Enter the parent's first name")
    last_name = _text("Last name", max_length=100, missing="Enter the parent's last name")
    relationship = forms.ChoiceField(
        label="Relationship to the pupil",
        choices=[("", "Choose")] + list(RELATIONSHIPS.choices),
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Choose the parent's relationship to the pupil"},
    )
    address = _text(
        "Address",
        max_length=300,
        missing="Enter the parent's address",
        help_text="On one line, with the postcode",
    )
    phone = _text(
        "Emergency telephone number",
        max_length=30,
        width="20",
        missing="Enter an emergency telephone number for the parent",
    )
    email = forms.EmailField(
        label=f"Email address {OPTIONAL}",
        required=False,
        max_length=254,
        widget=forms.EmailInput(
            attrs={"class": "govuk-input", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": "Enter an email address in the right form, like name@example.com"
        },
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if problem := phone_problem(phone):
            raise forms.ValidationError(problem)
        return phone


class YesNoNotKnownField(forms.TypedChoiceField):
    """Yes, no, or "I do not know", cleaned to True, False or None. For a question whose
    unknown answer the council must treat as unknown, not as "no"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", GovRadioSelect(inline=True))
        super().__init__(
            choices=[("yes", "Yes"), ("no", "No"), ("unknown", "I do not know")],
            coerce=lambda value: {"yes": True, "no": False}.get(value),
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "yes", False: "no"}.get(value, value)


class BaseParentFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": "Give at least one parent the pupil normally lives with",
        "too_many_forms": f"Give at most {MAX_PARENTS} parents",
    }


ParentFormSet = formset_factory(
    ParentForm,
    formset=BaseParentFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_PARENTS,
    validate_max=True,
)


class DeletionForm(forms.Form):
    ground = radios(
        DELETION_GROUNDS.choices,
        hints=GROUND_HINTS,
        small=True,
        label="Why was the pupil removed from the admission register?",
        help_text="Choose the ground in regulation 9(1) of the School Attendance (Pupil "
        "Registration) (England) Regulations 2024.",
        error_messages={
            "required": "Choose the ground for removing the pupil",
            "invalid_choice": "Choose one of the grounds listed",
        },
    )
    deletion_date = GovDateField(
        label="Date the pupil was, or will be, removed from the register",
        help_text=f"Today, an earlier date, or up to {DAYS_AHEAD} working days from today. "
        "For example, 16 11 2026",
        error_name="The deletion date",
    )
    destination_known = YesNoField(
        label="Do you know where the pupil is going?",
        error_messages={"required": "Say whether you know where the pupil is going"},
    )
    destination_school_name = _text("Name of the new school", max_length=200, required=False)
    destination_school_urn = _text(
        "New school's URN",
        max_length=6,
        required=False,
        width="10",
        help_text="6 digits, from Get Information about Schools",
    )
    destination_local_authority = _text(
        "Local authority the pupil is moving to", max_length=100, required=False
    )
    destination_in_area = YesNoField(
        label=f"Is the pupil staying in this council's area? {OPTIONAL}", required=False
    )
    future_address = _text("Future address", max_length=300, required=False)
    placed_by_council = YesNoNotKnownField(
        label="Did a council arrange the pupil's place at your school?",
        help_text="A pupil at a special school whose place a council arranged cannot be "
        "removed without that council's consent. If you do not know, say so: the council "
        "will find out before the pupil is removed.",
        error_messages={
            "required": "Say whether a council arranged the pupil's place, or that you do not know"
        },
    )
    sao_in_force = YesNoField(
        label="Is a school attendance order in force for this pupil?",
        error_messages={"required": "Say whether a school attendance order is in force"},
    )

    DESTINATION_FIELDS = (
        "destination_school_name",
        "destination_school_urn",
        "destination_local_authority",
        "destination_in_area",
        "future_address",
    )

    def __init__(self, *args, today: date, school, date_of_birth: date | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.date_of_birth = date_of_birth
        if not school.is_special:
            # Consent is needed only where the council arranged a special school place
            # (regulation 9(1)(f) proviso); mainstream schools are not asked.
            del self.fields["placed_by_council"]

    def clean_deletion_date(self):
        deleted = self.cleaned_data["deletion_date"]
        problem = deletion_date_problem(deleted, today=self.today, date_of_birth=self.date_of_birth)
        if problem:
            raise forms.ValidationError(problem)
        return deleted

    def clean_destination_school_urn(self):
        urn = self.cleaned_data["destination_school_urn"].strip()
        if urn and not (len(urn) == 6 and urn.isdigit()):
            raise forms.ValidationError("The URN must be 6 digits")
        return urn

    def clean(self):
        cleaned = super().clean()
        ground, deleted = cleaned.get("ground"), cleaned.get("deletion_date")
        if ground and deleted and self.date_of_birth:
            problem = school_age_problem(
                ground, date_of_birth=self.date_of_birth, deletion_date=deleted
            )
            if problem:
                self.add_error("deletion_date", problem)
        if cleaned.get("destination_known") is False:
            # Answers typed before choosing "No" are not part of what the school is telling us.
            for name in self.DESTINATION_FIELDS:
                cleaned[name] = None if name == "destination_in_area" else ""
        elif cleaned.get("destination_known") and not any(
            cleaned.get(name)
            for name in (
                "destination_school_name",
                "destination_school_urn",
                "destination_local_authority",
                "future_address",
            )
        ):
            self.add_error(
                "destination_school_name",
                "Give the new school, the local authority or the future address",
            )
        return cleaned


class HomeEducationForm(forms.Form):
    notice = forms.FileField(
        label="Upload the parent's written notice",
        widget=forms.FileInput(
            attrs={"class": "govuk-file-upload", "accept": ".pdf,.jpg,.jpeg,.png,.docx,.odt,.txt"}
        ),
        error_messages={"required": "Upload the parent's written notice of home education"},
    )
    meeting_offered = YesNoField(
        label="Did the school offer the parent a meeting to talk about home education?",
        error_messages={"required": "Say whether the school offered a meeting"},
    )
    meeting_held = YesNoField(
        label="Has a meeting been held?",
        error_messages={"required": "Say whether a meeting has been held"},
    )
    school_suggested_ehe = YesNoField(
        label="Did anyone at the school suggest home education to the family?",
        error_messages={"required": "Say whether anyone at the school suggested home education"},
    )
    parent_reason = forms.CharField(
        label=f"What reason did the parent give? {OPTIONAL}",
        required=False,
        max_length=5000,
        widget=textarea(4),
    )
    attendance_percent = forms.DecimalField(
        label=f"Attendance this school year, as a percentage {OPTIONAL}",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "decimal"}
        ),
        error_messages={
            "invalid": "Attendance must be a number, like 87.5",
            "min_value": "Attendance must be between 0 and 100",
            "max_value": "Attendance must be between 0 and 100",
            "max_digits": "Attendance must be between 0 and 100",
            "max_decimal_places": "Give attendance to one decimal place at most",
        },
    )
    exclusions = forms.CharField(
        label=f"Exclusions and anything else about attendance {OPTIONAL}",
        help_text="For example, suspensions this year, or a part-time timetable.",
        required=False,
        max_length=5000,
        widget=textarea(4),
    )
    safeguarding_file = YesNoField(
        label="Does the school hold a safeguarding file for this pupil?",
        error_messages={"required": "Say whether the school holds a safeguarding file"},
    )
    child_protection_plan_or_s47 = YesNoField(
        label="Does the pupil have a child protection plan, or are there section 47 enquiries?",
        error_messages={
            "required": "Say whether there is a child protection plan or section 47 enquiries"
        },
    )
    notes = forms.CharField(
        label=f"Anything else the council should know {OPTIONAL}",
        required=False,
        max_length=5000,
        widget=textarea(3),
    )

    def __init__(self, *args, needs_notice: bool, uploaded_name: str = "", limit_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_notice:
            # Only a removal on ground (f) comes with the parent's written notice.
            del self.fields["notice"]
            return
        notice = self.fields["notice"]
        notice.help_text = f"PDF, JPG, PNG, DOCX, ODT or TXT, smaller than {limit_mb} MB."
        if uploaded_name:
            notice.required = False
            notice.label = "Upload a different file (optional)"
            notice.help_text = (
                f"You have uploaded {uploaded_name}. Choose another file only to replace it. "
                + notice.help_text
            )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        help_text="The council's officers will read this with your return.",
        max_length=5000,
        widget=textarea(6),
        error_messages={"required": "Enter your answer to the council's question"},
    )
