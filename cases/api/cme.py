"""Children missing education through the API: the reasonable enquiries on a case, and
registering a referral (DOMAIN §5.3). Same roles, error shape and audit as the rest of the
casework API."""

import django_filters
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from cases.models import CMEEnquiry, Episode
from cases.services import ServiceError, cme_enquiry_record
from cases.services.cme_intake import cme_referral_register

from .common import CHANNEL, CaseworkViewSet, today
from .records import REFUSED, _RecordViewSet
from .serializers.cme import (
    CMEEnquiryCreateSerializer,
    CMEEnquirySerializer,
    CMEReferralResultSerializer,
    CMEReferralSerializer,
)
from .serializers.episodes import EpisodeSerializer

# The referral service names a new child's fields as the form does; in the API they sit
# inside ``new_child`` (and its ``address``).
ADDRESS_FIELDS = {"line_1", "line_2", "town", "postcode", "in_area"}
CHILD_FIELDS = {
    "legal_first_name",
    "legal_middle_names",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "upn",
    "csc_status",
}


class CMEEnquiryFilter(filters.FilterSet):
    episode = django_filters.UUIDFilter(field_name="episode__uid", help_text="The case's id.")
    child = django_filters.UUIDFilter(field_name="episode__child__uid", help_text="The child's id.")

    class Meta:
        model = CMEEnquiry
        fields = ["episode", "child"]


@extend_schema_view(
    list=extend_schema(
        summary="List reasonable enquiries on CME cases",
        responses=CMEEnquirySerializer(many=True),
    ),
    retrieve=extend_schema(summary="Read a reasonable enquiry"),
    create=extend_schema(
        summary="Record a reasonable enquiry",
        description="The first enquiry on a referred case moves it to 'enquiries'.",
        request=CMEEnquiryCreateSerializer,
        responses={201: CMEEnquirySerializer, 409: REFUSED},
    ),
)
class CMEEnquiryViewSet(_RecordViewSet):
    serializer_class = read_serializer = CMEEnquirySerializer
    create_serializer = CMEEnquiryCreateSerializer
    filterset_class = CMEEnquiryFilter
    queryset = CMEEnquiry.objects.none()  # for the schema generator only

    def record(self, **fields) -> CMEEnquiry:
        return cme_enquiry_record(by=self.request.user, today=today(), channel=CHANNEL, **fields)


def _api_field(name: str) -> str:
    if name in ADDRESS_FIELDS:
        return f"new_child.address.{name}"
    if name in CHILD_FIELDS:
        return f"new_child.{name}"
    return name


@extend_schema_view(
    create=extend_schema(
        summary="Register a CME referral",
        description="For a child the team knows (child) or a new child (new_child): creates the "
        "child if new, records any safeguarding concern, and opens the CME case, all or "
        "nothing.",
        request=CMEReferralSerializer,
        responses={201: CMEReferralResultSerializer, 400: OpenApiResponse(description="Bad input")},
    ),
)
class CMEReferralViewSet(CaseworkViewSet):
    serializer_class = CMEReferralSerializer
    http_method_names = ["post", "options"]

    def create(self, request):
        form = CMEReferralSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        if fields["new_child"] is not None:
            fields["new_child"] = dict(
                fields["new_child"], address=dict(fields["new_child"]["address"])
            )
        try:
            referral = cme_referral_register(
                by=request.user, today=today(), channel=CHANNEL, **fields
            )
        except ServiceError as error:
            raise ServiceError({_api_field(k): v for k, v in error.errors.items()}) from error
        episode = EpisodeSerializer.setup(Episode.objects).get(pk=referral.episode.pk)
        data = CMEReferralResultSerializer(
            {
                "episode": episode,
                "child": referral.child,
                "child_created": referral.child_created,
                "refer_to_social_care": referral.refer_to_social_care,
            },
            context=self.get_serializer_context(),
        ).data
        return Response(data, status=status.HTTP_201_CREATED)
