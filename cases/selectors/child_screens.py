"""Small reads the child screens' forms need — what to default a form to and what to warn the
officer about, one query each. The child page itself is ``cases.selectors.child_page``."""

from datetime import date

from django.db.models import Count

from ..models import (
    Alert,
    ChildSENStatus,
    Contact,
    Document,
    Episode,
)

EVIDENCE_DOCUMENT_TYPES = ("medical_evidence", "sen_evidence")


def most_common_contact_type(user) -> str | None:
    """The contact type this officer records most, to put first on the contact form."""
    row = (
        Contact.objects.filter(officer=user)
        .values("contact_type")
        .annotate(n=Count("id"))
        .order_by("-n", "contact_type")
        .first()
    )
    return row["contact_type"] if row else None


def evidence_on_file(episode: Episode, on: date) -> dict[str, bool]:
    """Whether the child has SEN recorded on ``on`` or medical/SEN documents on file: the
    judgement must then record that the evidence was considered (DOMAIN §5.2)."""
    sen = (
        ChildSENStatus.objects.as_at(on)
        .filter(child_id=episode.child_id, status__in=["sen_support", "ehcp"])
        .exists()
    )
    documents = Document.objects.filter(
        child_id=episode.child_id, document_type__in=EVIDENCE_DOCUMENT_TYPES
    ).exists()
    return {"sen_status": sen, "documents": documents}


def visit_declined(episode: Episode) -> bool:
    return episode.contacts.filter(outcome="visit_declined").exists()


def child_open_alerts(child_id: int) -> list[Alert]:
    return list(
        Alert.objects.filter(child_id=child_id, acknowledged_at__isnull=True)
        .select_related("episode")
        .order_by("created_at", "id")
    )


def _name(user) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.username
