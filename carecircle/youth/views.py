from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from carecircle.lib.dates import county_today
from carecircle.lib.pagination import paginate
from carecircle.sharing import policy
from carecircle.youth import access, actions
from carecircle.youth.forms import YouthForm


@require_safe
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    if not policy.has_caseload(request.user):
        raise PermissionDenied(_("Your role does not include a caseload."))
    query = request.GET.get("q", "").strip()[:100]
    youth = access.caseload(request.user)
    if query:
        youth = youth.search(query)
    page = paginate(request, youth)
    access.record_caseload_read(
        viewer=request.user, youth=list(page.object_list), query=query, page=page.number
    )
    return render(
        request,
        "youth/caseload.html",
        {
            "page": page,
            "query": query,
            "today": county_today(request.user.county.time_zone),
        },
    )


@require_safe
@login_required
def youth_detail(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.get_youth_for_viewer(request.user, youth_id)
    return render(
        request,
        "youth/detail.html",
        {
            "youth": youth,
            "can_edit": policy.can_edit_youth(request.user, youth),
            "today": county_today(youth.county.time_zone),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def youth_edit(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.get_youth_for_editing(request.user, youth_id)
    initial = {
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "preferred_name": youth.preferred_name,
        "date_of_birth": youth.date_of_birth,
        "agencies": list(youth.agencies.all()),
        "version": youth.version,
    }
    form = YouthForm(request.POST or None, initial=initial, county=youth.county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_youth(
                actor=request.user,
                youth=youth,
                expected_version=data["version"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                preferred_name=data["preferred_name"],
                date_of_birth=data["date_of_birth"],
                agencies=list(data["agencies"]),
            )
        except actions.StaleEdit:
            form.add_error(
                None,
                _(
                    "Someone else changed this record while you were editing. Nothing of "
                    "yours was saved. Open the record again to see their change, then "
                    "make yours."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("youth:detail", youth_id=youth.pk)
    return render(request, "youth/edit.html", {"youth": youth, "form": form})
