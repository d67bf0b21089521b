"""Writes of the reports app: asking for an export, building it, and recording reads."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.audit.actions import record_event
from carecircle.reports.models import Export, ExportFormat, ExportStatus
from carecircle.reports.periods import Period
from carecircle.sharing import policy


def record_report_read(
    *, actor: User, report: str, period: Period | None = None, kept: bool | None = None
) -> None:
    """A dashboard or report page was shown: counts, but counts of youth records.
    ``kept``: whether the figures shown were kept ones (``kept.py``) or counted now."""
    detail = {"report": report, "period": period.key if period else ""}
    if kept is not None:
        detail["kept"] = kept
    record_event(actor=actor, action="report.viewed", purpose="program_reporting", detail=detail)


def request_export(*, actor: User, period: Period, file_format: str) -> Export:
    """Queue a program report file for the person asking; the worker builds it."""
    if not policy.can_see_county_reports(actor):
        raise PermissionDenied(_("Only the CSEC coordinator and supervisors export reports."))
    if file_format not in ExportFormat.values:
        raise ValueError(file_format)
    from carecircle.reports.tasks import build_export

    with transaction.atomic():
        export = Export.objects.create(
            county=actor.county,
            requested_by=actor,
            report="program",
            period=period.key,
            file_format=file_format,
        )
        record_event(
            actor=actor,
            action="report.export_requested",
            obj=export,
            purpose="program_reporting",
            detail={"report": "program", "period": period.key, "format": file_format},
        )
        build_export.enqueue(str(export.pk))
    return export


def set_progress(export: Export, percent: int, step: str) -> None:
    """Progress is written outside any transaction so the page polling it sees it."""
    Export.objects.filter(pk=export.pk).update(progress=percent, step=step)


def finish_export(*, export: Export, content: bytes) -> Export:
    with transaction.atomic():
        export.file.save(
            f"export-{export.pk}.{export.file_format}", ContentFile(content), save=False
        )
        export.status = ExportStatus.DONE
        export.progress = 100
        export.step = ""
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "progress", "step", "finished_at"])
        record_event(
            actor=export.requested_by,
            action="report.export_built",
            obj=export,
            purpose="program_reporting",
            detail={"bytes": len(content), "format": export.file_format},
        )
    return export


def fail_export(*, export: Export, error: str) -> None:
    with transaction.atomic():
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=error[:500], finished_at=timezone.now()
        )
        record_event(
            actor=export.requested_by,
            action="report.export_failed",
            obj=export,
            outcome="failure",
            detail={"error": error[:200]},
        )


def expire_export(*, export: Export) -> None:
    """A file past its time is deleted: it was built under the permissions of its day."""
    with transaction.atomic():
        if export.file:
            export.file.delete(save=False)
        Export.objects.filter(pk=export.pk).update(file="")
        record_event(actor=None, action="report.export_expired", obj=export)


def record_export_download(*, actor: User, export: Export) -> None:
    record_event(
        actor=actor,
        action="report.export_downloaded",
        obj=export,
        purpose="program_reporting",
        detail={"format": export.file_format, "period": export.period},
    )


ProgressFn = Callable[[int, str], None]
