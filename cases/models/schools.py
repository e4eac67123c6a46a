from django.db import models

from policy.vocab import PREVIOUS_SCHOOL_TYPES


class School(models.Model):
    """A school from Get Information about Schools (GIAS), keyed by its URN."""

    urn = models.CharField("URN", max_length=6, unique=True)
    name = models.CharField(max_length=200)
    establishment_type = models.CharField(max_length=120, blank=True)
    school_type = models.CharField(
        "DfE previous-school type", max_length=40, choices=PREVIOUS_SCHOOL_TYPES.choices
    )
    phase = models.CharField(max_length=60, blank=True)
    la_code = models.CharField("local authority code", max_length=3, blank=True)
    is_open = models.BooleanField(default=True)
    is_special = models.BooleanField("special school", default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"
