"""What every casework screen shares: role checks, today's date, reading audit, and turning
service errors into GOV.UK form errors."""

from django import forms
from django.contrib import messages
from django.utils import timezone

from ehe.permissions import RoleRequiredMixin
from ehe.roles import Role

from ..services import ServiceError, audit_read


def today():
    return timezone.localdate()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class CaseworkMixin(RoleRequiredMixin):
    """Officers and managers: the people whose work needs children's records (DOMAIN §10)."""

    allowed_roles = (Role.OFFICER, Role.MANAGER)


class ManagerMixin(RoleRequiredMixin):
    allowed_roles = (Role.MANAGER,)


def apply_service_error(
    form: forms.Form, error: ServiceError, names: dict[str, str] | None = None
) -> None:
    """Attach every one of a service's field errors to the form, so the error summary lists
    them all, in the page's order, each linked to its field. ``names`` maps a service's
    argument to the form field that asked for it where the two are named differently.
    Errors for fields the form does not show become errors of the whole form."""
    for field, message in error.errors.items():
        field = (names or {}).get(field, field)
        form.add_error(field if field in form.fields else None, message)


def record_child_read(request, child, detail: str = "") -> None:
    audit_read(
        by=request.user,
        obj=child,
        child_id=child.pk,
        detail=detail,
        ip=client_ip(request),
        channel="web",
    )


def refused(request, error) -> None:
    """A workflow refusal (TransitionRefused) shown at the top of the next page."""
    messages.error(request, str(error))
