import uuid
from datetime import date

from django.db import models
from django.db.models import Q


class DatedQuerySet(models.QuerySet):
    def as_at(self, on: date):
        """Rows in force on ``on``: began on or before it and had not ended by it (DOMAIN §8)."""
        return self.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on)))


class DatedRecord(models.Model):
    """A value that held from ``valid_from`` until the day before ``valid_to`` (open if null).

    Dated histories let any count be asked "as at" a past date.
    """

    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-valid_from", "-id"]


class Versioned(models.Model):
    """Optimistic locking: edit forms carry ``version``; services refuse a stale one."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicId(models.Model):
    """An opaque id for URLs and the API, so addresses never reveal or enumerate records."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
