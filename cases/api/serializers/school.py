"""Shapes of the schools' deletion-return API.

The input serializer only types the data (dates, yes/no, numbers, lengths that fit the
database) and names unknown fields; every rule about what makes a complete return lives in
``cases.services.frontdoor``. A school sees its returns as it sent them, with a status and, when
the council has raised a query, the council's message: never how the council routed it.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import DeletionReturn, ReturnAttachment, ReturnMessage
from cases.services.frontdoor import SUBMITTED_FIELDS
from policy.frontdoor import RETURN_MESSAGE_KINDS
from policy.vocab import (
    DELETION_GROUNDS,
    RELATIONSHIPS,
    RETURN_STATUSES,
    SCHOOL_NOTICE_KINDS,
    SEN_STATUS,
    SEX,
)

MAX_PARENTS = 4


def _inline_enum(vocabulary):
    """A choice set described as a pattern. "kind" and "status" are also the names of the
    episodes' choice sets, and the schema names every enum after its field: declaring these
    as enums would rename the episodes' published ``KindEnum`` and ``StatusEnum``."""
    codes = "|".join(vocabulary.codes)
    return extend_schema_field(
        {"type": "string", "pattern": f"^({codes})$", "example": vocabulary.codes[0]}
    )


@_inline_enum(SCHOOL_NOTICE_KINDS)
class NoticeKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=SCHOOL_NOTICE_KINDS.choices, **kwargs)


@_inline_enum(RETURN_STATUSES)
class ReturnStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=RETURN_STATUSES.choices, **kwargs)


MAX_ATTACHMENTS = 5


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=max_length, trim_whitespace=True, **kwargs
    )


def _yes_no(help_text: str) -> serializers.BooleanField:
    return serializers.BooleanField(required=False, allow_null=True, help_text=help_text)


class _NoUnknownFields:
    """Name every field the API does not know, rather than dropping it silently: a typo in a
    field name would otherwise lose what the school meant to send."""

    unknown_message = "This field is not part of a return"

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            detail = error.detail if isinstance(error.detail, dict) else {}
            for name in unknown:
                detail[name] = [self.unknown_message]
            raise serializers.ValidationError(detail or error.detail) from None
        if unknown:
            raise serializers.ValidationError({name: [self.unknown_message] for name in unknown})
        return value


class ParentSerializer(_NoUnknownFields, serializers.Serializer):
    unknown_message = "This field is not part of a parent's details"

    first_name = _text(100)
    last_name = _text(100)
    relationship = serializers.ChoiceField(
        choices=RELATIONSHIPS.choices,
        error_messages={
            "required": "Give the parent's relationship to the pupil",
            "invalid_choice": "Relationship must be one of: " + ", ".join(RELATIONSHIPS.codes),
        },
    )
    address = _text(300, help_text="The parent's address on one line")
    phone = _text(30, help_text="At least one emergency telephone number")
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=255, help_text="The file's name, with its extension (.pdf, .docx …)"
    )
    content_base64 = serializers.CharField(
        trim_whitespace=True, help_text="The file's content, base64-encoded"
    )


class DeletionReturnInputSerializer(_NoUnknownFields, serializers.Serializer):
    """A deletion return, or a notice that a parent is considering home education."""

    kind = NoticeKindField(
        help_text="`deletion`: the pupil has been (or is being) removed from the admission "
        "register. `considering_ehe`: still on roll; a parent is thinking about home education.",
        error_messages={
            "required": "Say whether the pupil has left the roll or a parent is considering it",
            "invalid_choice": "Kind must be deletion or considering_ehe",
        },
    )
    pupil_first_name = _text(100)
    pupil_middle_names = _text(150)
    pupil_last_name = _text(100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=SEX.choices, required=False)
    # Spaces inside are allowed and removed (policy.upn.normalise_upn) before the UPN is checked.
    upn = _text(20, help_text="Unique pupil number (13 characters, check letter first)")
    address_line_1 = _text(120)
    address_line_2 = _text(120)
    town = _text(80)
    postcode = _text(10)
    sen_status = serializers.ChoiceField(choices=SEN_STATUS.choices, required=False)
    parents = serializers.ListField(
        child=ParentSerializer(),
        required=False,
        max_length=MAX_PARENTS,
        help_text="Each parent the pupil normally lives with (at least one, at most 4)",
    )
    ground = serializers.ChoiceField(
        choices=DELETION_GROUNDS.choices,
        required=False,
        allow_blank=True,
        help_text="Regulation 9(1) ground, one letter a–o (deletions only)",
        error_messages={"invalid_choice": "Ground must be one letter from a to o"},
    )
    deletion_date = serializers.DateField(required=False, allow_null=True)
    destination_known = _yes_no("Whether the school knows where the pupil is going")
    destination_school_name = _text(200)
    destination_school_urn = _text(6)
    destination_local_authority = _text(100)
    destination_in_area = _yes_no("Whether the pupil is moving within this council's area")
    future_address = _text(300)
    placed_by_council = _yes_no("Special schools: whether the council arranged the place")
    sao_in_force = _yes_no("Whether a school attendance order is in force")
    meeting_offered = _yes_no("Whether the school offered the parent a meeting")
    meeting_held = _yes_no("Whether a meeting was held")
    school_suggested_ehe = _yes_no("Whether anyone at the school suggested home education")
    parent_reason = _text(5000, help_text="The reason the parent gave, if any")
    attendance_percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True
    )
    exclusions = _text(5000, help_text="Exclusions and attendance context")
    safeguarding_file = _yes_no("Whether the school holds a safeguarding file")
    child_protection_plan_or_s47 = _yes_no(
        "Whether the pupil has a child protection plan or is subject to s47 enquiries"
    )
    notes = _text(5000)
    attachments = serializers.ListField(
        child=AttachmentSerializer(),
        required=False,
        max_length=MAX_ATTACHMENTS,
        help_text="For ground (f), the parent's written notice (PDF, JPG, PNG, DOCX, ODT or "
        "TXT), base64-encoded. In a multipart request, send files as `attachments` parts "
        "instead.",
    )


class DeletionReturnMultipartSerializer(serializers.Serializer):
    """The same return as multipart/form-data, so a file need not be base64-encoded."""

    data = serializers.JSONField(
        help_text="The return as JSON text: the same fields as the JSON body, without `attachments`"
    )
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="The parent's written notice"
    )


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as one level, keyed like the service's: ``parents.1.phone``."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_errors(value, name))
    elif isinstance(detail, list) and detail and all(isinstance(v, dict) for v in detail):
        for index, value in enumerate(detail):
            flat.update(flatten_errors(value, f"{prefix}.{index}"))
    elif isinstance(detail, list):
        messages = [str(v) for v in detail if not isinstance(v, dict | list)]
        if messages:
            flat[prefix or "non_field_errors"] = messages
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


class DeletionReturnReceiptSerializer(serializers.ModelSerializer):
    """What a school sees of one of its returns in a list: the receipt and its status."""

    kind = NoticeKindField(read_only=True)
    status = ReturnStatusField(
        read_only=True,
        help_text="received: waiting for the council; processed: dealt with; query_raised: "
        "the council has asked your school a question (see query_message; answer it at "
        "…/answer/); order_in_force: a school attendance order is in force, keep the pupil "
        "on roll; consent_refused: the council has refused consent, keep the pupil on roll; "
        "referred: another council arranged the place and must decide. The detail's "
        "`messages` say more.",
    )
    query_message = serializers.SerializerMethodField()

    class Meta:
        model = DeletionReturn
        fields = ("reference", "kind", "submitted_at", "status", "query_message")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_query_message(self, obj) -> str:
        # The council's message is for a query only; anything else stays with the council.
        return obj.query_message if obj.status == "query_raised" else ""


class AttachmentReceiptSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = ReturnAttachment
        fields = ("name", "content_type", "size", "sha256")
        read_only_fields = fields


@_inline_enum(RETURN_MESSAGE_KINDS)
class MessageKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=RETURN_MESSAGE_KINDS.choices, **kwargs)


class ReturnMessageSerializer(serializers.ModelSerializer):
    """A message about the return: the council's question, your answer, the council's
    decision (with its reasons) or a notice. Who at the council wrote it is not shown."""

    kind = MessageKindField(
        read_only=True,
        help_text="query: a question from the council; answer: your school's answer; "
        "decision: the council's decision, with its reasons; notice: a message from the council",
    )

    class Meta:
        model = ReturnMessage
        fields = ("kind", "text", "sent_at")
        read_only_fields = fields


class DeletionReturnAnswerSerializer(_NoUnknownFields, serializers.Serializer):
    unknown_message = "This field is not part of an answer"

    answer = serializers.CharField(
        max_length=5000,
        trim_whitespace=True,
        help_text="Your answer to the council's question",
        error_messages={
            "required": "Enter your answer to the council's question",
            "blank": "Enter your answer to the council's question",
        },
    )


class DeletionReturnDetailSerializer(DeletionReturnReceiptSerializer):
    """One return as the school sent it, with its status and the messages about it."""

    attachments = AttachmentReceiptSerializer(many=True, read_only=True)
    messages = ReturnMessageSerializer(many=True, read_only=True)

    class Meta(DeletionReturnReceiptSerializer.Meta):
        fields = (
            *DeletionReturnReceiptSerializer.Meta.fields,
            "channel",
            *(name for name in SUBMITTED_FIELDS),
            "attachments",
            "messages",
        )
        read_only_fields = fields
