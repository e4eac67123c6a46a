"""The parent's written notice, held between the step that asks for it and the moment the
return is sent.

Chosen over asking for the file on the check-your-answers page: the school is told at once if
the file is the wrong type or too big, on the page where it chose it, and changing another
answer does not mean choosing the file again. The file waits under MEDIA_ROOT (outside the web
root) with a random name; only that name is in the session, never in a URL. It is deleted when
the return is sent or the school abandons it; files left by sessions that simply expired are
removed when the next journey starts (``purge_stale``).
"""

import secrets
from datetime import timedelta
from pathlib import PurePath

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from ..models import CaseworkSettings
from ..services import ServiceError
from ..services.documents import file_content_type  # the same rules the service applies when saving

PENDING_DIR = "pending-returns"


def upload_limit_mb() -> int:
    return CaseworkSettings.current().max_upload_megabytes


def upload_problem(upload) -> str | None:
    """Why the file cannot be sent with a return, or None. The service checks it again."""
    limit = upload_limit_mb()
    if upload.size == 0:
        return "The file is empty"
    if upload.size > limit * 1024 * 1024:
        return f"The file must be smaller than {limit} MB"
    upload.seek(0)
    try:
        file_content_type(upload.name, upload.read(16))
    except ServiceError as error:
        return error.errors["file"]
    finally:
        upload.seek(0)
    return None


def stage(upload) -> dict:
    """Keep ``upload`` until the return is sent; returns what the session remembers of it."""
    path = default_storage.save(f"{PENDING_DIR}/{secrets.token_urlsafe(18)}", upload)
    return {"path": path, "name": PurePath(upload.name).name[:255], "size": upload.size}


def open_staged(staged: dict | None) -> File | None:
    """The staged file, named as the school named it, or None when it has gone."""
    if not staged or not staged.get("path", "").startswith(f"{PENDING_DIR}/"):
        return None
    if not default_storage.exists(staged["path"]):
        return None
    handle = default_storage.open(staged["path"], "rb")
    return File(handle.file, name=staged["name"])


def discard(staged: dict | None) -> None:
    if staged and staged.get("path", "").startswith(f"{PENDING_DIR}/"):
        default_storage.delete(staged["path"])


def purge_stale(max_age_seconds: int) -> int:
    """Delete staged files older than a session can live. Returns how many went."""
    try:
        _, names = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - timedelta(seconds=max_age_seconds)
    removed = 0
    for name in names:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
