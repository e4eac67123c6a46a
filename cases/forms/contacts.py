"""The form for recording a contact with a family. Field names match ``contact_record``'s
keyword arguments so that a ServiceError lands on the right field (apply_service_error)."""

from django import forms

from policy.contacts import contact_types_for
from policy.vocab import CONTACT_OUTCOMES, CONTACT_TYPES

from .child_fields import GovDateField, YesNoField, checkbox, long_text, radios, text_input


def ordered_contact_types(most_common: str | None, kind: str = "ehe") -> list[tuple[str, str]]:
    """The contact types that fit a case of ``kind`` (home education contacts are not offered
    on a CME case), with the officer's most used one first, to save a scroll."""
    choices = contact_types_for(kind)
    if most_common in CONTACT_TYPES:
        choices.sort(key=lambda choice: choice[0] != most_common)
    return choices


class ContactForm(forms.Form):
    contact_type = radios(
        CONTACT_TYPES.choices,
        small=True,
        label="Type of contact",
        error_messages={"required": "Choose the type of contact"},
    )
    occurred_on = GovDateField(
        label="Date of the contact",
        error_name="The date of the contact",
        help_text="For example, 27 3 2026",
    )
    outcome = radios(
        # "Home visit declined; other options offered" is an ordinary outcome among the others:
        # declining a visit is a valid choice (DOMAIN §5.2), so nothing marks it out.
        CONTACT_OUTCOMES.choices,
        small=True,
        label="Outcome",
        error_messages={"required": "Choose the outcome of the contact"},
    )
    present = forms.CharField(
        label="Who was present (optional)",
        required=False,
        max_length=300,
        widget=text_input(),
        help_text="For example, mother, the child and an interpreter",
    )
    child_seen = YesNoField(
        label="Was the child seen?",
        error_messages={"required": "Say whether the child was seen"},
    )
    child_views = long_text(
        "The child's views (optional)",
        rows=3,
        help_text="Only record the child's views if the parent consented.",
    )
    parent_consented_to_views = checkbox("The parent consented to the child's views being recorded")
    notes = long_text("Notes (optional)", rows=5)

    def __init__(self, *args, most_common_type: str | None = None, kind: str = "ehe", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_type"].choices = ordered_contact_types(most_common_type, kind)
