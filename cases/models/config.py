from dataclasses import fields

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from policy.due import DueValues

_DEFAULTS = DueValues()


def _timescale(name: str, help_text: str, *, least: int = 0, most: int | None = None):
    """A timescale whose default is the service's default in ``policy.due.DueValues``, so the
    value lives in one place."""
    validators = [MinValueValidator(least)]
    if most is not None:
        validators.append(MaxValueValidator(most))
    return models.PositiveSmallIntegerField(
        default=getattr(_DEFAULTS, name), help_text=help_text, validators=validators
    )


def _tier(what: str):
    return models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=f"Months between contacts for a child {what}, from 1 to 12. Where several "
        "tiers apply, the shortest interval is used.",
    )


class CaseworkSettings(models.Model):
    """The council's local timescales, edited by administrators (one row). Every field named
    in ``policy.due.DueValues`` is passed to the due-date rules; changing one moves every
    open case's dates at once (``cases.services.config``)."""

    initial_contact_working_days = _timescale(
        "initial_contact_working_days",
        "Working days from the start of an EHE episode to initial contact.",
    )
    next_contact_months = _timescale(
        "next_contact_months",
        "Months after the last contact or judgement before the next.",
        least=1,
    )
    information_reply_days = _timescale(
        "information_reply_days", "Default days allowed to reply to a request for information."
    )
    post16_advice_days_before_csa_end = _timescale(
        "post16_advice_days_before_csa_end",
        "Days before a Year 11 child leaves compulsory school age that the post-16 advice "
        "referral is due.",
    )
    cme_home_visit_working_days = _timescale(
        "cme_home_visit_working_days",
        "Working days from the start of a CME case to the home visit enquiry.",
    )
    acknowledgement_working_days = _timescale(
        "acknowledgement_working_days",
        "Working days from the start of an EHE episode to the acknowledgement letter.",
    )
    judgement_after_initial_contact_working_days = _timescale(
        "judgement_after_initial_contact_working_days",
        "Working days from the initial contact to a judgement on whether the education "
        "appears suitable (unless the next contact is due sooner).",
        least=1,
    )
    judgement_after_reply_working_days = _timescale(
        "judgement_after_reply_working_days",
        "Working days from receiving a reply to a request for information to the judgement.",
        least=1,
    )
    panel_decision_working_days = _timescale(
        "panel_decision_working_days",
        "Working days from referral to the School Attendance Panel to its decision.",
        least=1,
    )
    s437_review_days = _timescale(
        "s437_review_days",
        "Calendar days from serving an s437 notice to reviewing it. Allow for the notice "
        "period: at least 15 days from the day the notice is served.",
        least=15,
    )
    sao_review_working_days = _timescale(
        "sao_review_working_days",
        "Working days from serving a school attendance order to checking that the child is "
        "registered at the named school.",
        least=1,
    )
    return_review_working_days = _timescale(
        "return_review_working_days",
        "Working days between reviews of a child returning to school, from the move and then "
        "from each contact recorded.",
        least=1,
    )
    cme_enquiries_review_working_days = _timescale(
        "cme_enquiries_review_working_days",
        "Working days from the last enquiry or contact on a CME case to reviewing the enquiries.",
        least=1,
    )
    cme_placing_review_working_days = _timescale(
        "cme_placing_review_working_days",
        "Working days between reviews of a CME case while the child is being placed in school.",
        least=1,
    )
    involvement_follow_up_working_days = _timescale(
        "involvement_follow_up_working_days",
        "Working days from the start of a considering-home-education case, or its last "
        "contact, to a follow-up.",
        least=1,
    )
    next_contact_months_cpp = _tier("on a child protection plan")
    next_contact_months_cin = _tier("who is a child in need")
    next_contact_months_ehcp = _tier("with an education, health and care plan")
    next_contact_months_first_year = _tier("in the first year of home education")
    next_contact_months_no_recent_contact = _tier(
        "with no contact in the last 12 months (the next contact is then overdue)"
    )
    max_upload_megabytes = models.PositiveSmallIntegerField(default=20)

    # Every value an administrator may change: the due-date timescales, then the rest.
    EDITABLE_FIELDS = (*(f.name for f in fields(DueValues)), "max_upload_megabytes")

    class Meta:
        verbose_name = "casework settings"
        verbose_name_plural = "casework settings"

    @classmethod
    def current(cls) -> "CaseworkSettings":
        return cls.objects.order_by("pk").first() or cls()

    def due_values(self) -> DueValues:
        return DueValues(**{f.name: getattr(self, f.name) for f in fields(DueValues)})
