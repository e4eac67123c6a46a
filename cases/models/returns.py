"""The front door: schools, their users and API tokens, the notices they send (deletion
returns and "considering EHE"), council consent decisions, and CME enquiries."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from policy.frontdoor import CONSENT_ARRANGED_BY, RETURN_MESSAGE_KINDS
from policy.text import LONG_TEXT
from policy.vocab import (
    CME_ENQUIRY_ITEMS,
    CONSENT_DECISIONS,
    CONSENT_KINDS,
    DELETION_GROUNDS,
    RETURN_OUTCOMES,
    RETURN_STATUSES,
    SCHOOL_NOTICE_KINDS,
    SEN_STATUS,
    SEX,
)

from .base import PublicId
from .children import Child
from .contacts import Document
from .episodes import Episode
from .schools import School


class SchoolMembership(models.Model):
    """A school user belongs to exactly one school (by URN) and sees only its submissions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_membership"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="members")


class SchoolApiToken(models.Model):
    """A school's key for the deletion-return API. Only a hash is kept; the key itself is
    shown once, when it is made."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "school API token"


class DeletionReturn(PublicId, models.Model):
    """What a school told the council, kept exactly as submitted (School Attendance (Pupil
    Registration) (England) Regulations 2024, deletion returns), plus how it was processed.

    ``kind`` "considering_ehe" carries no ground or deletion date: the pupil is still on roll.
    """

    kind = models.CharField(max_length=20, choices=SCHOOL_NOTICE_KINDS.choices)
    reference = models.CharField(max_length=20, unique=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="returns")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_with_token = models.ForeignKey(
        SchoolApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, default="web")
    idempotency_key = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # The pupil.
    pupil_first_name = models.CharField(max_length=100)
    pupil_middle_names = models.CharField(max_length=150, blank=True)
    pupil_last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=SEX.choices, default="U")
    upn = models.CharField("UPN", max_length=13, blank=True)
    address_line_1 = models.CharField(max_length=120)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10)
    sen_status = models.CharField(max_length=20, choices=SEN_STATUS.choices, default="none")
    # Each parent the pupil normally lives with: {"first_name", "last_name", "relationship",
    # "address" (one line), "phone" (at least one emergency number), "email"}.
    parents = models.JSONField(default=list)

    # The deletion.
    ground = models.CharField(max_length=1, choices=DELETION_GROUNDS.choices, blank=True)
    deletion_date = models.DateField(null=True, blank=True)
    destination_known = models.BooleanField(null=True, blank=True)
    destination_school_name = models.CharField(max_length=200, blank=True)
    destination_school_urn = models.CharField(max_length=6, blank=True)
    destination_local_authority = models.CharField(max_length=100, blank=True)
    destination_in_area = models.BooleanField(null=True, blank=True)
    future_address = models.CharField(max_length=300, blank=True)
    placed_by_council = models.BooleanField(
        "special school place arranged by the council", null=True, blank=True
    )
    sao_in_force = models.BooleanField("school attendance order in force", null=True, blank=True)

    # For home education (ground (f)) and "considering EHE".
    meeting_offered = models.BooleanField(null=True, blank=True)
    meeting_held = models.BooleanField(null=True, blank=True)
    school_suggested_ehe = models.BooleanField(null=True, blank=True)
    parent_reason = models.TextField("reason the parent gave", blank=True, max_length=LONG_TEXT)
    attendance_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    exclusions = models.TextField(
        "exclusions and attendance context", blank=True, max_length=LONG_TEXT
    )
    safeguarding_file = models.BooleanField(
        "the school holds a safeguarding file", null=True, blank=True
    )
    child_protection_plan_or_s47 = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=LONG_TEXT)

    # Processing (DOMAIN §5.4).
    status = models.CharField(max_length=20, choices=RETURN_STATUSES.choices, default="received")
    outcome = models.CharField(max_length=30, choices=RETURN_OUTCOMES.choices, blank=True)
    # The council's latest message, as the school sees it (the thread is in ``messages``).
    query_message = models.TextField("message to the school", blank=True)
    matched_child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="school_returns"
    )
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="school_returns"
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Where the school's details differed from the matched child's record, what the officer
    # chose for each: [{"what", "label", "school", "record", "decision": "accepted"|"kept"}].
    details_review = models.JSONField(default=list, blank=True)
    details_reviewed_at = models.DateTimeField(null=True, blank=True)
    details_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="return_idempotency_key_unique",
            )
        ]
        indexes = [
            models.Index(fields=["school", "submitted_at"]),
            # The triage count runs on every casework page.
            models.Index(
                fields=["submitted_at"],
                condition=Q(outcome="awaiting_match"),
                name="return_awaiting_match",
            ),
            # Triage and the sweep find returns held until their deletion date.
            models.Index(
                fields=["deletion_date"],
                condition=Q(outcome="waiting_for_deletion_date"),
                name="return_waiting_for_date",
            ),
        ]


def return_attachment_path(instance: "ReturnAttachment", filename: str) -> str:
    # Opaque names: the file name a school chose may contain the pupil's name.
    return f"returns/{instance.deletion_return_id}/{uuid.uuid4().hex}"


class ReturnAttachment(models.Model):
    """A file sent with a return, such as the parent's written notice of home education."""

    deletion_return = models.ForeignKey(
        DeletionReturn, on_delete=models.PROTECT, related_name="attachments"
    )
    description = models.CharField(max_length=100, default="Parent's written notice")
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=return_attachment_path, max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The same stored file on the child's record, once the return is matched to a child.
    document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_attachment",
    )


class ReturnMessage(models.Model):
    """One message between the council and the school about a return: the council's question,
    the school's answer, a decision, or a notice (an order in force, a referral)."""

    deletion_return = models.ForeignKey(
        DeletionReturn, on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(max_length=10, choices=RETURN_MESSAGE_KINDS.choices)
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    # A member of staff, or the school user who answered; none for the system or a school's
    # API key (``channel`` says which).
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10)
    # An answer waits in triage until an officer has read it.
    noted_at = models.DateTimeField(null=True, blank=True)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [
            models.Index(
                fields=["sent_at"],
                condition=Q(kind="answer", noted_at__isnull=True),
                name="return_answer_unread",
            )
        ]


class ConsentRequest(models.Model):
    """A removal that needs the council's consent first (a special school place arranged by the
    council; from commencement, s434A), decided by a manager with reasons."""

    kind = models.CharField(max_length=20, choices=CONSENT_KINDS.choices)
    deletion_return = models.ForeignKey(
        DeletionReturn, on_delete=models.PROTECT, related_name="consent_requests"
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="consent_requests"
    )
    decision = models.CharField(max_length=10, choices=CONSENT_DECISIONS.choices, default="pending")
    # Whose consent it is: the council that arranged the place (DOMAIN §5.4).
    arranged_by = models.CharField(max_length=20, choices=CONSENT_ARRANGED_BY.choices, blank=True)
    arranged_by_council = models.CharField("the other council", max_length=100, blank=True)
    reasons = models.TextField(blank=True, max_length=LONG_TEXT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(decision="pending"), name="consent_pending"
            )
        ]


class CMEEnquiry(models.Model):
    """One reasonable enquiry made to find a child missing education (DOMAIN §5.3)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="cme_enquiries")
    item = models.CharField(max_length=40, choices=CME_ENQUIRY_ITEMS.choices)
    made_on = models.DateField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(max_length=LONG_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "id"]
        verbose_name_plural = "CME enquiries"
