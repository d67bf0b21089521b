from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.imports import access, actions, identifications, progress
from carecircle.imports.forms import UploadForm, column_help
from carecircle.imports.models import ImportJob, ImportStatus
from carecircle.sharing import policy


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def imports(request: HttpRequest) -> HttpResponse:
    viewer = access.importer(request.user)
    form = UploadForm(
        request.POST or None, request.FILES or None, agencies=policy.case_agencies(viewer)
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = actions.start_import(
                actor=viewer,
                agency=form.agencies[form.cleaned_data["agency"]],
                filename=upload.name,
                content=upload.read(),
                kind=form.cleaned_data["kind"],
                record_class=form.cleaned_data["record_class"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("imports:detail", job_id=job.pk)
    return render(
        request,
        "imports/list.html",
        {
            "form": form,
            "jobs": ImportJob.objects.filter(requested_by=viewer)[:20],
            "kinds": column_help(),
        },
    )


@require_safe
@login_required
def detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = access.own_job(request.user, job_id)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "progress": progress.percent(job.pk),
                "step": progress.read(job.pk)["step"],
                "done": job.status not in (ImportStatus.CHECKING, ImportStatus.IMPORTING),
                "failed": False,
            }
        )
    return render(
        request,
        "imports/detail.html",
        {
            "job": job,
            "percent": progress.percent(job.pk),
            "working": job.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING),
            "problems": job.report.get("problems", [])[:500],
            "more_problems": max(0, len(job.report.get("problems", [])) - 500),
            "duplicates": job.report.get("duplicates", [])[:500],
            "recent_days": identifications.RECENT_DAYS,
        },
    )


@require_POST
@login_required
def commit(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = access.own_job(request.user, job_id)
    try:
        actions.request_commit(
            actor=request.user,
            job=job,
            include_duplicates=request.POST.get("include_duplicates") == "yes",
        )
    except ValidationError as error:
        from django.contrib import messages

        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", job_id=job.pk)
