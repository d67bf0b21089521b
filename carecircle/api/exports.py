"""API v1: the caller's caseload and open tasks as CSV or XLSX files.

Each file holds what the matching list shows (the same access helpers, the same
search), every cell made inert for spreadsheet programs, and the export is audited as
the list and the caseload page's export are. A file is written whole, so it is bounded:
above ``MAX_ROWS`` rows the answer is 400 and says to narrow it or use the paged list."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.request import Request

from carecircle.accounts.models import User
from carecircle.api.models import Scope
from carecircle.api.views import _caseload_or_403
from carecircle.audit.actions import record_event
from carecircle.clocks import access as clock_access
from carecircle.clocks.models import Obligation
from carecircle.lib.dates import in_county_zone
from carecircle.lib.spreadsheets import XLSX_CONTENT_TYPE, download
from carecircle.youth import access
from carecircle.youth.exports import caseload_file

MAX_ROWS = 10_000
FORMATS = ("csv", "xlsx")


class FileNegotiation(BaseContentNegotiation):
    """Here ``format`` names the file asked for, and the view writes the file itself.
    DRF's own negotiation would answer ``?format=csv`` with 404 (no renderer by that
    name) and ``Accept: text/csv`` with 406; a refusal is JSON whatever was asked."""

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


FILE_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
}
FORMAT = OpenApiParameter(
    "format",
    str,
    enum=list(FORMATS),
    default="csv",
    description="The kind of file: `csv` (UTF-8) or `xlsx` (Excel).",
)


@extend_validation_errors(["invalid_choice"], field_name="format")
@extend_validation_errors(["too_many_rows"])
class FileExport(GenericAPIView):
    """A whole list as one file: not paged, and answered by the view, not a renderer."""

    scopes = {"read": Scope.YOUTH_READ}
    pagination_class = None
    content_negotiation_class = FileNegotiation

    def file_format(self, request: Request) -> str:
        chosen = request.query_params.get("format") or "csv"
        if chosen not in FORMATS:
            raise exceptions.ValidationError(
                {"format": [_("Ask for format=csv or format=xlsx.")]}, code="invalid_choice"
            )
        return chosen

    def bounded(self, queryset: QuerySet, *, narrow: str) -> list:
        """The rows, unless there are more than a file of this API holds."""
        rows = list(queryset[: MAX_ROWS + 1])
        if len(rows) > MAX_ROWS:
            raise exceptions.ValidationError(
                _("This export would hold more than %(limit)s rows. %(narrow)s")
                % {"limit": f"{MAX_ROWS:,}", "narrow": narrow},
                code="too_many_rows",
            )
        return rows


class YouthExport(FileExport):
    @extend_schema(
        parameters=[
            FORMAT,
            OpenApiParameter("q", str, description="Words of a name to look for."),
        ],
        responses=FILE_RESPONSES,
        summary="Your caseload as a file",
        description="The youth `GET /api/v1/youth/` lists, with the columns of the "
        "caseload page's export. Audited as an export (`youth.export`).",
    )
    def get(self, request: Request) -> HttpResponse:
        _caseload_or_403(request.user)
        file_format = self.file_format(request)
        query = request.query_params.get("q", "").strip()[:100]
        youth = access.caseload(request.user)
        if query:
            youth = youth.search(query)
        rows = self.bounded(
            youth.order_by("last_name", "first_name", "id"),
            narrow=_("Narrow it with q, or read the paged list at /api/v1/youth/."),
        )
        access.record_caseload_export(
            viewer=request.user, youth=rows, query=query, file_format=file_format, api=True
        )
        return caseload_file(request.user, rows, file_format=file_format)


def task_header() -> list[str]:
    return [_("Task ID"), _("Due"), _("Task"), _("Youth ID"), _("Youth"), _("Whose task"),
            _("State")]  # fmt: skip


def task_rows(viewer: User, tasks: Iterable[Obligation]) -> Iterator[list[str]]:
    """As the due list shows them; times in the county's zone, with their offset."""
    zone = viewer.county.time_zone
    now = timezone.now()
    for task in tasks:
        if task.due_at is None:
            due, state = "", _("Open")
        else:
            due = in_county_zone(task.due_at, zone).isoformat(timespec="minutes")
            if task.due_at <= now:
                state = _("Overdue")
            elif task.due_at <= now + clock_access.DUE_SOON:
                state = _("Due soon")
            else:
                state = _("Open")
        whose = (
            task.responsible_user.display_name
            if task.responsible_user
            else task.get_responsible_role_display()
        )
        yield [
            str(task.pk),
            due,
            task.get_kind_display(),
            str(task.youth_id),
            task.youth.full_name,
            whose,
            state,
        ]


class TaskExport(FileExport):
    @extend_schema(
        parameters=[
            FORMAT,
            OpenApiParameter(
                "scope", str, enum=list(clock_access.SCOPES), description="Whose tasks."
            ),
        ],
        responses=FILE_RESPONSES,
        summary="Open tasks as a file",
        description="Every open task `GET /api/v1/tasks/` lists, earliest due first. "
        "Audited as the list is (`obligation.list`).",
    )
    def get(self, request: Request) -> HttpResponse:
        scope = request.query_params.get("scope", "mine")
        if scope not in clock_access.SCOPES:
            scope = "mine"
        # A role without tasks, or asking for the county without seeing it, gets 403 first.
        in_scope = clock_access.obligations_in_scope(request.user, scope)
        file_format = self.file_format(request)
        tasks = self.bounded(
            in_scope,
            narrow=_("Choose a narrower scope, or read the paged list at /api/v1/tasks/."),
        )
        record_event(
            actor=request.user,
            action="obligation.list",
            youth_ids=sorted({t.youth_id for t in tasks}, key=str),
            detail={
                "scope": scope,
                "obligations": [str(t.pk) for t in tasks],
                "api": True,
                "export": file_format,
            },
        )
        return download(
            task_header(), task_rows(request.user, tasks), file_format=file_format, name="tasks"
        )
