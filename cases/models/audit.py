from django.conf import settings
from django.db import models

# How a read or change came in: a person on a screen, the API (staff or a school's system),
# the demo loader, a scheduled job or the system itself, or an import of the council's files.
CHANNEL_CHOICES = [
    ("web", "Web"),
    ("api", "API"),
    ("demo", "Demo data"),
    ("system", "System or scheduled job"),
    ("import", "Import"),
]
CHANNELS = tuple(code for code, _ in CHANNEL_CHOICES)


class AuditEntry(models.Model):
    """Append-only log of every read and change of a child's record (DOMAIN §10).

    Holds ids and a short description of what was done, never names or other personal data.
    """

    ACTION_CHOICES = [
        ("view", "Viewed"),
        ("create", "Created"),
        ("update", "Changed"),
        ("transition", "Status changed"),
        ("download", "Downloaded"),
        ("export", "Exported"),
        ("import", "Imported"),
    ]
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=ACTION_CHOICES)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    channel = models.CharField(max_length=10, choices=CHANNEL_CHOICES)
    detail = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The audit log is append-only.")
