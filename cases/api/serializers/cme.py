"""Children missing education: reasonable enquiries and referrals."""

from rest_framework import serializers

from cases.models import Child, CMEEnquiry, Episode
from policy.vocab import CASE_SOURCES, CME_ENQUIRY_ITEMS, CME_REASONS, CSC_STATUS, SEX

from .base import UidField, display_name
from .children import AddressSerializer, UpnField
from .episodes import EpisodeSerializer


class CMEEnquirySerializer(serializers.ModelSerializer):
    episode = serializers.UUIDField(source="episode.uid", read_only=True)
    child = serializers.UUIDField(source="episode.child.uid", read_only=True)
    item_label = serializers.SerializerMethodField()
    made_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CMEEnquiry
        fields = [
            "id",
            "episode",
            "child",
            "item",
            "item_label",
            "made_on",
            "made_by",
            "made_by_name",
            "outcome",
            "created_at",
        ]
        read_only_fields = fields

    @staticmethod
    def setup(queryset):
        return queryset.select_related("episode__child", "made_by")

    def get_item_label(self, enquiry) -> str:
        return CME_ENQUIRY_ITEMS.label(enquiry.item)

    def get_made_by_name(self, enquiry) -> str | None:
        return display_name(enquiry.made_by)


class CMEEnquiryCreateSerializer(serializers.Serializer):
    episode = UidField("case", queryset=Episode.objects.all())
    item = serializers.ChoiceField(choices=CME_ENQUIRY_ITEMS.choices)
    made_on = serializers.DateField()
    outcome = serializers.CharField(help_text="What the enquiry found.")


class CMENewChildSerializer(serializers.Serializer):
    legal_first_name = serializers.CharField(max_length=100)
    legal_middle_names = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    legal_last_name = serializers.CharField(max_length=100)
    preferred_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    date_of_birth = serializers.DateField()
    sex = serializers.ChoiceField(choices=SEX.choices, default="U")
    upn = UpnField(default="")
    address = AddressSerializer(help_text="The child's last known address.")
    csc_status = serializers.ChoiceField(
        choices=CSC_STATUS.choices,
        default="none",
        help_text="cpp or cla alerts a manager: refer to children's social care at once.",
    )


class CMEReferralSerializer(serializers.Serializer):
    child = UidField(
        "child",
        queryset=Child.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A child the team knows. Send this or new_child, not both.",
    )
    new_child = CMENewChildSerializer(
        required=False, allow_null=True, default=None, help_text="A child the team does not know."
    )
    source = serializers.ChoiceField(
        choices=CASE_SOURCES.choices,
        help_text="Who made the referral. A school's deletion return comes through "
        "/api/v1/deletion-returns/ instead, so school_deletion_return and imported are refused.",
    )
    referred_by = serializers.CharField(
        max_length=200, help_text="Who referred the child and how to reach them."
    )
    start_date = serializers.DateField(
        help_text="The day the child was known to be of compulsory school age, living in the "
        "area and not on a school roll."
    )
    primary_reason = serializers.ChoiceField(
        choices=CME_REASONS.choices,
        help_text='The DfE reason. Required; "not_recorded" must be sent explicitly.',
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    safeguarding_concern = serializers.BooleanField(
        help_text="True records a safeguarding concern before the case opens, so a manager is "
        "alerted."
    )
    safeguarding_details = serializers.CharField(required=False, allow_blank=True, default="")


class CMEReferralResultSerializer(serializers.Serializer):
    case = EpisodeSerializer(source="episode")
    child = serializers.UUIDField(source="child.uid")
    child_created = serializers.BooleanField()
    refer_to_social_care = serializers.BooleanField(
        help_text="The child is on a child protection plan, looked after, or has a "
        "safeguarding concern: refer to children's social care now (a manager has been alerted)."
    )
