"""Episodes (EHE, CME and "considering EHE" cases) and the actions that move them.

Moves are POST actions on the episode. The workflow's refusals come back as 409 with the
reason (DOMAIN §5.2; policy.workflow holds the table, policy.guards each move's
preconditions); a stale ``version`` is also 409. The formal stages are reached only by
recording the step that justifies them (``formal-step``), never by a bare ``transition``.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from cases.selectors import CaseloadFilters, caseload
from cases.services import (
    episode_allocate,
    episode_close,
    episode_open,
    episode_transition,
    formal_step_record,
    post16_advice_record,
)
from ehe.roles import Role
from policy.workflow import CLOSED

from .common import CHANNEL, UUID_PATTERN, CaseworkViewSet, ManagerRole, audit_one, today
from .filters import EpisodeFilter
from .serializers import (
    AllocateSerializer,
    CloseSerializer,
    EpisodeCreateSerializer,
    EpisodeSerializer,
    FormalStepSerializer,
    Post16AdviceSerializer,
    TransitionSerializer,
)

REFUSED = OpenApiResponse(
    description="The workflow does not allow this from the case's current status, or someone "
    "else changed the case since you read it. The body's detail says which."
)


@extend_schema_view(
    list=extend_schema(summary="List cases", responses=EpisodeSerializer(many=True)),
    retrieve=extend_schema(summary="Read a case"),
    create=extend_schema(
        summary="Open a case",
        description="Only a manager may allocate a new case to someone other than themselves.",
        request=EpisodeCreateSerializer,
        responses={201: EpisodeSerializer},
    ),
)
class EpisodeViewSet(CaseworkViewSet):
    serializer_class = EpisodeSerializer
    filterset_class = EpisodeFilter
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return EpisodeSerializer.setup(
            caseload(CaseloadFilters(include_closed=True), today=today())
        )

    def _read(self, episode, **kwargs):
        fresh = self.get_queryset().get(pk=episode.pk)
        return Response(self.get_serializer(fresh).data, **kwargs)

    def _form(self, serializer_class):
        form = serializer_class(data=self.request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)

    def list(self, request):
        return self.paginated(
            self.get_queryset(), EpisodeSerializer, children_of=lambda e: [e.child_id]
        )

    def retrieve(self, request, uid=None):
        episode = self.get_object()
        audit_one(request, episode, episode.child_id)
        return Response(self.get_serializer(episode).data)

    def create(self, request):
        fields = self._form(EpisodeCreateSerializer)
        officer = fields["allocated_officer"]
        someone_else = officer is not None and officer.pk != request.user.pk
        if someone_else and not request.user.has_role(Role.MANAGER):
            raise PermissionDenied("Only a manager can allocate a case to someone else.")
        episode = episode_open(by=request.user, today=today(), channel=CHANNEL, **fields)
        return self._read(episode, status=status.HTTP_201_CREATED)

    def _close(self, episode, *, on, closure_reason, notes, version):
        # episode_close also opens the follow-on EHE case where a closure leads into home
        # education (DOMAIN §5.1, §5.3).
        return episode_close(
            by=self.request.user,
            episode=episode,
            on=on,
            closure_reason=closure_reason,
            notes=notes,
            expected_version=version,
            today=today(),
            channel=CHANNEL,
        )

    @extend_schema(
        summary="Move a case to another status",
        request=TransitionSerializer,
        responses={200: EpisodeSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, uid=None):
        episode = self.get_object()
        fields = self._form(TransitionSerializer)
        on = fields.get("on") or today()
        if fields["to"] == CLOSED:
            self._close(
                episode,
                on=on,
                closure_reason=fields["closure_reason"],
                notes=fields["closure_notes"] or fields["reason"],
                version=fields["version"],
            )
        else:
            episode_transition(
                by=request.user,
                episode=episode,
                to=fields["to"],
                on=on,
                reason=fields["reason"],
                expected_version=fields["version"],
                today=today(),
                channel=CHANNEL,
            )
        return self._read(episode)

    @extend_schema(
        summary="Close a case",
        request=CloseSerializer,
        responses={200: EpisodeSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, uid=None):
        episode = self.get_object()
        fields = self._form(CloseSerializer)
        self._close(
            episode,
            on=fields.get("on") or today(),
            closure_reason=fields["closure_reason"],
            notes=fields["notes"],
            version=fields["version"],
        )
        return self._read(episode)

    @extend_schema(
        summary="Allocate a case to an officer (managers only)",
        request=AllocateSerializer,
        responses={200: EpisodeSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], permission_classes=[ManagerRole])
    def allocate(self, request, uid=None):
        episode = self.get_object()
        fields = self._form(AllocateSerializer)
        episode_allocate(
            by=request.user,
            episode=episode,
            officer=fields["officer"],
            today=today(),
            channel=CHANNEL,
        )
        return self._read(episode)

    @extend_schema(
        summary="Record the Year 11 referral for post-16 advice",
        request=Post16AdviceSerializer,
        responses={200: EpisodeSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="post16-advice")
    def post16_advice(self, request, uid=None):
        episode = self.get_object()
        fields = self._form(Post16AdviceSerializer)
        post16_advice_record(
            by=request.user,
            episode=episode,
            on=fields.get("on") or today(),
            notes=fields["notes"],
            today=today(),
            channel=CHANNEL,
        )
        return self._read(episode)

    @extend_schema(
        summary="Record a notice or order served (managers only)",
        description="Records an s437(1) notice, an s438 notice of intention, a school attendance "
        "order served, or an order revoked, and makes the move the step carries.",
        request=FormalStepSerializer,
        responses={200: EpisodeSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="formal-step", permission_classes=[ManagerRole])
    def formal_step(self, request, uid=None):
        episode = self.get_object()
        fields = self._form(FormalStepSerializer)
        formal_step_record(
            by=request.user,
            episode=episode,
            kind=fields["kind"],
            on=fields["on"],
            notes=fields["notes"],
            today=today(),
            channel=CHANNEL,
        )
        return self._read(episode)
