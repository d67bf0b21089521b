from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.accounts.reauth import recent_sign_in_required
from carecircle.lib.dates import county_today
from carecircle.sealing import access, actions
from carecircle.sealing.forms import LegalHoldForm, LiftForm, SealingOrderForm
from carecircle.sharing import policy


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@recent_sign_in_required
def seal(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.youth_for_sealing(request.user, youth_id)
    form = SealingOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.seal_youth(
                actor=request.user,
                youth=youth,
                statute=data["statute"],
                ordered_on=data["ordered_on"],
                destroy_on=data["destroy_on"],
                court_case_number=data["court_case_number"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if policy.can_manage_sealed_records(request.user):
                messages.success(request, _("The record is sealed. It is in the register."))
                return redirect("sealing:register")
            messages.success(
                request,
                _("The record is sealed. It no longer appears in Care Circle for you."),
            )
            return redirect("youth:caseload")
    return render(request, "sealing/seal.html", {"youth": youth, "form": form})


@require_safe
@login_required
def register(request: HttpRequest) -> HttpResponse:
    youth = access.sealed_register(request.user)
    today = county_today(request.user.county.time_zone)
    return render(
        request,
        "sealing/register.html",
        {
            "records": youth,
            "today": today,
        },
    )


def _done(request: HttpRequest, call, message: str, form) -> HttpResponse:
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("sealing:register")
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("sealing:register")


@require_POST
@login_required
@recent_sign_in_required
def hold(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.sealed_youth_or_404(request.user, youth_id)
    return _done(
        request,
        lambda data: actions.place_legal_hold(
            actor=request.user, youth=youth, reason=data["reason"]
        ),
        _("Legal hold placed: the record is kept past its destruction date."),
        LegalHoldForm(request.POST),
    )


@require_POST
@login_required
@recent_sign_in_required
def release_hold(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.sealed_youth_or_404(request.user, youth_id)

    def release(_data) -> None:
        if not youth.holds_in_place:
            raise ValidationError(_("There is no legal hold on this record."))
        actions.release_legal_hold(actor=request.user, hold=youth.holds_in_place[0])

    return _done(
        request,
        release,
        _("Legal hold released: the record is destroyed on its date."),
        forms.Form(request.POST),
    )


@require_POST
@login_required
@recent_sign_in_required
def lift(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.sealed_youth_or_404(request.user, youth_id)

    def lift_order(data) -> None:
        actions.lift_seal(actor=request.user, order=youth.orders_in_force[0], reason=data["reason"])

    return _done(
        request,
        lift_order,
        _("The seal is lifted: the record is back where it was."),
        LiftForm(request.POST),
    )
