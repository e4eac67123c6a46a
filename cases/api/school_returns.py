"""The schools' API: send a deletion return (or a "considering home education" notice), read
back the school's own returns with their status and the council's messages, and answer the
council's question about one.

Authenticated with the school's API key only (``Authorization: Token <key>``). A member of
staff signed in to the site is refused (403): these endpoints act for one school. A school's
key does not reach any casework endpoint, which use the site's session alone.
"""

import base64
import binascii
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from cases.models import CaseworkSettings, DeletionReturn
from cases.selectors.frontdoor import returns_visible_to_school
from cases.services import deletion_return_query_answer, deletion_return_submit
from cases.tasks import route_deletion_return

from .common import today
from .pagination import CasePagination
from .school_auth import IsSchoolToken, SchoolTokenAuthentication, StaffSessionAuthentication
from .serializers.school import (
    DeletionReturnAnswerSerializer,
    DeletionReturnDetailSerializer,
    DeletionReturnInputSerializer,
    DeletionReturnMultipartSerializer,
    DeletionReturnReceiptSerializer,
    flatten_errors,
)

CHANNEL = "api"
# References are made by the service as DR-<year>-<number>.
REFERENCE_PATTERN = "DR-[0-9]{4}-[0-9]{6,}"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TOO_BIG_FOR_JSON = (
    "The request is bigger than {mb} MB. Send the notice as a file in a multipart/form-data "
    "request instead of base64 in JSON."
)


def _json_limit_mb() -> float:
    return round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024), 1)


class ReturnPagination(CasePagination):
    ordering = "-submitted_at"


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=IDEMPOTENCY_HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Recommended. A value unique to this return (such as a UUID), at most 100 "
    "characters. Sending the same key again returns the original receipt with 200 and saves "
    "nothing, so a request that timed out can safely be retried.",
)
UNAUTHENTICATED = OpenApiResponse(description="No key, or a key that is unknown or revoked.")
FORBIDDEN = OpenApiResponse(description="Not a school's key (for example a staff session).")


def _decode(items: list[dict], *, first_index: int, total: int) -> list[SimpleUploadedFile]:
    """Base64 attachments as uploaded files, refusing any that cannot be one before decoding
    more than the size limit allows."""
    limit = CaseworkSettings.current().max_upload_megabytes * 1024 * 1024
    files, errors = [], {}
    for offset, item in enumerate(items):
        index = first_index + offset
        key = "attachments" if total == 1 else f"attachments.{index}"
        text = "".join(item["content_base64"].split())
        if len(text) * 3 // 4 > limit + 2:
            errors[key] = [f"The file must be smaller than {limit // (1024 * 1024)} MB"]
            continue
        try:
            content = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            errors[key] = ["The file's content is not valid base64"]
            continue
        files.append(SimpleUploadedFile(item["name"], content))
    if errors:
        raise exceptions.ValidationError(errors)
    return files


@extend_schema_view(
    list=extend_schema(
        summary="List your school's returns",
        description="Newest first, with cursor pagination. Only returns sent by your school.",
        responses={
            200: DeletionReturnReceiptSerializer(many=True),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
        },
    ),
    retrieve=extend_schema(
        summary="Read one of your school's returns",
        description="The return as it was sent, with its status. 404 for any reference that "
        "is not one of your school's.",
        responses={
            200: DeletionReturnDetailSerializer,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: OpenApiResponse(description="No return of yours has this reference."),
        },
    ),
    create=extend_schema(
        summary="Send a deletion return",
        description="A deletion return (regulation 9(1) ground, deletion date, destination; "
        "for ground (f) the parent's written notice) or a notice that a parent is considering "
        "home education. Send JSON (attachments base64-encoded in `attachments`) or "
        "multipart/form-data (the JSON in a `data` part, files as `attachments` parts). "
        "Bad input is refused with 400 and an error per field, and nothing is saved.",
        parameters=[IDEMPOTENCY_PARAMETER],
        request={
            "application/json": DeletionReturnInputSerializer,
            "multipart/form-data": DeletionReturnMultipartSerializer,
        },
        responses={
            201: OpenApiResponse(DeletionReturnReceiptSerializer, description="Saved."),
            200: OpenApiResponse(
                DeletionReturnReceiptSerializer,
                description="Already received with this Idempotency-Key: the original receipt.",
            ),
            400: OpenApiResponse(
                description='Refused, nothing saved: {"errors": {"field": ["message"]}}; '
                "parents' fields are named like parents.0.phone."
            ),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
        },
    ),
    answer=extend_schema(
        summary="Answer the council's question about a return",
        description="When a return's status is `query_raised`, the council has asked your "
        "school a question (in `query_message`, and in `messages`). Send your answer here; "
        "the return goes back to `received`, waiting for the council, and the answer is kept "
        "with the return.",
        request=DeletionReturnAnswerSerializer,
        responses={
            200: OpenApiResponse(
                DeletionReturnDetailSerializer, description="Answer saved: the return now."
            ),
            400: OpenApiResponse(description='No answer: {"errors": {"answer": ["message"]}}.'),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: OpenApiResponse(description="No return of yours has this reference."),
            409: OpenApiResponse(
                description="There is no question waiting for an answer on this return."
            ),
        },
    ),
)
class DeletionReturnViewSet(viewsets.GenericViewSet):
    # IsSchoolToken lets nothing but a school's key through; the session is read only so a
    # signed-in member of staff is told 403 rather than 401.
    authentication_classes = [SchoolTokenAuthentication, StaffSessionAuthentication]
    permission_classes = [IsSchoolToken]
    parser_classes = [JSONParser, MultiPartParser]
    pagination_class = ReturnPagination
    filter_backends: list = []
    serializer_class = DeletionReturnReceiptSerializer
    lookup_field = "reference"
    lookup_value_regex = REFERENCE_PATTERN

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DeletionReturn.objects.none()
        # Isolation lives here: every read starts from the key's own school.
        return returns_visible_to_school(self.request.auth.school)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DeletionReturnReceiptSerializer(page, many=True).data)

    def _own(self, reference) -> DeletionReturn:
        queryset = self.get_queryset().prefetch_related("attachments", "messages")
        deletion_return = queryset.filter(reference=reference).first()
        if deletion_return is None:
            raise exceptions.NotFound("No return of yours has this reference")
        return deletion_return

    def retrieve(self, request, reference=None):
        return Response(DeletionReturnDetailSerializer(self._own(reference)).data)

    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def answer(self, request, reference=None):
        form = DeletionReturnAnswerSerializer(data=request.data)
        if not form.is_valid():
            raise exceptions.ValidationError(flatten_errors(form.errors))
        deletion_return_query_answer(
            by=None,
            school=request.auth.school,
            deletion_return=self._own(reference),
            answer=form.validated_data["answer"],
            channel=CHANNEL,
        )
        return Response(DeletionReturnDetailSerializer(self._own(reference)).data)

    def create(self, request):
        body, files = self._body(request)
        form = DeletionReturnInputSerializer(data=body)
        if not form.is_valid():
            raise exceptions.ValidationError(flatten_errors(form.errors))
        data = dict(form.validated_data)
        kind = data.pop("kind")
        encoded = data.pop("attachments", [])
        total = len(files) + len(encoded)
        attachments = files + _decode(encoded, first_index=len(files), total=total)
        receipt = deletion_return_submit(
            by=None,
            school=request.auth.school,
            kind=kind,
            data=data,
            attachments=attachments,
            token=request.auth,
            idempotency_key=request.headers.get(IDEMPOTENCY_HEADER, ""),
            channel=CHANNEL,
            today=today(),
            enqueue_routing=route_deletion_return,
        )
        deletion_return = receipt.deletion_return
        return Response(
            DeletionReturnReceiptSerializer(deletion_return).data,
            status=status.HTTP_201_CREATED if receipt.created else status.HTTP_200_OK,
            headers={
                "Location": reverse("api:deletion-return-detail", args=[deletion_return.reference])
            },
        )

    def _body(self, request) -> tuple[dict, list]:
        """The return's fields and any files sent as multipart parts."""
        try:
            request.data  # noqa: B018 - parse now, so a body too big for JSON is named
        except RequestDataTooBig:
            # Django caps a non-file body at DATA_UPLOAD_MAX_MEMORY_SIZE; files sent as
            # multipart parts are not held in memory and have only the upload limit.
            raise exceptions.ValidationError(
                {"attachments": [TOO_BIG_FOR_JSON.format(mb=_json_limit_mb())]}
            ) from None
        if request.content_type.startswith("multipart/form-data"):
            text = request.data.get("data")
            if not text:
                raise exceptions.ValidationError({"data": ["Send the return as JSON in 'data'"]})
            try:
                body = json.loads(text)
            except ValueError:
                raise exceptions.ValidationError({"data": ["'data' is not valid JSON"]}) from None
            return body, list(request.FILES.getlist("attachments"))
        return request.data, []
