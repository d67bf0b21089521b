from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.justice import access, actions
from carecircle.justice.forms import TITLES, DiversionMoveForm, form_for
from carecircle.justice.models import DIVERSION_NEXT, Diversion
from carecircle.lib.dates import county_today
from carecircle.sharing import policy
from carecircle.youth import access as youth_access


@require_safe
@login_required
def overview(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """Contacts, petitions, detentions, diversion and hearings, as far as the viewer may see."""
    viewer = request.user
    youth = youth_access.youth_or_404(viewer, youth_id)
    items = access.justice_items(viewer, youth)
    youth_access.record_profile_read(
        viewer=viewer, youth=youth, items=[i for rows in items.values() for i in rows]
    )
    mine = policy.case_agency_ids(viewer)
    diversions = [
        (
            d,
            DiversionMoveForm(
                current=d.status,
                prefix=f"d{d.pk.hex[:8]}",
                initial={"on": county_today(youth.county.time_zone)},
            )
            if DIVERSION_NEXT.get(d.status)
            and (d.source_agency_id in mine or policy.can_convene_mdt(viewer))
            else None,
        )
        for d in items["diversion"]
    ]
    return render(
        request,
        "justice/overview.html",
        {
            "youth": youth,
            "items": items,
            "diversions": diversions,
            "titles": TITLES,
            "can_write": policy.can_write_items(viewer),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def record(request: HttpRequest, youth_id: UUID, kind: str) -> HttpResponse:
    viewer = request.user
    youth = youth_access.youth_or_404(viewer, youth_id)
    if kind not in TITLES:
        raise Http404(_("There is no such kind of record."))
    if not policy.can_write_items(viewer):
        raise PermissionDenied(_("Your role does not record justice involvement."))
    form = form_for(kind)(request.POST or None, agencies=policy.case_agencies(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_justice_item(
                actor=viewer,
                youth=youth,
                agency=form.cleaned_data["agency"],
                record_class=form.cleaned_data["record_class"],
                what=kind,
                **form.values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("justice:overview", youth_id=youth.pk)
    return render(
        request,
        "justice/record.html",
        {"youth": youth, "form": form, "title": TITLES[kind]},
    )


@require_POST
@login_required
def diversion_move(request: HttpRequest, youth_id: UUID, diversion_id: UUID) -> HttpResponse:
    viewer = request.user
    youth = youth_access.youth_or_404(viewer, youth_id)
    diversion = (
        policy.visible_items(viewer, Diversion.objects.filter(youth=youth), youth=youth)
        .filter(pk=diversion_id)
        .first()
    )
    if diversion is None:
        raise Http404(_("There is no diversion at this address that you can see."))
    if diversion.source_agency_id not in policy.case_agency_ids(
        viewer
    ) and not policy.can_convene_mdt(viewer):
        raise PermissionDenied(_("The agency that recorded the diversion records its steps."))
    form = DiversionMoveForm(
        request.POST, current=diversion.status, prefix=f"d{diversion.pk.hex[:8]}"
    )
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the next step and its date."))
        actions.move_diversion(actor=viewer, diversion=diversion, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded."))
    return redirect("justice:overview", youth_id=youth.pk)
