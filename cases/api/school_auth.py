"""How a school's system signs its API requests: ``Authorization: Token <key>``.

The key identifies a school, not a person: ``request.auth`` is the SchoolApiToken and
``request.user`` stays anonymous, so nothing that checks a user's role (every casework
endpoint) can ever mistake a school's key for a member of staff. The casework endpoints do not
use this class at all; a key sent to them is ignored and the request is refused as anonymous.
"""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.permissions import BasePermission

from cases.models import SchoolApiToken
from cases.services.school_accounts import school_api_token_authenticate

KEYWORD = "Token"
SECURITY_SCHEME = "schoolToken"


class SchoolTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the header as: Authorization: Token <key>")
        try:
            raw_key = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The key is not valid") from None
        token = school_api_token_authenticate(raw_key)
        if token is None:
            # One message for unknown and revoked keys: the answer must not reveal which.
            raise exceptions.AuthenticationFailed("The key is not valid or has been revoked")
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return KEYWORD


class StaffSessionAuthentication(SessionAuthentication):
    """The site's session, read only so that a signed-in member of staff is told 403 (you are
    not a school) rather than 401; IsSchoolToken refuses them either way."""


class IsSchoolToken(BasePermission):
    """Only a school's key. A signed-in member of staff (session) is refused with 403: the
    deletion-return endpoints act for one school, and staff are not a school."""

    message = "These endpoints are for schools, with their school's API key"

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, SchoolApiToken)


class SchoolTokenScheme(OpenApiAuthenticationExtension):
    target_class = SchoolTokenAuthentication
    name = SECURITY_SCHEME

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A school's API key, made by the council's administrator: "
            "send `Authorization: Token <key>`.",
        }


class StaffSessionScheme(OpenApiAuthenticationExtension):
    """Kept out of the schema's security requirements: a session never authorises a school
    endpoint."""

    target_class = StaffSessionAuthentication
    name: list = []  # no scheme of its own
    priority = 1

    def get_security_requirement(self, auto_schema):
        return None

    def get_security_definition(self, auto_schema):
        return []
