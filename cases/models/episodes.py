from django.conf import settings
from django.db import models
from django.db.models import Q

from policy.guards import FORMAL_STEP_LABELS
from policy.text import LONG_TEXT
from policy.vocab import (
    CASE_SOURCES,
    CME_CLOSURE_OUTCOMES,
    EHE_CLOSURE_REASONS,
    INVOLVEMENT_OUTCOMES,
    PREVIOUS_SCHOOL_TYPES,
)
from policy.workflow import EPISODE_KIND_LABELS, STATUS_LABELS, EpisodeKind, status_label

from .base import DatedRecord, PublicId, Versioned
from .children import Child
from .schools import School

CLOSURE_REASON_CHOICES = sorted(
    {
        **dict(EHE_CLOSURE_REASONS.choices),
        **dict(CME_CLOSURE_OUTCOMES.choices),
        **dict(INVOLVEMENT_OUTCOMES.choices),
    }.items()
)


class Episode(PublicId, Versioned):
    """A period of involvement with a child: EHE, CME, or "considering EHE".

    ``status`` is moved only by ``cases.services.episode_transition``, against the tables in
    ``policy.workflow``. The one exception is ``import_register``, which records the state a
    case had already reached in the council's previous system (it writes history, it does not
    take casework steps). A child never has two open episodes of the same kind.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="episodes")
    kind = models.CharField(
        max_length=12, choices=[(k.value, EPISODE_KIND_LABELS[k]) for k in EpisodeKind]
    )
    status = models.CharField(max_length=30, choices=sorted(STATUS_LABELS.items()))
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    allocated_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocated_episodes",
    )
    source = models.CharField(max_length=30, choices=CASE_SOURCES.choices, default="other")
    source_detail = models.CharField(max_length=200, blank=True)
    record_ref = models.CharField(
        "reference in an imported register", max_length=50, blank=True, db_index=True
    )
    previous_school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous_school_type = models.CharField(
        max_length=40, choices=PREVIOUS_SCHOOL_TYPES.choices, blank=True
    )
    # The primary reason is an EHE reason code (DOMAIN §8.3) on EHE episodes and a CME reason
    # code (§8.5) on CME episodes; services check it against the right list.
    primary_reason = models.CharField(max_length=60, blank=True)
    secondary_reasons = models.JSONField(default=list, blank=True)
    reason_notes = models.TextField(blank=True, max_length=LONG_TEXT)
    school_suggested_ehe = models.BooleanField(null=True, blank=True)
    pre_ehe_meeting_held = models.BooleanField(null=True, blank=True)
    closure_reason = models.CharField(max_length=40, choices=CLOSURE_REASON_CHOICES, blank=True)
    closure_notes = models.TextField(blank=True, max_length=LONG_TEXT)
    linked_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="led_to"
    )
    # Refreshed by services and by the daily job (cases.tasks.refresh_due_dates).
    next_due_on = models.DateField(null=True, blank=True, db_index=True)
    next_due_kind = models.CharField(max_length=30, blank=True)
    post16_advice_done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=~Q(status="closed"),
                name="one_open_episode_per_kind",
                violation_error_message="This child already has an open episode of this kind.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", end_date__isnull=False)
                | (~Q(status="closed") & Q(end_date__isnull=True)),
                name="episode_closed_iff_end_date",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["allocated_officer", "status"]),
            models.Index(fields=["start_date", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} episode {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    @property
    def status_label(self) -> str:
        return status_label(self.status)


class EpisodeEvent(models.Model):
    """Append-only record of every status change and significant action on an episode."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    occurred_on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True, max_length=LONG_TEXT)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Episode events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Episode events are append-only.")


class FormalStep(models.Model):
    """A formal step taken on an EHE episode (s437 notice served, s438 notice of intention
    served, order served or revoked).

    Written only by ``cases.services.formal_step_record`` (which also makes the move the step
    carries) and, for history from the council's previous system, ``import_register``.
    """

    KIND_CHOICES = list(FORMAL_STEP_LABELS.items())
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="formal_steps")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True, max_length=LONG_TEXT)

    class Meta:
        ordering = ["occurred_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "kind", "occurred_on"], name="formal_step_unique"
            )
        ]


class InformationRequest(models.Model):
    """An informal request for further information, with a reasonable date to reply by."""

    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="information_requests"
    )
    requested_on = models.DateField()
    what_would_help = models.TextField(max_length=LONG_TEXT)
    reply_by = models.DateField()
    reply_received_on = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-requested_on", "-id"]


class SafeguardingConcern(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="safeguarding")
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_on = models.DateField()
    details = models.TextField(max_length=LONG_TEXT)
    referred_to_csc_on = models.DateField("referred to children's social care on", null=True)
    referral_reference = models.CharField(max_length=60, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_on", "-id"]


class Alert(models.Model):
    """Something a manager must see at once (DOMAIN §5.2: CPP/CIN child becoming EHE)."""

    KIND_CHOICES = [
        ("csc_child_ehe", "Child with a CIN or CPP status became home educated"),
        ("safeguarding", "Safeguarding concern raised"),
        ("cme_social_care", "Child missing education is known to social care"),
    ]
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="alerts")
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class UnsuitablePeriod(DatedRecord):
    """From ``valid_from`` the council judged this EHE child's education unsuitable, so the
    child counts as CME with reason "Unsuitable elective home education" (and not as EHE)
    until ``valid_to``, when it was resolved (DOMAIN §5.2, §8.4). Kept as dated history so
    that a return re-run for a past date gives the same answer."""

    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="unsuitable_periods"
    )

    class Meta(DatedRecord.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(valid_to__isnull=True),
                name="one_open_unsuitable_period",
            )
        ]
