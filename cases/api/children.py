"""Children and the people around them."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cases.models import Person, Relationship
from cases.selectors import child_search, children_visible_to
from cases.services import (
    child_create,
    child_update,
    person_add_to_child,
    person_update,
    relationship_update,
)

from .common import CHANNEL, UUID_PATTERN, CaseworkViewSet, audit_one, audit_shown, today
from .filters import PersonFilter
from .serializers import (
    ChildCreateSerializer,
    ChildSearchResultSerializer,
    ChildSearchSerializer,
    ChildSerializer,
    ChildUpdateSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    RelationshipWriteSerializer,
)

SEARCH_LIMIT = 50
# Personal data that must never travel in a URL; sent here by mistake, it gets a pointer to
# the search instead of being silently ignored.
PERSONAL_QUERY_PARAMETERS = {"name", "first_name", "last_name", "date_of_birth", "upn"}
SEARCH_INSTEAD = (
    "Personal data must not appear in a URL: search with POST /api/v1/children/search/ instead"
)

CONFLICT = OpenApiResponse(description="Someone else saved first, or the workflow refuses.")


@extend_schema_view(
    list=extend_schema(summary="List children", responses=ChildSerializer(many=True)),
    retrieve=extend_schema(summary="Read a child's record"),
    create=extend_schema(
        summary="Add a child", request=ChildCreateSerializer, responses={201: ChildSerializer}
    ),
    partial_update=extend_schema(
        summary="Change a child's details",
        request=ChildUpdateSerializer,
        responses={200: ChildSerializer, 409: CONFLICT},
    ),
)
class ChildViewSet(CaseworkViewSet):
    serializer_class = ChildSerializer
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return ChildSerializer.setup(children_visible_to(self.request.user), today=today())

    def _read(self, child):
        return self.get_serializer(self.get_queryset().get(pk=child.pk)).data

    def list(self, request):
        personal = sorted(PERSONAL_QUERY_PARAMETERS & set(request.query_params))
        if personal:
            raise ValidationError(dict.fromkeys(personal, SEARCH_INSTEAD))
        return self.paginated(self.get_queryset(), ChildSerializer, children_of=lambda c: [c.pk])

    def retrieve(self, request, uid=None):
        child = self.get_object()
        audit_one(request, child, child.pk)
        return Response(self.get_serializer(child).data)

    def create(self, request):
        form = ChildCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        known_from = fields.pop("known_from", None) or today()
        child = child_create(by=request.user, known_from=known_from, channel=CHANNEL, **fields)
        return Response(self._read(child), status=status.HTTP_201_CREATED)

    def partial_update(self, request, uid=None):
        child = self.get_object()
        form = ChildUpdateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        version = fields.pop("version")
        child = child_update(
            by=request.user, child=child, expected_version=version, channel=CHANNEL, **fields
        )
        return Response(self._read(child))

    @extend_schema(
        summary="Find children by name, date of birth or UPN",
        description="The search terms are personal data, so they travel in the request body "
        "and never in the URL. Every term given must match; at most 50 children are returned.",
        request=ChildSearchSerializer,
        responses=ChildSearchResultSerializer,
    )
    @action(detail=False, methods=["post"])
    def search(self, request):
        form = ChildSearchSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        found = list(
            ChildSerializer.setup(
                child_search(request.user, **form.validated_data, limit=SEARCH_LIMIT + 1),
                today=today(),
                open_episodes=False,
            )
        )
        shown = found[:SEARCH_LIMIT]
        audit_shown(request, [(child, child.pk) for child in shown], detail="search")
        return Response(
            {
                "results": self.get_serializer(shown, many=True).data,
                "more": len(found) > SEARCH_LIMIT,
            }
        )


def _children_of(person) -> list[int]:
    return [link.child_id for link in person.relationships.all()]


@extend_schema_view(
    list=extend_schema(summary="List parents and carers", responses=PersonSerializer(many=True)),
    retrieve=extend_schema(summary="Read a parent's or carer's details"),
    create=extend_schema(
        summary="Add a parent or carer to a child",
        request=PersonCreateSerializer,
        responses={201: PersonSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a parent's or carer's details",
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, 409: CONFLICT},
    ),
)
class PersonViewSet(CaseworkViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return PersonSerializer.setup(Person.objects.all())

    def _read(self, person):
        return self.get_serializer(self.get_queryset().get(pk=person.pk)).data

    def list(self, request):
        return self.paginated(self.get_queryset(), PersonSerializer, children_of=_children_of)

    def retrieve(self, request, uid=None):
        person = self.get_object()
        audit_shown(request, [(person, child_id) for child_id in _children_of(person)])
        return Response(self.get_serializer(person).data)

    def create(self, request):
        form = PersonCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        link = person_add_to_child(
            by=request.user,
            child=fields.pop("child"),
            relationship=fields.pop("relationship"),
            **fields,
            channel="api",
        )
        return Response(self._read(link.person), status=status.HTTP_201_CREATED)

    def partial_update(self, request, uid=None):
        person = self.get_object()
        form = PersonUpdateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        version = fields.pop("version")
        person = person_update(
            by=request.user, person=person, expected_version=version, **fields, channel="api"
        )
        return Response(self._read(person))

    @extend_schema(
        summary="Link this person to a child, or change how they stand to one",
        request=RelationshipWriteSerializer,
        responses=PersonSerializer,
    )
    @action(detail=True, methods=["post"])
    def relationship(self, request, uid=None):
        person = self.get_object()
        form = RelationshipWriteSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        child = fields.pop("child")
        link = Relationship.objects.filter(person=person, child=child).first()
        if link is None:
            person_add_to_child(
                by=request.user,
                child=child,
                person=person,
                relationship=fields.pop("relationship", ""),
                **fields,
                channel="api",
            )
        elif fields:
            relationship_update(by=request.user, link=link, **fields, channel="api")
        else:
            raise ValidationError("Send the relationship or a flag to change")
        return Response(self._read(person))
