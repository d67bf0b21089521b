"""Checks on uploaded files: size, and a type recognised from the bytes themselves."""

import hashlib
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


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse files that are too large or not of an accepted kind, whatever their name says."""
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
    if content_type is None:
        raise ValidationError(
            _("Care Circle accepts %(kinds)s files. Save the file as a PDF and try again.")
            % {"kinds": ACCEPTED}
        )
    return CheckedFile(content_type=content_type, size=upload.size, sha256=digest.hexdigest())
