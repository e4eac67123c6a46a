"""Uploading documents. Files are checked by size, extension and their first bytes, stored
under opaque names outside the web root, and served only through an access check."""

import hashlib
from pathlib import PurePath

from django.db import transaction

from ehe.models import User
from policy.vocab import DOCUMENT_TYPES

from ..models import CaseworkSettings, Contact, Document, Episode
from .audit import audit_change
from .errors import ServiceError
from .limits import too_long

# Extension → (content type, signatures the file must start with; empty means plain text).
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", ()),
}


def file_content_type(name: str, head: bytes) -> str:
    """The content type of an allowed file, judged by its extension and its first bytes;
    ServiceError on the ``file`` field otherwise. Shared by every upload in the service."""
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(e.lstrip(".").upper() for e in ALLOWED_TYPES))
        raise ServiceError({"file": f"The file must be one of: {allowed}"})
    content_type, signatures = ALLOWED_TYPES[extension]
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ServiceError({"file": f"The file is not a real {extension.lstrip('.').upper()}"})
    if not signatures and b"\x00" in head:
        raise ServiceError({"file": "The text file contains binary data"})
    return content_type


@transaction.atomic
def document_upload(
    *,
    by: User | None,
    child,
    uploaded_file,
    document_type: str,
    description: str = "",
    episode: Episode | None = None,
    contact: Contact | None = None,
    channel: str,
) -> Document:
    if document_type not in DOCUMENT_TYPES:
        raise ServiceError({"document_type": "Choose the type of document"})
    if errors := too_long(Document, description=description):
        raise ServiceError(errors)
    if uploaded_file is None:
        raise ServiceError({"file": "Choose a file to upload"})
    limit = CaseworkSettings.current().max_upload_megabytes * 1024 * 1024
    if uploaded_file.size == 0:
        raise ServiceError({"file": "The file is empty"})
    if uploaded_file.size > limit:
        raise ServiceError({"file": f"The file must be smaller than {limit // (1024 * 1024)} MB"})
    if episode is not None and episode.child_id != child.pk:
        raise ServiceError({"episode": "That case belongs to another child"})
    if contact is not None and contact.episode.child_id != child.pk:
        raise ServiceError({"contact": "That contact belongs to another child"})
    uploaded_file.seek(0)
    content_type = file_content_type(uploaded_file.name, uploaded_file.read(16))
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    document = Document(
        child=child,
        episode=episode,
        contact=contact,
        document_type=document_type,
        description=description,
        original_name=PurePath(uploaded_file.name).name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    document.file.save("upload", uploaded_file, save=False)
    try:
        document.save()
        audit_change(by=by, action="create", obj=document, child_id=child.pk, channel=channel)
    except Exception:
        # Nothing a failed upload wrote may stay behind, on disk or in the database.
        document.file.delete(save=False)
        raise
    return document
