from django.db import models

from policy.due import DueValues


class CaseworkSettings(models.Model):
    """The council's local timescales, edited by administrators (one row)."""

    initial_contact_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days from the start of an EHE episode to initial contact."
    )
    next_contact_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months after the last contact or judgement before the next."
    )
    information_reply_days = models.PositiveSmallIntegerField(
        default=28, help_text="Default days allowed to reply to a request for information."
    )
    post16_advice_days_before_csa_end = models.PositiveSmallIntegerField(
        default=150,
        help_text="Days before a Year 11 child leaves compulsory school age that the post-16 "
        "advice referral is due.",
    )
    cme_home_visit_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Working days from the start of a CME case to the home visit enquiry.",
    )
    acknowledgement_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Working days from the start of an EHE episode to the acknowledgement letter.",
    )
    max_upload_megabytes = models.PositiveSmallIntegerField(default=20)

    class Meta:
        verbose_name = "casework settings"
        verbose_name_plural = "casework settings"

    @classmethod
    def current(cls) -> "CaseworkSettings":
        return cls.objects.order_by("pk").first() or cls()

    def due_values(self) -> DueValues:
        return DueValues(
            initial_contact_working_days=self.initial_contact_working_days,
            next_contact_months=self.next_contact_months,
            information_reply_days=self.information_reply_days,
            post16_advice_days_before_csa_end=self.post16_advice_days_before_csa_end,
            cme_home_visit_working_days=self.cme_home_visit_working_days,
            acknowledgement_working_days=self.acknowledgement_working_days,
        )
