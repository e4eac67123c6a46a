"""Forms for what an officer records on a child's case: contacts, judgements, information
requests, status moves and closures, safeguarding concerns. Field names match the service's
keyword arguments so that a ServiceError lands on the right field (apply_service_error)."""

from django import forms

from policy.suitability import CONSIDERATIONS
from policy.vocab import INVOLVEMENT_OUTCOMES, SUITABILITY_OUTCOMES
from policy.workflow import status_label

from .child_fields import (
    GovDateField,
    VersionedForm,
    checkbox,
    long_text,
    radios,
    select,
    text_input,
)

__all__ = [
    "CloseForm",
    "FormalStepForm",
    "InformationReplyForm",
    "InformationRequestForm",
    "InvolvementConcludeForm",
    "JudgementForm",
    "Post16AdviceForm",
    "SafeguardingForm",
    "TransitionForm",
]


def consideration_field_name(code: str) -> str:
    return f"note_{code}"


class JudgementForm(forms.Form):
    """A reasoned judgement. The considerations guide the officer; they are not scored."""

    outcome = radios(
        SUITABILITY_OUTCOMES.choices,
        label="Does the education appear suitable?",
        error_messages={"required": "Choose whether the education appears suitable"},
    )
    decided_on = GovDateField(label="Date of the judgement", error_name="The date of the judgement")
    reasons = long_text(
        "Reasons",
        rows=5,
        help_text="Say which evidence you weighed and why. Every judgement records its reasons; "
        "when the education appears suitable, a sentence is enough.",
    )
    evidence_considered = long_text(
        "Evidence considered (optional)",
        rows=3,
        help_text="For example, the parent's written report of 3 March, work samples, a "
        "virtual visit",
    )
    medical_sen_evidence_considered = checkbox("Medical and SEN evidence on file was considered")
    not_based_on_declined_visit = checkbox(
        "This judgement does not rest on the family declining a home visit"
    )
    next_contact_due_on = GovDateField(
        label="Next contact due (optional)",
        error_name="The next contact date",
        required=False,
    )
    what_would_help = long_text("What further information would help", rows=3)
    reply_by = GovDateField(
        label="Reply by (optional)", error_name="The reply date", required=False
    )

    def __init__(
        self,
        *args,
        outcomes: list[str],
        declined_visit: bool,
        default_next_contact=None,
        default_reply_by=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (code, label) for code, label in SUITABILITY_OUTCOMES.choices if code in outcomes
        ]
        if not declined_visit:
            # Only asked when the family declined a visit (the service checks the same).
            del self.fields["not_based_on_declined_visit"]
        if default_next_contact:
            self.fields["next_contact_due_on"].help_text = (
                "If you leave this blank, the next contact is due "
                f"{default_next_contact:%-d %B %Y}, the council's usual interval."
            )
        if default_reply_by:
            self.fields["reply_by"].help_text = (
                f"If you leave this blank, the family is asked to reply by "
                f"{default_reply_by:%-d %B %Y}."
            )
        self.consideration_fields = []
        for item in CONSIDERATIONS:
            name = consideration_field_name(item.code)
            self.fields[name] = long_text(
                item.title, rows=2, help_text=item.guidance, error_name=f"The note on {item.title}"
            )
            self.consideration_fields.append(name)
        # As judgement_form.html lays them out, so the error summary lists them in that order.
        self.order_fields(
            [
                "outcome",
                "decided_on",
                "reasons",
                "what_would_help",
                "reply_by",
                "medical_sen_evidence_considered",
                "not_based_on_declined_visit",
                "evidence_considered",
                *self.consideration_fields,
                "next_contact_due_on",
            ]
        )

    def consideration_notes(self) -> dict[str, str]:
        return {
            item.code: self.cleaned_data.get(consideration_field_name(item.code), "")
            for item in CONSIDERATIONS
            if self.cleaned_data.get(consideration_field_name(item.code), "").strip()
        }

    def bound_considerations(self):
        return [self[name] for name in self.consideration_fields]


class InformationRequestForm(forms.Form):
    what_would_help = long_text(
        "What information would help",
        required=True,
        rows=5,
        help_text="Be specific, so the family knows what to send. They have no legal duty to "
        "reply, but it is sensible to.",
        error_messages={"required": "Say what information would help"},
    )
    requested_on = GovDateField(label="Date of the request", error_name="The date of the request")
    reply_by = GovDateField(
        label="Reply by (optional)", error_name="The reply date", required=False
    )

    def __init__(self, *args, default_reply_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        if default_reply_by:
            self.fields["reply_by"].help_text = (
                f"If you leave this blank, the family is asked to reply by "
                f"{default_reply_by:%-d %B %Y}."
            )


class InformationReplyForm(forms.Form):
    received_on = GovDateField(label="Date the reply was received", error_name="The date")


class CloseForm(VersionedForm):
    closure_reason = radios(
        [],
        label="Why is the case closing?",
        error_messages={"required": "Choose why the case is closing"},
    )
    on = GovDateField(label="Date the case closed", error_name="The closing date")
    closure_notes = long_text(
        "Notes",
        help_text="Required if you choose Other. For a move, say which council and whether "
        "records were transferred.",
    )

    def __init__(self, *args, reasons: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closure_reason"].choices = reasons


class TransitionForm(VersionedForm):
    to = radios(
        [], label="Move the case to", error_messages={"required": "Choose where to move the case"}
    )
    on = GovDateField(label="Date of the change", error_name="The date of the change")
    reason = long_text("Reason")

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(status, status_label(status)) for status in targets]


class FormalStepForm(forms.Form):
    kind = radios(
        [],
        label="What was served?",
        error_messages={"required": "Choose the notice or order that was served"},
    )
    on = GovDateField(
        label="Date of service",
        error_name="The date of service",
        help_text="The day it was served: for post, the day it is deemed served (first class: "
        "the second working day after posting; second class: the fourth); by hand, the day it "
        "was delivered. For a revocation, the day it was made.",
    )
    notes = long_text("Notes", rows=4, help_text="For example, who it was served on and how")

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class InvolvementConcludeForm(forms.Form):
    closure_reason = radios(
        INVOLVEMENT_OUTCOMES.choices,
        hints={"became_ehe": "A home education case is opened and linked to this one."},
        label="What was the outcome?",
        error_messages={"required": "Choose the outcome"},
    )
    on = GovDateField(label="Date", error_name="The date")
    closure_notes = long_text("Notes", help_text="Required if you choose Other.")


class Post16AdviceForm(forms.Form):
    on = GovDateField(label="Date of the referral", error_name="The date of the referral")
    notes = long_text(
        "Notes (optional)",
        rows=3,
        help_text="For example, which careers or post-16 service the child was referred to",
    )


class SafeguardingForm(forms.Form):
    raised_on = GovDateField(label="Date the concern was raised", error_name="The date")
    details = long_text(
        "Details of the concern",
        required=True,
        rows=6,
        error_messages={"required": "Describe the concern"},
    )
    episode = forms.ChoiceField(
        label="Which case is it about? (optional)", required=False, widget=select()
    )
    referred_to_csc_on = GovDateField(
        label="Referred to children's social care on (optional)",
        error_name="The referral date",
        required=False,
    )
    referral_reference = forms.CharField(
        label="Referral reference (optional)",
        required=False,
        max_length=60,
        widget=text_input("20"),
    )

    def __init__(self, *args, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["episode"].choices = [("", "Not about one case")] + [
            (str(e.uid), f"{e.get_kind_display()} from {e.start_date:%-d %B %Y}") for e in episodes
        ]
