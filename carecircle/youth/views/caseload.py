"""The caseload: search, filters, sorting and the CSV export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from carecircle.accounts.reauth import recent_sign_in_required
from carecircle.lib.dates import county_today
from carecircle.lib.pagination import paginate
from carecircle.sharing import policy
from carecircle.youth import access
from carecircle.youth.exports import caseload_file
from carecircle.youth.forms import (
    CaseloadFilterForm,
)


@require_safe
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    youth, query, sort, filters = _caseload_query(request)
    page = paginate(request, youth)
    access.record_caseload_read(
        viewer=request.user, youth=list(page.object_list), query=query, page=page.number
    )
    statuses = access.current_statuses(request.user, list(page.object_list))
    return render(
        request,
        "youth/caseload.html",
        {
            "page": page,
            "rows": [(y, statuses.get(y.pk, [])) for y in page.object_list],
            "query": query,
            "sort": sort,
            "sorts": SORTS,
            "filters": filters,
            "filtered": any(filters.cleaned_data.get(k) for k in ("status", "agency", "worker")),
            "list_query": request.GET.urlencode(),
            "today": county_today(request.user.county.time_zone),
        },
    )


SORTS = {
    "name": (_("Name"), ("last_name", "first_name", "id")),
    "dob": (_("Youngest first"), ("-date_of_birth", "last_name", "id")),
    "-dob": (_("Oldest first"), ("date_of_birth", "last_name", "id")),
    "newest": (_("Newest record first"), ("-created_at", "id")),
}


def _caseload_query(request: HttpRequest):
    viewer = request.user
    if not policy.has_caseload(viewer):
        raise PermissionDenied(_("Your role does not include a caseload."))
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    agencies, workers = access.caseload_filter_choices(viewer)
    filters = CaseloadFilterForm(request.GET, agencies=agencies, workers=workers)
    youth = access.caseload(viewer)
    if query:
        youth = youth.search(query)
    # A filter the viewer tampered with is ignored, not an error: the list stays useful.
    chosen = filters.cleaned_data if filters.is_valid() else {}
    youth = access.filter_caseload(
        viewer,
        youth,
        status=chosen.get("status") or None,
        agency_id=chosen.get("agency"),
        worker_id=chosen.get("worker"),
        shown=agencies,
    )
    if not filters.is_valid():
        filters.cleaned_data = {}
    return youth.order_by(*SORTS[sort][1]), query, sort, filters


@require_safe
@login_required
@recent_sign_in_required
def caseload_export(request: HttpRequest) -> HttpResponse:
    """The caseload as the viewer may see it, as CSV; the export is audited."""
    youth, query, _sort, _filters = _caseload_query(request)
    rows = list(youth)
    access.record_caseload_export(viewer=request.user, youth=rows, query=query)
    return caseload_file(request.user, rows, file_format="csv")
