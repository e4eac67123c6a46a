"""Visits and meetings booked ahead on a case, and what happened at them."""

from rest_framework import serializers

from cases.models import BookedVisit, Episode
from policy.contacts import VISIT_HELD_OUTCOMES, VISIT_KINDS, VISIT_NOT_HELD_REASONS
from policy.vocab import CONTACT_OUTCOMES

from .base import UidField, display_name

VISIT_HELD_OUTCOME_CHOICES = [c for c in CONTACT_OUTCOMES.choices if c[0] in VISIT_HELD_OUTCOMES]
# Named once for the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
VISIT_KIND_CHOICES = list(VISIT_KINDS.choices)
VISIT_NOT_HELD_REASON_CHOICES = list(VISIT_NOT_HELD_REASONS.choices)


class BookedVisitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    episode = serializers.UUIDField(source="episode.uid", read_only=True)
    child = serializers.UUIDField(source="episode.child.uid", read_only=True)
    kind_label = serializers.CharField(read_only=True)
    booked_by_name = serializers.SerializerMethodField()
    contact = serializers.IntegerField(source="contact_id", read_only=True, allow_null=True)
    rearranged_to = serializers.UUIDField(
        source="rearranged_to.uid", read_only=True, allow_null=True, default=None
    )
    overdue = serializers.SerializerMethodField(
        help_text="Still waiting to be recorded after its day."
    )

    class Meta:
        model = BookedVisit
        fields = [
            "id",
            "episode",
            "child",
            "kind",
            "kind_label",
            "booked_on",
            "booked_time",
            "notes",
            "booked_by",
            "booked_by_name",
            "state",
            "overdue",
            "not_held_reason",
            "outcome_notes",
            "outcome_recorded_on",
            "contact",
            "rearranged_to",
            "created_at",
        ]
        read_only_fields = fields

    @staticmethod
    def setup(queryset):
        return queryset.select_related("episode__child", "booked_by", "rearranged_to")

    def get_booked_by_name(self, visit) -> str | None:
        return display_name(visit.booked_by)

    def get_overdue(self, visit) -> bool:
        return visit.is_waiting and visit.booked_on < self.context["today"]


class BookedVisitCreateSerializer(serializers.Serializer):
    episode = UidField("case", queryset=Episode.objects.all())
    kind = serializers.ChoiceField(choices=VISIT_KIND_CHOICES)
    booked_on = serializers.DateField(help_text="Today or a later day.")
    booked_time = serializers.TimeField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class VisitHeldSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=VISIT_HELD_OUTCOME_CHOICES)
    present = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    child_seen = serializers.BooleanField(required=False, default=False)
    child_views = serializers.CharField(required=False, allow_blank=True, default="")
    parent_consented_to_views = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class VisitNotHeldSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=VISIT_NOT_HELD_REASON_CHOICES,
        help_text="A declined home visit is a valid choice (recorded as a contact with the "
        "outcome visit_declined), never non-engagement on its own.",
    )
    notes = serializers.CharField(max_length=2000, help_text="What happened.")
    rebook_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Its new day, if rearranged.",
    )
    rebook_time = serializers.TimeField(required=False, allow_null=True, default=None)
