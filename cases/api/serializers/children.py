"""Children and the people around them."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import (
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    Episode,
    Person,
    Relationship,
)
from policy.upn import normalise_upn
from policy.vocab import CONTACT_METHODS, CSC_STATUS, RELATIONSHIPS, SEN_STATUS, SEX
from policy.workflow import CLOSED

from .base import UidField


class UpnField(serializers.CharField):
    """A UPN as people copy it, with spaces anywhere and in either case: shaped into the form
    it is stored in. Whether it is a valid UPN is the service's rule (policy.upn)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Unique pupil number: 13 characters, check letter first. Spaces are removed and "
            "letters capitalised.",
        )
        super().__init__(required=False, allow_blank=True, **kwargs)

    def to_internal_value(self, data):
        return normalise_upn(super().to_internal_value(data))


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildAddress
        fields = ["line_1", "line_2", "town", "postcode", "in_area", "valid_from"]
        read_only_fields = ["valid_from"]


class OpenEpisodeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)

    class Meta:
        model = Episode
        fields = ["id", "kind", "status"]


class ChildSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    age = serializers.SerializerMethodField()
    year_group = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    sen_status = serializers.SerializerMethodField()
    csc_status = serializers.SerializerMethodField()
    open_episodes = OpenEpisodeSerializer(many=True, read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "legal_first_name",
            "legal_middle_names",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "age",
            "year_group",
            "sex",
            "upn",
            "ethnicity",
            "languages",
            "gypsy_roma_traveller",
            "year_group_override",
            "hours_educated_by_parents",
            "hours_educated_by_others",
            "address",
            "sen_status",
            "csc_status",
            "open_episodes",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @staticmethod
    def setup(queryset, *, today, open_episodes=True):
        """Everything shown, as at ``today``, in a fixed number of queries. (The search
        selector already fetches the open episodes: ``open_episodes=False`` then.)"""
        queryset = queryset.prefetch_related(
            Prefetch(
                "addresses", queryset=ChildAddress.objects.as_at(today), to_attr="addresses_now"
            ),
            Prefetch(
                "sen_history", queryset=ChildSENStatus.objects.as_at(today), to_attr="sen_now"
            ),
            Prefetch(
                "csc_history", queryset=ChildCSCStatus.objects.as_at(today), to_attr="csc_now"
            ),
        )
        if not open_episodes:
            return queryset
        return queryset.prefetch_related(
            Prefetch(
                "episodes",
                queryset=Episode.objects.exclude(status=CLOSED).order_by("kind"),
                to_attr="open_episodes",
            )
        )

    def get_age(self, child) -> int:
        return child.age(self.context["today"])

    def get_year_group(self, child) -> int:
        return child.year_group(self.context["today"])

    @extend_schema_field(AddressSerializer(allow_null=True))
    def get_address(self, child):
        current = child.addresses_now[0] if child.addresses_now else None
        return AddressSerializer(current).data if current else None

    @extend_schema_field(serializers.ChoiceField(choices=SEN_STATUS.choices))
    def get_sen_status(self, child) -> str:
        return child.sen_now[0].status if child.sen_now else "none"

    @extend_schema_field(serializers.ChoiceField(choices=CSC_STATUS.choices))
    def get_csc_status(self, child) -> str:
        return child.csc_now[0].status if child.csc_now else "none"


class ChildFieldsSerializer(serializers.Serializer):
    """The editable fields of a child, all optional (a PATCH sends only what changes)."""

    legal_first_name = serializers.CharField(max_length=100, required=False)
    legal_middle_names = serializers.CharField(max_length=150, required=False, allow_blank=True)
    legal_last_name = serializers.CharField(max_length=100, required=False)
    preferred_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False)
    sex = serializers.ChoiceField(choices=SEX.choices, required=False)
    upn = UpnField()
    ethnicity = serializers.CharField(max_length=80, required=False, allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True)
    gypsy_roma_traveller = serializers.BooleanField(required=False)
    year_group_override = serializers.IntegerField(
        required=False, allow_null=True, min_value=-2, max_value=14
    )
    hours_educated_by_parents = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, min_value=0
    )
    hours_educated_by_others = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, min_value=0
    )

    def validate_date_of_birth(self, value):
        if value > self.context["today"]:
            raise serializers.ValidationError("The date of birth must be in the past")
        return value


class ChildCreateSerializer(ChildFieldsSerializer):
    legal_first_name = serializers.CharField(max_length=100)
    legal_last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    known_from = serializers.DateField(
        required=False, help_text="When the address and statuses took effect; default today."
    )
    address = AddressSerializer(required=False)
    sen_status = serializers.ChoiceField(choices=SEN_STATUS.choices, default="none")
    csc_status = serializers.ChoiceField(choices=CSC_STATUS.choices, default="none")

    def validate_known_from(self, value):
        if value > self.context["today"]:
            raise serializers.ValidationError("The date must be today or in the past")
        return value


class ChildUpdateSerializer(ChildFieldsSerializer):
    version = serializers.IntegerField(
        help_text="The version you read. If someone else has saved since, you get 409."
    )

    def validate(self, attrs):
        if len(attrs) == 1:
            raise serializers.ValidationError("Send at least one field to change")
        return attrs


class ChildSearchSerializer(serializers.Serializer):
    """Search terms travel in the body, never the URL: they are personal data."""

    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    upn = UpnField(default="")

    def validate(self, attrs):
        if not (attrs["name"].strip() or attrs["date_of_birth"] or attrs["upn"].strip()):
            raise serializers.ValidationError("Enter a name, a date of birth or a UPN")
        return attrs


class ChildSearchResultSerializer(serializers.Serializer):
    results = ChildSerializer(many=True)
    more = serializers.BooleanField(help_text="True when more children matched than are shown.")


PERSON_FIELDS = [
    "title",
    "first_name",
    "last_name",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact_method",
    "interpreter_needed",
    "interpreter_language",
]


class RelationshipSerializer(serializers.ModelSerializer):
    child = serializers.UUIDField(source="child.uid", read_only=True)

    class Meta:
        model = Relationship
        fields = [
            "child",
            "relationship",
            "parental_responsibility",
            "lives_with",
            "receives_correspondence",
            "provides_education",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    children = RelationshipSerializer(source="relationships", many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS, "children", "version", "created_at", "updated_at"]
        read_only_fields = fields

    @staticmethod
    def setup(queryset):
        return queryset.prefetch_related(
            Prefetch(
                "relationships",
                queryset=Relationship.objects.select_related("child").order_by("id"),
            )
        )


class PersonFieldsSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=20, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    address_line_1 = serializers.CharField(max_length=120, required=False, allow_blank=True)
    address_line_2 = serializers.CharField(max_length=120, required=False, allow_blank=True)
    town = serializers.CharField(max_length=80, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    preferred_contact_method = serializers.ChoiceField(
        choices=CONTACT_METHODS.choices, required=False, allow_blank=True
    )
    interpreter_needed = serializers.BooleanField(required=False)
    interpreter_language = serializers.CharField(max_length=60, required=False, allow_blank=True)


class RelationshipFlagsSerializer(serializers.Serializer):
    parental_responsibility = serializers.BooleanField(required=False)
    lives_with = serializers.BooleanField(required=False)
    receives_correspondence = serializers.BooleanField(required=False)
    provides_education = serializers.BooleanField(required=False)


class PersonCreateSerializer(PersonFieldsSerializer, RelationshipFlagsSerializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    child = UidField("child", queryset=Child.objects.all())
    relationship = serializers.ChoiceField(choices=RELATIONSHIPS.choices)


class PersonUpdateSerializer(PersonFieldsSerializer):
    version = serializers.IntegerField(
        help_text="The version you read. If someone else has saved since, you get 409."
    )

    def validate(self, attrs):
        if len(attrs) == 1:
            raise serializers.ValidationError("Send at least one field to change")
        return attrs


class RelationshipWriteSerializer(RelationshipFlagsSerializer):
    """Link this person to a child, or change how they stand to a child already linked."""

    child = UidField("child", queryset=Child.objects.all())
    relationship = serializers.ChoiceField(
        choices=RELATIONSHIPS.choices,
        required=False,
        help_text="Required when linking the person to a child for the first time.",
    )
