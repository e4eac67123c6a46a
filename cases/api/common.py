"""What every casework endpoint shares: who may call it, pagination, filtering, today's date,
and writing the read audit (DOMAIN §10: every read of a child's record is logged)."""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.parsers import JSONParser

from cases.services import audit_read, audit_read_many
from ehe.permissions import HasRole
from ehe.roles import Role

from .pagination import CasePagination

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
CHANNEL = "api"

CaseworkRoles = HasRole.for_roles(Role.OFFICER, Role.MANAGER)
ManagerRole = HasRole.for_roles(Role.MANAGER)


def today():
    return timezone.localdate()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class CaseworkViewSet(viewsets.GenericViewSet):
    """Officers and managers only, as on the screens; every other role gets 403."""

    permission_classes = [CaseworkRoles]
    parser_classes = [JSONParser]
    pagination_class = CasePagination
    filter_backends = [DjangoFilterBackend]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today()}

    def paginated(self, queryset, serializer_class, *, children_of):
        """One page of ``queryset``, with one audit entry for each child whose record is shown
        (``children_of(obj)`` gives their ids), written in one query."""
        page = list(self.paginate_queryset(self.filter_queryset(queryset)))
        audit_shown(self.request, [(obj, child) for obj in page for child in children_of(obj)])
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)


@dataclass(frozen=True)
class _Shown:
    """One (record, child) pair for the bulk read audit: a record linked to several children
    (a parent of siblings) is logged once against each of them."""

    _meta: models.options.Options
    pk: object
    child_id: int


def audit_shown(request, pairs, detail: str = "") -> None:
    audit_read_many(
        by=request.user,
        objs=[_Shown(obj._meta, obj.pk, child_id) for obj, child_id in pairs],
        child_id_of=lambda shown: shown.child_id,
        detail=detail,
        channel=CHANNEL,
        ip=client_ip(request),
    )


def audit_one(request, obj, child_id: int, *, action: str = "view", detail: str = "") -> None:
    audit_read(
        by=request.user,
        obj=obj,
        child_id=child_id,
        detail=detail,
        channel=CHANNEL,
        ip=client_ip(request),
        action=action,
    )
