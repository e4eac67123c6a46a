"""Contacts, suitability judgements and documents: what is recorded on a child's case."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from cases.models import Contact, Document, Judgement
from cases.services import contact_record, document_upload, judgement_record

from .common import CHANNEL, UUID_PATTERN, CaseworkViewSet, audit_one, today
from .filters import ContactFilter, DocumentFilter, JudgementFilter
from .serializers import (
    ContactCreateSerializer,
    ContactSerializer,
    DocumentCreateSerializer,
    DocumentSerializer,
    JudgementCreateSerializer,
    JudgementSerializer,
)

REFUSED = OpenApiResponse(description="The case is closed, or the workflow refuses the move.")


class _RecordViewSet(CaseworkViewSet):
    """List, read and record; records are never edited or deleted through the API."""

    read_serializer: type
    create_serializer: type
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return self.read_serializer.setup(self.read_serializer.Meta.model.objects.all())

    def list(self, request):
        return self.paginated(
            self.get_queryset(), self.read_serializer, children_of=lambda r: [r.episode.child_id]
        )

    def retrieve(self, request, pk=None):
        record = self.get_object()
        audit_one(request, record, record.episode.child_id)
        return Response(self.get_serializer(record).data)

    def create(self, request):
        form = self.create_serializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        record = self.record(**form.validated_data)
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List contacts", responses=ContactSerializer(many=True)),
    retrieve=extend_schema(summary="Read a contact"),
    create=extend_schema(
        summary="Record a contact",
        description="A declined home visit is recorded as such and never by itself moves the "
        "case toward formal action.",
        request=ContactCreateSerializer,
        responses={201: ContactSerializer, 409: REFUSED},
    ),
)
class ContactViewSet(_RecordViewSet):
    serializer_class = read_serializer = ContactSerializer
    create_serializer = ContactCreateSerializer
    filterset_class = ContactFilter
    queryset = Contact.objects.none()  # for the schema generator only

    def record(self, **fields) -> Contact:
        return contact_record(by=self.request.user, today=today(), channel=CHANNEL, **fields)


@extend_schema_view(
    list=extend_schema(
        summary="List suitability judgements", responses=JudgementSerializer(many=True)
    ),
    retrieve=extend_schema(summary="Read a suitability judgement"),
    create=extend_schema(
        summary="Record a suitability judgement",
        request=JudgementCreateSerializer,
        responses={201: JudgementSerializer, 409: REFUSED},
    ),
)
class JudgementViewSet(_RecordViewSet):
    serializer_class = read_serializer = JudgementSerializer
    create_serializer = JudgementCreateSerializer
    filterset_class = JudgementFilter
    queryset = Judgement.objects.none()

    def record(self, **fields) -> Judgement:
        return judgement_record(by=self.request.user, today=today(), channel=CHANNEL, **fields)


@extend_schema_view(
    list=extend_schema(summary="List documents", responses=DocumentSerializer(many=True)),
    retrieve=extend_schema(summary="Read a document's details"),
    create=extend_schema(
        summary="Upload a document",
        request={"multipart/form-data": DocumentCreateSerializer},
        responses={201: DocumentSerializer},
    ),
)
class DocumentViewSet(CaseworkViewSet):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    parser_classes = [MultiPartParser]
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "post", "head", "options"]
    cursor_ordering = "-uploaded_at"

    def get_queryset(self):
        return DocumentSerializer.setup(Document.objects.all())

    def list(self, request):
        return self.paginated(
            self.get_queryset(), DocumentSerializer, children_of=lambda d: [d.child_id]
        )

    def retrieve(self, request, uid=None):
        document = self.get_object()
        audit_one(request, document, document.child_id)
        return Response(self.get_serializer(document).data)

    def create(self, request):
        form = DocumentCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        document = document_upload(
            by=request.user, uploaded_file=fields.pop("file"), channel=CHANNEL, **fields
        )
        fresh = self.get_queryset().get(pk=document.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download a document",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, uid=None):
        document = self.get_object()
        audit_one(request, document, document.child_id, action="download")
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        # Personal data: no shared cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
        return response
