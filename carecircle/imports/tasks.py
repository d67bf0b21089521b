"""Background work for imports, run by the django-tasks database worker (or by
``manage.py run_import``)."""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from carecircle.imports import actions
from carecircle.imports.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


@task()
def check_import(job_id: str) -> str:
    job = ImportJob.objects.select_related("requested_by", "county").get(pk=job_id)
    if job.status != ImportStatus.CHECKING:
        return job.status
    return actions.run_check(job).status


@task()
def commit_import(job_id: str) -> str:
    job = ImportJob.objects.select_related("requested_by", "county", "agency").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return job.status
    try:
        return actions.run_commit(job).status
    except Exception:
        logger.exception("Import %s failed", job_id)
        actions.fail(job, _("Something went wrong; nothing was imported. Try again."))
        raise
