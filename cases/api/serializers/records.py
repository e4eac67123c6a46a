"""Contacts, suitability judgements and documents."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from cases.models import Child, Contact, Document, Episode, Judgement
from policy.vocab import CONTACT_OUTCOMES, CONTACT_TYPES, DOCUMENT_TYPES, SUITABILITY_OUTCOMES

from .base import UidField, display_name


class ContactSerializer(serializers.ModelSerializer):
    episode = serializers.UUIDField(source="episode.uid", read_only=True)
    child = serializers.UUIDField(source="episode.child.uid", read_only=True)
    officer_name = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "episode",
            "child",
            "contact_type",
            "occurred_on",
            "officer",
            "officer_name",
            "present",
            "child_seen",
            "child_views",
            "parent_consented_to_views",
            "notes",
            "outcome",
            "created_at",
        ]
        read_only_fields = fields

    @staticmethod
    def setup(queryset):
        return queryset.select_related("episode__child", "officer")

    def get_officer_name(self, contact) -> str | None:
        return display_name(contact.officer)


class ContactCreateSerializer(serializers.Serializer):
    episode = UidField("case", queryset=Episode.objects.all())
    contact_type = serializers.ChoiceField(choices=CONTACT_TYPES.choices)
    occurred_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=CONTACT_OUTCOMES.choices)
    present = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    child_seen = serializers.BooleanField(required=False, default=False)
    child_views = serializers.CharField(required=False, allow_blank=True, default="")
    parent_consented_to_views = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class JudgementSerializer(serializers.ModelSerializer):
    episode = serializers.UUIDField(source="episode.uid", read_only=True)
    child = serializers.UUIDField(source="episode.child.uid", read_only=True)
    consideration_notes = serializers.DictField(child=serializers.CharField(), read_only=True)
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Judgement
        fields = [
            "id",
            "episode",
            "child",
            "decided_on",
            "outcome",
            "reasons",
            "consideration_notes",
            "evidence_considered",
            "medical_sen_evidence_considered",
            "not_based_on_declined_visit",
            "decided_by",
            "decided_by_name",
            "next_contact_due",
            "created_at",
        ]
        read_only_fields = fields

    @staticmethod
    def setup(queryset):
        return queryset.select_related("episode__child", "decided_by")

    def get_decided_by_name(self, judgement) -> str | None:
        return display_name(judgement.decided_by)


class JudgementCreateSerializer(serializers.Serializer):
    episode = UidField("case", queryset=Episode.objects.all())
    decided_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=SUITABILITY_OUTCOMES.choices)
    reasons = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text='Required unless the outcome is "appears_suitable".',
    )
    consideration_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="A note against each suitability consideration, keyed by its code.",
    )
    evidence_considered = serializers.CharField(required=False, allow_blank=True, default="")
    medical_sen_evidence_considered = serializers.BooleanField(required=False, default=False)
    not_based_on_declined_visit = serializers.BooleanField(required=False, default=False)
    next_contact_due_on = serializers.DateField(required=False, allow_null=True, default=None)
    what_would_help = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text='Required when the outcome is "not_yet_satisfied".',
    )
    reply_by = serializers.DateField(required=False, allow_null=True, default=None)


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    child = serializers.UUIDField(source="child.uid", read_only=True)
    episode = serializers.UUIDField(source="episode.uid", read_only=True, allow_null=True)
    contact = serializers.IntegerField(source="contact_id", read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "child",
            "episode",
            "contact",
            "document_type",
            "description",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    @staticmethod
    def setup(queryset):
        return queryset.select_related("child", "episode")

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document) -> str:
        return reverse(
            "api:document-download", kwargs={"uid": document.uid}, request=self.context["request"]
        )


class DocumentCreateSerializer(serializers.Serializer):
    child = UidField("child", queryset=Child.objects.all())
    episode = UidField("case", queryset=Episode.objects.all(), required=False, allow_null=True)
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.select_related("episode"), required=False, allow_null=True
    )
    document_type = serializers.ChoiceField(choices=DOCUMENT_TYPES.choices)
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    file = serializers.FileField(help_text="PDF, JPG, PNG, DOCX, ODT or TXT.")
