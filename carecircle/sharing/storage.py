"""Uploaded files live outside the web root and are only ever served through a view
that asks the policy first."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    """Files under ``PRIVATE_FILES_ROOT``, read from settings each time (tests move it)."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> PrivateFileStorage:
    return PrivateFileStorage()
