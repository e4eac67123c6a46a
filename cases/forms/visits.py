"""Forms for booking a visit or meeting and recording what happened. Field names match the
keyword arguments of ``cases.services.visits`` so a ServiceError lands on the right field."""

from django import forms

from policy.contacts import VISIT_HELD_OUTCOMES, VISIT_KINDS, VISIT_NOT_HELD_REASONS
from policy.vocab import CONTACT_OUTCOMES

from .child_fields import GovDateField, radios, text_input, textarea
from .contacts import ContactForm

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        widget=text_input("5", inputmode="numeric", autocomplete="off"),
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"invalid": "Enter a time using the 24-hour clock, like 14:30"},
    )


class VisitBookForm(forms.Form):
    kind = radios(
        VISIT_KINDS.choices,
        hints={
            "home_visit": "The family can say no to a home visit: offer the other ways too.",
        },
        small=True,
        label="What are you booking?",
        error_messages={"required": "Choose what you are booking"},
    )
    booked_on = GovDateField(
        label="Date",
        error_name="The date of the visit or meeting",
        help_text="Today or a later day, for example 27 3 2027",
    )
    booked_time = time_field("Time (optional)")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=textarea(3),
        help_text="For example, where you are meeting and who will be there",
    )


class VisitHeldForm(ContactForm):
    """The contact fields, without the type and the date (the booking gives both), and only
    the outcomes of a visit that took place."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["contact_type"]
        del self.fields["occurred_on"]
        self.fields["outcome"].choices = [
            choice for choice in CONTACT_OUTCOMES.choices if choice[0] in VISIT_HELD_OUTCOMES
        ]


class VisitNotHeldForm(forms.Form):
    reason = radios(
        VISIT_NOT_HELD_REASONS.choices,
        hints={
            # DOMAIN §5.2: declining a home visit is a valid choice, never non-engagement.
            "declined": "A valid choice. Offer a virtual visit, a meeting elsewhere or a "
            "written report instead.",
        },
        small=True,
        label="Why did it not take place?",
        error_messages={"required": "Choose why the visit or meeting did not take place"},
    )
    notes = forms.CharField(
        label="What happened",
        widget=textarea(4),
        max_length=2000,
        help_text="For example, what the family said or what was offered instead",
        error_messages={"required": "Say what happened"},
    )
    rebook_on = GovDateField(
        label="New date (optional)",
        error_name="The new date",
        required=False,
        help_text="If it was rearranged, the day it is now booked for",
    )
    rebook_time = time_field("New time (optional)")
