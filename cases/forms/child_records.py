"""Forms for the child's own record: details, address, SEN and social care status, parents and
carers, documents, and registering a child the council learned of by hand."""

from django import forms

from policy.vocab import (
    CASE_SOURCES,
    CONTACT_METHODS,
    CSC_STATUS,
    DOCUMENT_TYPES,
    EHE_REASONS,
    PREVIOUS_SCHOOL_TYPES,
    RELATIONSHIPS,
    SEN_STATUS,
    SEX,
)

from .child_fields import (
    GovDateField,
    UpnField,
    VersionedForm,
    YesNoField,
    checkbox,
    optional_email,
    optional_phone,
    radios,
    select,
    text_input,
)

OPTIONAL = [("", "Not known")]


def _upper_stripped(value: str) -> str:
    return (value or "").strip().upper()


class ChildDetailsFields(forms.Form):
    legal_first_name = forms.CharField(
        label="Legal first name",
        max_length=100,
        widget=text_input("20"),
        error_messages={"required": "Enter the child's legal first name"},
    )
    legal_middle_names = forms.CharField(
        label="Legal middle names (optional)",
        required=False,
        max_length=150,
        widget=text_input("20"),
    )
    legal_last_name = forms.CharField(
        label="Legal last name",
        max_length=100,
        widget=text_input("20"),
        error_messages={"required": "Enter the child's legal last name"},
    )
    preferred_name = forms.CharField(
        label="Preferred first name (optional)",
        required=False,
        max_length=100,
        widget=text_input("20"),
        help_text="If the child is known by a different first name",
    )
    date_of_birth = GovDateField(
        label="Date of birth", error_name="The date of birth", help_text="For example, 17 5 2014"
    )
    sex = radios(
        SEX.choices,
        inline=True,
        label="Sex",
        error_messages={"required": "Choose the child's sex, or Unknown"},
    )
    upn = UpnField()


class ChildEditForm(ChildDetailsFields, VersionedForm):
    ethnicity = forms.CharField(
        label="Ethnicity (optional)", required=False, max_length=80, widget=text_input("20")
    )
    languages = forms.CharField(
        label="Languages (optional)", required=False, max_length=200, widget=text_input()
    )
    gypsy_roma_traveller = checkbox("Gypsy, Roma or Traveller")
    year_group_override = forms.TypedChoiceField(
        label="Year group, if educated out of their age cohort (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Same as their age group")]
        + [("0", "Reception")]
        + [(str(n), f"Year {n}") for n in range(1, 12)],
        widget=select(),
        help_text="The DfE return still uses the year group for the child's age.",
    )
    hours_educated_by_parents = forms.DecimalField(
        label="Hours a week educated by parents (optional)",
        required=False,
        min_value=0,
        max_value=168,
        decimal_places=1,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-4", "step": "0.5"}
        ),
    )
    hours_educated_by_others = forms.DecimalField(
        label="Hours a week educated by others (optional)",
        required=False,
        min_value=0,
        max_value=168,
        decimal_places=1,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-4", "step": "0.5"}
        ),
    )

    field_order = [
        "legal_first_name",
        "legal_middle_names",
        "legal_last_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "upn",
        "ethnicity",
        "languages",
        "gypsy_roma_traveller",
        "year_group_override",
        "hours_educated_by_parents",
        "hours_educated_by_others",
    ]

    def child_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.field_order}


class AddressFields(forms.Form):
    line_1 = forms.CharField(
        label="Address line 1",
        max_length=120,
        widget=text_input(),
        error_messages={"required": "Enter the first line of the address"},
    )
    line_2 = forms.CharField(
        label="Address line 2 (optional)", required=False, max_length=120, widget=text_input()
    )
    town = forms.CharField(
        label="Town or city (optional)",
        required=False,
        max_length=80,
        widget=text_input("govuk-!-width-two-thirds"),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=text_input("10"),
        error_messages={"required": "Enter the postcode"},
    )
    in_area = YesNoField(
        label="Is this address in our area?",
        error_messages={"required": "Say whether the address is in our area"},
    )

    def clean_postcode(self):
        return _upper_stripped(self.cleaned_data.get("postcode", ""))

    def address(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("line_1", "line_2", "town", "postcode", "in_area")
        }


class AddressForm(AddressFields):
    valid_from = GovDateField(
        label="Living here from",
        error_name="The date",
        help_text="The date the child moved here, if known; otherwise today",
    )


class StatusForm(forms.Form):
    """SEN or children's social care status, dated so that past counts stay right."""

    status = radios([], label="Status", error_messages={"required": "Choose a status"})
    valid_from = GovDateField(label="From", error_name="The date")

    def __init__(self, *args, vocabulary, legend: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = vocabulary.choices
        self.fields["status"].label = legend


class PersonFields(forms.Form):
    title = forms.CharField(
        label="Title (optional)", required=False, max_length=20, widget=text_input("5")
    )
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        widget=text_input("20"),
        error_messages={"required": "Enter the person's first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        widget=text_input("20"),
        error_messages={"required": "Enter the person's last name"},
    )
    address_line_1 = forms.CharField(
        label="Address line 1 (optional)", required=False, max_length=120, widget=text_input()
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", required=False, max_length=120, widget=text_input()
    )
    town = forms.CharField(
        label="Town or city (optional)",
        required=False,
        max_length=80,
        widget=text_input("govuk-!-width-two-thirds"),
    )
    postcode = forms.CharField(
        label="Postcode (optional)", required=False, max_length=10, widget=text_input("10")
    )
    phone = optional_phone()
    email = optional_email()
    preferred_contact_method = forms.ChoiceField(
        label="Preferred way to share information (optional)",
        required=False,
        choices=[("", "Not stated")] + list(CONTACT_METHODS.choices),
        widget=select(),
        help_text="Every option is an acceptable way for a family to share information.",
    )
    interpreter_needed = checkbox("Needs an interpreter")
    interpreter_language = forms.CharField(
        label="Interpreter language", required=False, max_length=60, widget=text_input("20")
    )

    person_field_names = (
        "title",
        "first_name",
        "last_name",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "phone",
        "email",
        "preferred_contact_method",
        "interpreter_needed",
        "interpreter_language",
    )

    def clean_postcode(self):
        return _upper_stripped(self.cleaned_data.get("postcode", ""))

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.person_field_names}


class RelationshipFields(forms.Form):
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=[("", "Choose")] + list(RELATIONSHIPS.choices),
        widget=select(),
        error_messages={"required": "Choose how this person is related to the child"},
    )
    parental_responsibility = checkbox("Has parental responsibility")
    lives_with = checkbox("The child lives with them")
    receives_correspondence = checkbox("Receives letters about the child")
    provides_education = checkbox("Provides the child's education")

    flag_names = (
        "relationship",
        "parental_responsibility",
        "lives_with",
        "receives_correspondence",
        "provides_education",
    )

    def flags(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.flag_names}


class PersonAddForm(RelationshipFields, PersonFields):
    pass


class PersonEditForm(PersonFields, VersionedForm):
    pass


class RelationshipForm(RelationshipFields):
    pass


class DocumentUploadForm(forms.Form):
    document_type = forms.ChoiceField(
        label="Type of document",
        choices=[("", "Choose")] + list(DOCUMENT_TYPES.choices),
        widget=select(),
        error_messages={"required": "Choose the type of document"},
    )
    description = forms.CharField(
        label="Description (optional)", required=False, max_length=200, widget=text_input()
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, Word (DOCX), OpenDocument text (ODT), JPG, PNG or plain text",
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}),
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )
    contact = forms.ChoiceField(
        label="Which contact is it from? (optional)",
        required=False,
        widget=select(),
        help_text="For example the visit where work samples were shared, or the written report.",
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [("", "Not from one contact")] + [
            (str(c.pk), f"{c.get_contact_type_display()}, {c.occurred_on:%-d %B %Y}")
            for c in contacts
        ]


class RegisterChildForm(ChildDetailsFields, AddressFields):
    """A child the council learned of from a parent or partner, with the EHE case opened."""

    sen_status = forms.ChoiceField(
        label="Special educational needs",
        choices=SEN_STATUS.choices,
        initial="none",
        widget=select(),
    )
    csc_status = forms.ChoiceField(
        label="Children's social care status",
        choices=CSC_STATUS.choices,
        initial="none",
        widget=select(),
        help_text="A child in need, on a child protection plan or looked after is flagged to a "
        "manager straight away.",
    )
    source = forms.ChoiceField(
        label="How did the council learn of this child?",
        choices=[("", "Choose")] + [c for c in CASE_SOURCES.choices if c[0] != "imported"],
        widget=select(),
        error_messages={"required": "Choose how the council learned of this child"},
    )
    start_date = GovDateField(
        label="Home education started",
        error_name="The start date",
        help_text="The date the child came off the school roll, or the date we learned of a child "
        "never at school",
    )
    previous_school_type = forms.ChoiceField(
        label="Previous school type (optional)",
        required=False,
        choices=OPTIONAL + list(PREVIOUS_SCHOOL_TYPES.choices),
        widget=select(),
    )
    primary_reason = forms.ChoiceField(
        label="Main reason for home education (optional)",
        required=False,
        choices=OPTIONAL + list(EHE_REASONS.choices),
        widget=select(),
    )
    parent_first_name = forms.CharField(
        label="First name",
        max_length=100,
        widget=text_input("20"),
        error_messages={"required": "Enter the parent's or carer's first name"},
    )
    parent_last_name = forms.CharField(
        label="Last name",
        max_length=100,
        widget=text_input("20"),
        error_messages={"required": "Enter the parent's or carer's last name"},
    )
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=[("", "Choose")] + list(RELATIONSHIPS.choices),
        widget=select(),
        error_messages={"required": "Choose how the parent or carer is related to the child"},
    )
    parent_phone = optional_phone()
    parent_email = optional_email()
    parent_preferred_contact_method = forms.ChoiceField(
        label="Preferred way to share information (optional)",
        required=False,
        choices=[("", "Not stated")] + list(CONTACT_METHODS.choices),
        widget=select(),
    )
    parent_lives_with_child = checkbox(
        "The parent or carer lives at the child's address", initial=True
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
                "sen_status",
                "csc_status",
            ),
        ),
        ("Where the child lives", ("line_1", "line_2", "town", "postcode", "in_area")),
        ("Home education", ("source", "start_date", "previous_school_type", "primary_reason")),
        (
            "Parent or carer",
            (
                "parent_first_name",
                "parent_last_name",
                "relationship",
                "parent_phone",
                "parent_email",
                "parent_preferred_contact_method",
                "parent_lives_with_child",
            ),
        ),
    )

    def section_fields(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "legal_first_name": data["legal_first_name"],
            "legal_middle_names": data["legal_middle_names"],
            "legal_last_name": data["legal_last_name"],
            "preferred_name": data["preferred_name"],
            "date_of_birth": data["date_of_birth"],
            "sex": data["sex"],
            "upn": data["upn"],
            "sen_status": data["sen_status"],
            "csc_status": data["csc_status"],
            "address": self.address(),
            "source": data["source"],
            "start_date": data["start_date"],
            "previous_school_type": data["previous_school_type"],
            "primary_reason": data["primary_reason"],
            "relationship": data["relationship"],
            "parent": {
                "first_name": data["parent_first_name"],
                "last_name": data["parent_last_name"],
                "phone": data["parent_phone"],
                "email": data["parent_email"],
                "preferred_contact_method": data["parent_preferred_contact_method"],
            },
            "parent_lives_with_child": data["parent_lives_with_child"],
        }
