"""Checks on uploaded files: size, and a type recognised from the bytes themselves."""

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What the first bytes of each accepted kind of file look like.
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
ACCEPTED = _("PDF, PNG, JPEG or plain text")
# Served files never run anything, whatever is inside them.
INERT_FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
SCANS = frozenset({"application/pdf", "image/png", "image/jpeg"})
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "text/plain": ".txt",
}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def _sniff(head: bytes, whole: bytes | None) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if whole is not None and b"\x00" not in whole:
        try:
            whole.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


def check_upload(upload: UploadedFile, *, scans_only: bool = False) -> CheckedFile:
    """Refuse files that are too large or not of an accepted kind, whatever their name says.

    ``scans_only`` accepts PDF, PNG and JPEG only (signed forms).
    """
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty. Choose the file again."))
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    whole = upload.read() if upload.size <= 1024 * 1024 else None
    upload.seek(0)
    content_type = _sniff(head, whole)
    if content_type is None or (scans_only and content_type not in SCANS):
        raise ValidationError(
            _("Care Circle accepts %(kinds)s files. Save the file as a PDF and try again.")
            % {"kinds": _("PDF, PNG or JPEG") if scans_only else ACCEPTED}
        )
    return CheckedFile(content_type=content_type, size=upload.size, sha256=digest.hexdigest())


def stored_name(folder: str, content_type: str) -> str:
    """A generated name: what people call their files never reaches the disk, and the
    extension always matches the content that was checked."""
    return f"{folder}/{uuid.uuid4().hex}{EXTENSIONS[content_type]}"


@contextmanager
def removed_on_failure(*files) -> Iterator[None]:
    """Delete files already written if the rest of the change fails, so that a rolled
    back row never leaves its file behind."""
    try:
        yield
    except BaseException:
        for field_file in files:
            if field_file:
                field_file.delete(save=False)
        raise


def inline_file(field_file, content_type: str):
    """A stored file shown in the browser: its checked type, never cached, never able to
    run anything."""
    from django.http import FileResponse

    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = INERT_FILE_POLICY
    return response
