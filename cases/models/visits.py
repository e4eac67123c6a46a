from django.conf import settings
from django.db import models
from django.db.models import Q

from policy.contacts import VISIT_KINDS, VISIT_NOT_HELD_REASONS

from .base import PublicId
from .contacts import Contact
from .episodes import Episode


class BookedVisit(PublicId, models.Model):
    """A visit or meeting booked ahead on a case. It is the case's next date while it is
    waiting; on the day (or after) the officer records it as held, which records the contact,
    or as not held, with the reason. Written only by ``cases.services.visits``."""

    STATES = [("booked", "Booked"), ("held", "Held"), ("not_held", "Not held")]

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="booked_visits")
    kind = models.CharField(max_length=30, choices=VISIT_KINDS.choices)
    booked_on = models.DateField()
    booked_time = models.TimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=STATES, default="booked")
    not_held_reason = models.CharField(
        max_length=20, choices=VISIT_NOT_HELD_REASONS.choices, blank=True
    )
    outcome_notes = models.TextField(blank=True)
    outcome_recorded_on = models.DateField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The contact recorded when it was held (or declined, for a home visit: DOMAIN §5.2).
    contact = models.OneToOneField(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="booked_visit"
    )
    # A rearranged booking points at the one that replaced it.
    rearranged_to = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="rearranged_from"
    )

    class Meta:
        ordering = ["booked_on", "booked_time", "id"]
        indexes = [models.Index(fields=["episode", "state", "booked_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="booked", outcome_recorded_on__isnull=True)
                | (~Q(state="booked") & Q(outcome_recorded_on__isnull=False)),
                name="booked_visit_outcome_iff_recorded",
            ),
            models.CheckConstraint(
                condition=Q(state="not_held", not_held_reason__gt="")
                | (~Q(state="not_held") & Q(not_held_reason="")),
                name="booked_visit_reason_iff_not_held",
            ),
        ]

    @property
    def is_waiting(self) -> bool:
        return self.state == "booked"

    @property
    def kind_label(self) -> str:
        return VISIT_KINDS.label(self.kind)
