"""Background work for reports, run by the django-tasks database worker."""

import logging
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from carecircle.reports import actions, files
from carecircle.reports.models import Export, ExportStatus
from carecircle.reports.periods import parse
from carecircle.reports.program import NOT_FOR_PUBLICATION, build_program_report
from carecircle.reports.sources import ViewerSource
from carecircle.sharing import policy

logger = logging.getLogger(__name__)


@task()
def build_export(export_id: str) -> bool:
    """Build one export as the person who asked for it, from what they may see now."""
    # Claimed first, so that a task run twice builds the file once.
    if not Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    ):
        return False
    export = Export.objects.select_related("requested_by__county", "county").get(pk=export_id)
    user = export.requested_by
    period = parse(export.period)
    if (
        period is None
        or user.county_id != export.county_id
        or not policy.can_see_county_reports(user)
    ):
        actions.fail_export(export=export, error=_("You may no longer export this report."))
        return False
    try:
        actions.set_progress(export, 5, _("Counting"))
        report = build_program_report(
            ViewerSource(user),
            period,
            now=timezone.now(),
            progress=lambda percent, step: actions.set_progress(export, percent, step),
        )
        actions.set_progress(export, 90, _("Writing the file"))
        content = render(report, export.file_format)
    except Exception:
        # The details go to the worker's log; the person is told what to do next.
        logger.exception("Building export %s failed", export_id)
        actions.fail_export(
            export=export,
            error=_("Something went wrong while building the file. Prepare it again."),
        )
        raise
    actions.finish_export(export=export, content=content)
    return True


def render(report, file_format: str) -> bytes:
    title = _("CSEC Program report: %(county)s, %(period)s") % {
        "county": report.county.name,
        "period": report.period.label,
    }
    when = timezone.localtime(report.generated_at, ZoneInfo(report.county.time_zone))
    heading = [
        _("Prepared %(when)s from the records the person who asked may see.")
        % {"when": when.strftime("%Y-%m-%d %H:%M %Z")},
        NOT_FOR_PUBLICATION,
    ]
    if file_format == "csv":
        return files.tables_csv(title, report.tables, heading=heading).encode("utf-8")
    if file_format == "xlsx":
        return files.tables_xlsx(title, report.tables, heading=heading)
    return files.tables_pdf({"title": title, "heading": heading, "tables": report.tables})
