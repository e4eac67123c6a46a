"""What the school sent, carried onto the child's record: a new child made from the return's
details, and the parent's written notice filed as one of the child's documents."""

from datetime import date

from ehe.models import User
from policy.frontdoor import GROUNDS_NEEDING_PARENT_NOTICE, split_postcode

from ...models import Child, DeletionReturn, Document
from ..audit import audit_change
from ..children import child_create, person_add_to_child

RELATIONSHIP_CODES = (
    "mother",
    "father",
    "step_parent",
    "grandparent",
    "foster_carer",
    "special_guardian",
)


def relationship_code(text: str) -> str:
    text = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    return text if text in RELATIONSHIP_CODES else "other_carer"


def parent_fields(parent: dict) -> dict:
    """A parent as the school gave them, in the fields a person's record holds. The address
    comes on one line; a postcode at its end goes in the postcode field."""
    line, postcode = split_postcode(parent.get("address", ""))
    return {
        "first_name": parent.get("first_name", "").strip(),
        "last_name": parent.get("last_name", "").strip(),
        "address_line_1": line[:120],
        "postcode": postcode,
        "phone": parent.get("phone", "").strip()[:30],
        "email": parent.get("email", "").strip(),
    }


def child_for(r: DeletionReturn, *, by: User | None, channel: str, today: date) -> Child:
    """The return's child: the matched one, or a new record seeded from the return (the
    pupil, their address from the deletion date, and each parent they live with)."""
    if r.matched_child_id:
        return r.matched_child
    child = child_create(
        by=by,
        legal_first_name=r.pupil_first_name.strip(),
        legal_last_name=r.pupil_last_name.strip(),
        legal_middle_names=r.pupil_middle_names.strip(),
        date_of_birth=r.date_of_birth,
        sex=r.sex,
        upn=r.upn,
        known_from=min(r.deletion_date or today, today),
        sen_status=r.sen_status,
        address={
            "line_1": r.address_line_1.strip(),
            "line_2": r.address_line_2.strip(),
            "town": r.town.strip(),
            "postcode": r.postcode,
            "in_area": True,
        },
        channel=channel,
    )
    for parent in r.parents:
        person_add_to_child(
            by=by,
            child=child,
            relationship=relationship_code(parent.get("relationship", "")),
            channel=channel,
            **parent_fields(parent),
        )
    r.matched_child = child
    r.save(update_fields=["matched_child"])
    return child


def file_notice_with_child(r: DeletionReturn, *, by: User | None, channel: str) -> list[Document]:
    """File each file the school sent on the matched child's record, linked to the case the
    return opened or joined. The document points at the file already stored with the return,
    so it is neither copied nor ever lost: both rows protect it. Safe to run again: a file
    already filed is only linked to the case if it was not yet."""
    if not r.matched_child_id:
        return []
    # The notice a ground (f) return must carry; anything else a school sent is correspondence.
    kind = "parent_notice" if r.ground in GROUNDS_NEEDING_PARENT_NOTICE else "correspondence"
    filed = []
    for attachment in r.attachments.select_related("document"):
        document = attachment.document
        if document is None:
            document = Document.objects.create(
                child_id=r.matched_child_id,
                episode=r.episode,
                document_type=kind,
                description=f"{attachment.description}, sent with school return {r.reference}",
                original_name=attachment.original_name,
                file=attachment.file.name,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
                uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            )
            attachment.document = document
            attachment.save(update_fields=["document"])
            audit_change(
                by=by,
                action="create",
                obj=document,
                child_id=r.matched_child_id,
                channel=channel,
                detail=f"filed from school return {r.reference}",
            )
        elif document.episode_id is None and r.episode_id:
            document.episode = r.episode
            document.save(update_fields=["episode"])
            audit_change(
                by=by,
                action="update",
                obj=document,
                child_id=r.matched_child_id,
                channel=channel,
                detail=f"linked to the case school return {r.reference} opened",
            )
        filed.append(document)
    return filed
