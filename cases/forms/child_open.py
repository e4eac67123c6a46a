from django import forms

from policy.vocab import CASE_SOURCES, CME_REASONS, EHE_REASONS, PREVIOUS_SCHOOL_TYPES
from policy.workflow import EPISODE_KIND_LABELS, EpisodeKind

from .child_fields import GovDateField, radios, select

REASON_CHOICES = (
    [("", "Not known yet")]
    + [(f"ehe:{code}", f"Home education: {label}") for code, label in EHE_REASONS.choices]
    + [(f"cme:{code}", f"Missing education: {label}") for code, label in CME_REASONS.choices]
)


class OpenCaseForm(forms.Form):
    """Open a new case for a child already known to the team."""

    kind = radios(
        [(k.value, EPISODE_KIND_LABELS[k]) for k in EpisodeKind],
        label="What kind of case?",
        error_messages={"required": "Choose what kind of case to open"},
    )
    start_date = GovDateField(
        label="Start date",
        help_text="For home education, the day the child came off the school roll.",
        error_name="The start date",
    )
    source = forms.ChoiceField(
        label="How did the council learn of this?",
        choices=[("", "Choose")] + list(CASE_SOURCES.choices),
        widget=select(),
        error_messages={"required": "Choose how the council learned of this"},
    )
    reason = forms.ChoiceField(
        label="DfE reason (optional)", choices=REASON_CHOICES, required=False, widget=select()
    )
    previous_school_type = forms.ChoiceField(
        label="Previous school type (optional)",
        choices=[("", "Not known")] + list(PREVIOUS_SCHOOL_TYPES.choices),
        required=False,
        widget=select(),
    )

    def clean(self):
        data = super().clean()
        kind, reason = data.get("kind"), data.get("reason") or ""
        if reason and kind:
            reason_kind, _, code = reason.partition(":")
            if reason_kind != kind:
                self.add_error("reason", "Choose a reason for this kind of case")
            data["primary_reason"] = code
        else:
            data["primary_reason"] = ""
        return data
