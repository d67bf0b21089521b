from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carecircle.lib.dates import county_today
from carecircle.referrals import access, actions
from carecircle.referrals.forms import MoveForm, NeedForm, ProviderForm, ReferralForm
from carecircle.referrals.models import Domain, NeedStatus
from carecircle.sharing import policy
from carecircle.youth import access as youth_access


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def plan(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """The youth's service plan: needs by domain with the youth's goals, and referrals."""
    viewer = request.user
    youth = youth_access.youth_or_404(viewer, youth_id)
    needs = list(access.needs_for(viewer, youth))
    agencies = policy.case_agencies(viewer)
    step = request.POST.get("step") if request.method == "POST" else None
    need_form = NeedForm(request.POST if step == "need" else None, agencies=agencies)
    referral_form = ReferralForm(
        request.POST if step == "referral" else None,
        agencies=agencies,
        providers=access.providers(viewer),
        needs=needs,
    )
    if request.method == "POST":
        if not policy.can_write_items(viewer):
            raise PermissionDenied(_("Your role does not write service plans."))
        try:
            if step == "need" and need_form.is_valid():
                actions.add_need(actor=viewer, youth=youth, **need_form.cleaned_data)
            elif step == "referral" and referral_form.is_valid():
                actions.propose_referral(actor=viewer, youth=youth, **referral_form.cleaned_data)
            elif step == "need_status":
                mine = policy.case_agency_ids(viewer)
                need = next(
                    (
                        n
                        for n in needs
                        if str(n.pk) == request.POST.get("need") and n.source_agency_id in mine
                    ),
                    None,
                )
                if need is None:
                    raise PermissionDenied(_("The agency that recorded a need changes it."))
                actions.set_need_status(
                    actor=viewer, need=need, status=request.POST.get("status", "")
                )
            else:
                raise ValidationError(_("Check the entries below."))
        except ValidationError as error:
            form = need_form if step == "need" else referral_form
            if form.is_bound:
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect("referrals:plan", youth_id=youth.pk)
    referrals = list(access.referrals_for(viewer, youth))
    youth_access.record_profile_read(viewer=viewer, youth=youth, items=needs + referrals)
    by_domain = [
        (
            label,
            [n for n in needs if n.domain == value],
            [r for r in referrals if r.need and r.need.domain == value],
        )
        for value, label in Domain.choices
    ]
    return render(
        request,
        "referrals/plan.html",
        {
            "youth": youth,
            "by_domain": [row for row in by_domain if row[1] or row[2]],
            "unlinked": [r for r in referrals if r.need is None],
            "need_form": need_form,
            "referral_form": referral_form,
            "can_write": policy.can_write_items(viewer),
            "my_agency_ids": policy.case_agency_ids(viewer),
            "need_statuses": NeedStatus.choices,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def referral_detail(request: HttpRequest, youth_id: UUID, referral_id: UUID) -> HttpResponse:
    viewer = request.user
    youth = youth_access.youth_or_404(viewer, youth_id)
    referral = access.referral_or_404(viewer, youth, referral_id)
    can_move = policy.can_move_referral(viewer, referral)
    form = MoveForm(
        request.POST or None,
        current=referral.status,
        consents=access.consents_for_sending(viewer, referral) if can_move else [],
        initial={"on": county_today(youth.county.time_zone)},
    )
    if request.method == "POST":
        if not can_move:
            raise PermissionDenied(_("The referring agency moves its referral along."))
        if form.is_valid():
            try:
                actions.move_referral(actor=viewer, referral=referral, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("referrals:referral", youth_id=youth.pk, referral_id=referral.pk)
    return render(
        request,
        "referrals/referral.html",
        {
            "youth": youth,
            "referral": referral,
            "events": referral.events.select_related("recorded_by"),
            "form": form,
            "can_move": can_move and bool(form.fields["status"].choices),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def providers(request: HttpRequest) -> HttpResponse:
    """The county's provider directory; the coordinator and county administrator add to it."""
    viewer = request.user
    directory = access.providers(viewer)
    can_add = policy.can_manage_providers(viewer)
    form = ProviderForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied(
                _("The coordinator and the county administrator keep the directory.")
            )
        if form.is_valid():
            try:
                actions.add_provider(actor=viewer, county=viewer.county, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Provider added."))
                return redirect("providers")
    rows = [(p, [Domain(d).label for d in p.domains if d in Domain.values]) for p in directory]
    return render(
        request, "referrals/providers.html", {"rows": rows, "form": form, "can_add": can_add}
    )
