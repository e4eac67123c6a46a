"""Episodes and the actions that move them."""

from rest_framework import serializers

from cases.models import Child, Episode, School
from policy.vocab import CASE_SOURCES, PREVIOUS_SCHOOL_TYPES
from policy.workflow import EPISODE_KIND_LABELS, allowed_next

from .base import (
    EPISODE_STATUS_CHOICES,
    FORMAL_STEP_KIND_CHOICES,
    UidField,
    display_name,
    officers,
)


class EpisodeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    child = serializers.UUIDField(source="child.uid", read_only=True)
    kind_label = serializers.SerializerMethodField()
    status_label = serializers.CharField(read_only=True)
    allocated_officer = serializers.IntegerField(source="allocated_officer_id", allow_null=True)
    allocated_officer_name = serializers.SerializerMethodField()
    previous_school = serializers.SlugRelatedField(slug_field="urn", read_only=True)
    linked_from = serializers.UUIDField(source="linked_from.uid", read_only=True, allow_null=True)
    led_to = serializers.SlugRelatedField(slug_field="uid", many=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Episode
        fields = [
            "id",
            "child",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "allowed_transitions",
            "start_date",
            "end_date",
            "allocated_officer",
            "allocated_officer_name",
            "source",
            "source_detail",
            "previous_school",
            "previous_school_type",
            "primary_reason",
            "secondary_reasons",
            "reason_notes",
            "school_suggested_ehe",
            "pre_ehe_meeting_held",
            "closure_reason",
            "closure_notes",
            "linked_from",
            "led_to",
            "next_due_on",
            "next_due_kind",
            "post16_advice_done_on",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @staticmethod
    def setup(queryset):
        return queryset.select_related(
            "child", "allocated_officer", "previous_school", "linked_from"
        ).prefetch_related("led_to")

    def get_kind_label(self, episode) -> str:
        return EPISODE_KIND_LABELS[episode.kind]

    def get_allocated_officer_name(self, episode) -> str | None:
        return display_name(episode.allocated_officer)

    def get_allowed_transitions(self, episode) -> list[str]:
        return sorted(allowed_next(episode.kind, episode.status))


class EpisodeCreateSerializer(serializers.Serializer):
    child = UidField("child", queryset=Child.objects.all())
    kind = serializers.ChoiceField(choices=sorted(EPISODE_KIND_LABELS.items()))
    start_date = serializers.DateField()
    source = serializers.ChoiceField(choices=CASE_SOURCES.choices, default="other")
    source_detail = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    allocated_officer = serializers.PrimaryKeyRelatedField(
        queryset=officers(), required=False, allow_null=True, default=None
    )
    previous_school = serializers.SlugRelatedField(
        slug_field="urn",
        queryset=School.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The school's URN.",
    )
    previous_school_type = serializers.ChoiceField(
        choices=PREVIOUS_SCHOOL_TYPES.choices, required=False, allow_blank=True, default=""
    )
    primary_reason = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text="A DfE reason code for the kind of case (EHE or CME); none for involvements.",
    )
    secondary_reasons = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list
    )
    reason_notes = serializers.CharField(required=False, allow_blank=True, default="")
    school_suggested_ehe = serializers.BooleanField(required=False, allow_null=True, default=None)
    pre_ehe_meeting_held = serializers.BooleanField(required=False, allow_null=True, default=None)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=EPISODE_STATUS_CHOICES)
    on = serializers.DateField(required=False, help_text="When it happened; default today.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    closure_reason = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when moving to closed.",
    )
    closure_notes = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        help_text="The version you read. If someone else has saved since, you get 409."
    )


class CloseSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="When it closed; default today.")
    closure_reason = serializers.CharField(
        max_length=40,
        help_text="An EHE closure reason, a CME closure outcome, or for a considering-EHE case "
        "its outcome (became_ehe opens the linked EHE case).",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        help_text="The version you read. If someone else has saved since, you get 409."
    )


class AllocateSerializer(serializers.Serializer):
    officer = serializers.PrimaryKeyRelatedField(
        queryset=officers(), allow_null=True, help_text="The officer's id; null to unallocate."
    )


class FormalStepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=FORMAL_STEP_KIND_CHOICES,
        help_text="s437_notice moves a case at the panel to s437_notice; s438_notice or "
        "sao_served moves a case at s437_notice (after the notice period, with a not-satisfied "
        "judgement) to sao_process; sao_revoked makes no move.",
    )
    on = serializers.DateField(help_text="The day it was served (or, for sao_revoked, made).")
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class Post16AdviceSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text="When the referral was made; default today."
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
