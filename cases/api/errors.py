"""Domain errors become HTTP responses here, and nowhere else (ARCHITECTURE §4.4).

- ``StaleEdit`` (someone else saved first) and ``TransitionRefused`` (a move the workflow does
  not allow) are conflicts with the record's current state: 409 with ``{"detail": reason}``.
- Any other ``ServiceError`` is bad input: 400 with ``{"errors": {field: [message]}}``.
- DRF's own validation errors take the same 400 shape, so a client reads one format whatever
  layer refused the request.
"""

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from cases.services import ServiceError, StaleEdit, TransitionRefused


def _field_errors(errors: dict[str, str]) -> dict[str, list[str]]:
    return {
        (field or api_settings.NON_FIELD_ERRORS_KEY): [message] for field, message in errors.items()
    }


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, TransitionRefused):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        return Response({"errors": _field_errors(exc.errors)}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        detail = response.data
        if not isinstance(detail, dict):
            detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        response.data = {
            "errors": {
                field: messages if isinstance(messages, list | dict) else [messages]
                for field, messages in detail.items()
            }
        }
    return response
