from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from carecircle.accounts.reauth import recent_sign_in_required
from carecircle.lib.dates import county_today
from carecircle.reports import actions, charts, kept
from carecircle.reports.dashboard import build_dashboard
from carecircle.reports.files import tables_csv
from carecircle.reports.forms import ExportForm, PeriodForm
from carecircle.reports.models import Export, ExportStatus
from carecircle.reports.periods import Period, quarter_of
from carecircle.reports.program import NOT_FOR_PUBLICATION, build_program_report
from carecircle.reports.sources import ViewerSource
from carecircle.reports.statewide import drawn, published_quarters, statewide_for
from carecircle.sharing import policy


def _county_reader(request: HttpRequest):
    if not policy.can_see_county_reports(request.user):
        raise PermissionDenied(_("Reports are for the CSEC coordinator and supervisors."))
    return request.user


def _chosen_period(request: HttpRequest, offered: list[Period], default: Period):
    asked = "period" in request.GET
    form = PeriodForm(request.GET if asked else None, periods=offered)
    if asked and not form.is_valid():
        messages.warning(request, _("Choose a period from the list; the default is shown."))
    period = form.cleaned_period() if asked and form.is_valid() else default
    form = PeriodForm(initial={"period": period.key}, periods=offered)
    return period, form


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = _county_reader(request)
    today = county_today(viewer.county.time_zone)
    offered = PeriodForm.offered(today)
    period, form = _chosen_period(request, offered, quarter_of(today))
    now = timezone.now()

    def count() -> str:
        board = build_dashboard(ViewerSource(viewer), period, now=now)
        return _dashboard_figures(request, board)

    return render(
        request,
        "reports/dashboard.html",
        {
            "period": period,
            "form": form,
            **_figures(request, viewer, "dashboard", period, count, now=now),
        },
    )


def _figures(request: HttpRequest, viewer, report: str, period, count, *, now) -> dict:
    """A county report's figures for the page — kept ones if still good, else
    ``count()`` (kept.py) — with the visit audited; "Count again now" (``anew=1``)
    counts them for this visit whatever is kept."""
    anew = request.GET.get("anew") == "1"
    shown = kept.figures(viewer, report, period.key, count, now=now, anew=anew)
    actions.record_report_read(actor=viewer, report=report, period=period, kept=shown.kept)
    return {"figures": shown, "kept_for": int(kept.KEEP_FOR.total_seconds() // 60)}


def _dashboard_figures(request: HttpRequest, board) -> str:
    tables = board.tables
    by_kind, services = tables["tasks_by_kind"], tables["services"]
    episodes, reports_share = board.trend("episodes"), board.trend("reports_on_time")
    quarters = [q.short_label for q in board.quarters]
    chart_list = [
        (
            _("Open tasks by kind"),
            charts.bar_chart(
                chart_id="chart-tasks",
                title=_("Open tasks by kind"),
                description=_(
                    "Overdue tasks and tasks due in the next 24 hours, by kind; the table "
                    "below gives every figure."
                ),
                labels=by_kind.rows,
                series=[
                    (by_kind.columns[0], [row[0] for row in by_kind.cells]),
                    (by_kind.columns[1], [row[1] for row in by_kind.cells]),
                ],
            ),
            by_kind,
        ),
        (
            _("Referrals by need"),
            charts.bar_chart(
                chart_id="chart-services",
                title=_("Referrals by need"),
                description=_(
                    "Referrals made in the period, by the need they answer; the table below "
                    "gives them by status."
                ),
                labels=services.rows,
                series=[(_("Referrals"), services.row_totals)],
            ),
            services,
        ),
    ]
    trend_charts = [
        (
            episodes.label,
            charts.bar_chart(
                chart_id="chart-episodes",
                title=episodes.label,
                description=_("Missing episodes begun in each of the last four quarters."),
                labels=quarters,
                series=[(episodes.label, episodes.values)],
            ),
        ),
        (
            reports_share.label,
            charts.bar_chart(
                chart_id="chart-reports",
                title=reports_share.label,
                description=_(
                    "The share of statutory reports done within 24 hours in each of the "
                    "last four quarters; a quarter with none due shows no bar."
                ),
                labels=quarters,
                series=[(reports_share.label, reports_share.values)],
                unit="%",
                maximum=100,
                missing=_("none due"),
            ),
        ),
    ]
    return render_to_string(
        "reports/_dashboard_figures.html",
        {
            "board": board,
            "tables": tables,
            "charts": chart_list,
            "trend_charts": trend_charts,
        },
        request=request,
    )


@require_safe
@login_required
def program_report(request: HttpRequest) -> HttpResponse:
    viewer = _county_reader(request)
    today = county_today(viewer.county.time_zone)
    offered = PeriodForm.offered(today)
    period, form = _chosen_period(request, offered, quarter_of(today))
    now = timezone.now()

    def count() -> str:
        report = build_program_report(ViewerSource(viewer), period, now=now)
        return render_to_string(
            "reports/_program_figures.html", {"report": report}, request=request
        )

    return render(
        request,
        "reports/program.html",
        {
            "period": period,
            **_figures(request, viewer, "program", period, count, now=now),
            "form": form,
            "export_form": ExportForm(initial={"period": period.key}, periods=offered),
            "exports": Export.objects.filter(requested_by=viewer)[:10],
            "not_for_publication": NOT_FOR_PUBLICATION,
        },
    )


@require_POST
@login_required
@recent_sign_in_required
def export_new(request: HttpRequest) -> HttpResponse:
    viewer = _county_reader(request)
    offered = PeriodForm.offered(county_today(viewer.county.time_zone))
    form = ExportForm(request.POST, periods=offered)
    if not form.is_valid():
        messages.error(request, _("Choose a period and a format from the lists, then try again."))
        return redirect("reports:program")
    export = actions.request_export(
        actor=viewer,
        period=form.cleaned_period(),
        file_format=form.cleaned_data["file_format"],
    )
    return redirect("reports:export", export_id=export.pk)


def _own_export(request: HttpRequest, export_id: UUID) -> Export:
    """An export is the asker's alone: anyone else gets 404."""
    viewer = _county_reader(request)
    try:
        return Export.objects.get(pk=export_id, requested_by=viewer, county=viewer.county)
    except Export.DoesNotExist:
        raise Http404 from None


@require_safe
@login_required
def export_detail(request: HttpRequest, export_id: UUID) -> HttpResponse:
    export = _own_export(request, export_id)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": export.status,
                "status_label": export.get_status_display(),
                "progress": export.progress,
                "step": export.step,
                "done": export.status == ExportStatus.DONE and bool(export.file),
                "failed": export.status == ExportStatus.FAILED,
                "download": reverse("reports:export_download", kwargs={"export_id": export.pk})
                if export.status == ExportStatus.DONE
                else "",
            }
        )
    now = timezone.now()
    return render(
        request,
        "reports/export.html",
        {
            "export": export,
            "expired": export.is_expired(now) or (export.status == "done" and not export.file),
            "stale": export.is_stale(now),
        },
    )


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@require_safe
@login_required
def export_download(request: HttpRequest, export_id: UUID) -> HttpResponse:
    export = _own_export(request, export_id)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    if export.is_expired(timezone.now()):
        actions.expire_export(export=export)
        raise Http404
    actions.record_export_download(actor=request.user, export=export)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=CONTENT_TYPES[export.file_format],
    )
    response["Cache-Control"] = "no-store"
    return response


# Statewide ---------------------------------------------------------------------


def _statewide_period(request: HttpRequest) -> tuple[Period, PeriodForm]:
    """Only whole quarters, a month after they end, are published: figures for
    overlapping or unfinished periods could be subtracted to reveal a small count."""
    offered = published_quarters(county_today(settings.CARECIRCLE_STATE_TIME_ZONE))
    return _chosen_period(request, offered, offered[0])


@require_safe
@login_required
def statewide(request: HttpRequest) -> HttpResponse:
    if not policy.can_see_statewide(request.user):
        raise PermissionDenied(_("This page is for the state program."))
    period, form = _statewide_period(request)
    state = statewide_for(period)
    actions.record_report_read(actor=request.user, report="statewide", period=period)
    return render(
        request,
        "reports/statewide.html",
        {"state": state, "tables": _statewide_tables(state), "form": form, "public": False},
    )


def _statewide_tables(state) -> str:
    """The published tables, drawn once per process (they never change)."""
    return drawn(
        state, lambda: render_to_string("reports/_statewide_tables.html", {"state": state})
    )


@require_safe
def public_statewide(request: HttpRequest) -> HttpResponse:
    period, form = _statewide_period(request)
    state = statewide_for(period)
    return render(
        request,
        "reports/statewide.html",
        {"state": state, "tables": _statewide_tables(state), "form": form, "public": True},
    )


@require_safe
def public_statewide_csv(request: HttpRequest) -> HttpResponse:
    period, _form = _statewide_period(request)
    state = statewide_for(period)
    body = tables_csv(
        _("CSEC Program statewide figures, %(period)s") % {"period": period.label},
        state.tables,
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="csec-statewide-{period.key}.csv"'
    return response
