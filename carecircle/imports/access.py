"""Who may import, and finding one's own import: for the import pages and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.imports.models import ImportJob
from carecircle.sharing import policy


def importer(user: User) -> User:
    """Imports add youth: the roles that add youth."""
    if not policy.can_create_youth(user):
        raise PermissionDenied(_("Your role does not add youth records."))
    return user


def own_job(user: User, job_id) -> ImportJob:
    """An import is its uploader's alone: anyone else learns nothing of it (404)."""
    viewer = importer(user)
    job = ImportJob.objects.filter(pk=job_id, requested_by=viewer, county=viewer.county).first()
    if job is None:
        raise Http404(_("No import found at this address."))
    return job
