import uuid

from django.conf import settings
from django.db import models

from policy.text import LONG_TEXT
from policy.vocab import CONTACT_OUTCOMES, CONTACT_TYPES, DOCUMENT_TYPES, SUITABILITY_OUTCOMES

from .base import PublicId
from .children import Child
from .episodes import Episode


class Contact(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="contacts")
    contact_type = models.CharField(max_length=30, choices=CONTACT_TYPES.choices)
    occurred_on = models.DateField()
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    present = models.CharField("who was present", max_length=300, blank=True)
    child_seen = models.BooleanField(default=False)
    child_views = models.TextField("the child's views", blank=True, max_length=LONG_TEXT)
    parent_consented_to_views = models.BooleanField(
        "parent consented to recording the child's views", default=False
    )
    notes = models.TextField(blank=True, max_length=LONG_TEXT)
    outcome = models.CharField(max_length=30, choices=CONTACT_OUTCOMES.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["episode", "occurred_on"])]

    @property
    def visit_declined(self) -> bool:
        return self.outcome == "visit_declined"


class Judgement(models.Model):
    """A reasoned judgement on whether education *appears* suitable (s437(1) wording)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="judgements")
    decided_on = models.DateField()
    outcome = models.CharField(max_length=30, choices=SUITABILITY_OUTCOMES.choices)
    reasons = models.TextField(blank=True, max_length=LONG_TEXT)
    # One note per suitability consideration code (policy.suitability); they guide, not score.
    consideration_notes = models.JSONField(default=dict, blank=True)
    evidence_considered = models.TextField(blank=True, max_length=LONG_TEXT)
    medical_sen_evidence_considered = models.BooleanField(
        "medical and SEN evidence on file was considered", default=False
    )
    not_based_on_declined_visit = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    next_contact_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]


def document_path(instance: "Document", filename: str) -> str:
    # Stored under an opaque name: the original file name may contain a child's name.
    return f"documents/{instance.child_id}/{uuid.uuid4().hex}"


class Document(PublicId, models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="documents")
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    document_type = models.CharField(max_length=30, choices=DOCUMENT_TYPES.choices)
    description = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=document_path, max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # None when the service filed it (a parent's notice sent with a school's return).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
