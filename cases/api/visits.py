"""Visits and meetings booked ahead on a case (``/api/v1/booked-visits/``): book one, list
and read them, and record on the day or after whether it was held. Same roles, error shape
and read audit as the rest of the casework API."""

import django_filters
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.models import BookedVisit
from cases.services import visit_book, visit_record_held, visit_record_not_held

from .common import CHANNEL, UUID_PATTERN, CaseworkViewSet, audit_one, today
from .records import REFUSED
from .serializers.visits import (
    BookedVisitCreateSerializer,
    BookedVisitSerializer,
    VisitHeldSerializer,
    VisitNotHeldSerializer,
)


class BookedVisitFilter(filters.FilterSet):
    episode = django_filters.UUIDFilter(field_name="episode__uid", help_text="The case's id.")
    child = django_filters.UUIDFilter(field_name="episode__child__uid", help_text="The child's id.")
    state = django_filters.ChoiceFilter(choices=BookedVisit.STATES)

    class Meta:
        model = BookedVisit
        fields = ["episode", "child", "state"]


@extend_schema_view(
    list=extend_schema(
        summary="List booked visits and meetings", responses=BookedVisitSerializer(many=True)
    ),
    retrieve=extend_schema(summary="Read a booked visit or meeting"),
    create=extend_schema(
        summary="Book a visit or meeting",
        description="On an open case, for today or a later day. It is the case's next date "
        "while it waits, if nothing else is due sooner.",
        request=BookedVisitCreateSerializer,
        responses={201: BookedVisitSerializer, 409: REFUSED},
    ),
)
class BookedVisitViewSet(CaseworkViewSet):
    serializer_class = BookedVisitSerializer
    filterset_class = BookedVisitFilter
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "post", "head", "options"]
    queryset = BookedVisit.objects.none()  # for the schema generator only

    def get_queryset(self):
        return BookedVisitSerializer.setup(BookedVisit.objects.order_by("booked_on", "id"))

    def _read(self, visit, **kwargs):
        fresh = self.get_queryset().get(pk=visit.pk)
        return Response(self.get_serializer(fresh).data, **kwargs)

    def _form(self, serializer_class) -> dict:
        form = serializer_class(data=self.request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)

    def list(self, request):
        return self.paginated(
            self.get_queryset(), BookedVisitSerializer, children_of=lambda v: [v.episode.child_id]
        )

    def retrieve(self, request, uid=None):
        visit = self.get_object()
        audit_one(request, visit, visit.episode.child_id)
        return Response(self.get_serializer(visit).data)

    def create(self, request):
        fields = self._form(BookedVisitCreateSerializer)
        visit = visit_book(by=request.user, today=today(), channel=CHANNEL, **fields)
        return self._read(visit, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record that a booked visit or meeting was held",
        description="Records the contact on the booked day, with the usual contact fields.",
        request=VisitHeldSerializer,
        responses={200: BookedVisitSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def held(self, request, uid=None):
        visit = self.get_object()
        fields = self._form(VisitHeldSerializer)
        visit_record_held(by=request.user, visit=visit, today=today(), channel=CHANNEL, **fields)
        return self._read(visit)

    @extend_schema(
        summary="Record that a booked visit or meeting did not take place",
        request=VisitNotHeldSerializer,
        responses={200: BookedVisitSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="not-held")
    def not_held(self, request, uid=None):
        visit = self.get_object()
        fields = self._form(VisitNotHeldSerializer)
        visit_record_not_held(
            by=request.user, visit=visit, today=today(), channel=CHANNEL, **fields
        )
        return self._read(visit)
