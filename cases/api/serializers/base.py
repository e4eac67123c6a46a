"""What the serializers share: references by opaque id, and names for choice sets."""

import uuid

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers

from ehe.models import User
from policy.guards import FORMAL_STEP_LABELS
from policy.vocab import CONTACT_OUTCOMES, SUITABILITY_OUTCOMES
from policy.workflow import EPISODE_KIND_LABELS, STATUS_LABELS

# Named once for the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]): the same
# choice sets appear under several field names.
EPISODE_STATUS_CHOICES = sorted(STATUS_LABELS.items())
CONTACT_OUTCOME_CHOICES = list(CONTACT_OUTCOMES.choices)
SUITABILITY_OUTCOME_CHOICES = list(SUITABILITY_OUTCOMES.choices)
FORMAL_STEP_KIND_CHOICES = list(FORMAL_STEP_LABELS.items())
EPISODE_KIND_CHOICES = [(kind.value, label) for kind, label in EPISODE_KIND_LABELS.items()]


def display_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


class UidField(serializers.SlugRelatedField):
    """A reference to a record by its opaque ``uid``."""

    default_error_messages = {
        "invalid": "Enter the {what}'s id: a UUID.",
        "does_not_exist": "There is no {what} with this id.",
    }

    def __init__(self, what: str, **kwargs):
        self.what = what
        super().__init__(slug_field="uid", **kwargs)

    def to_internal_value(self, data):
        try:
            uuid.UUID(str(data))
        except ValueError:
            self.fail("invalid", what=self.what)
        try:
            return self.get_queryset().get(uid=data)
        except ObjectDoesNotExist:
            self.fail("does_not_exist", what=self.what)


def officers():
    return User.objects.filter(is_active=True)
