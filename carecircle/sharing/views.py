from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.accounts.models import Membership
from carecircle.accounts.reauth import recent_sign_in_required
from carecircle.audit.actions import record_event
from carecircle.lib.files import inline_file
from carecircle.lib.pagination import paginate
from carecircle.sharing import access, actions, policy, reports
from carecircle.sharing.forms import (
    BreakGlassForm,
    ConsentForm,
    ExtendWindowForm,
    ReviewForm,
    RevokeConsentForm,
    SharingWindowForm,
    TeamMemberForm,
)
from carecircle.sharing.models import BreakGlassReview, SharingWindow, TeamMembership
from carecircle.youth.access import youth_or_404


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def team(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    can_change = policy.can_manage_team(request.user)
    form = TeamMemberForm(request.POST or None, county=youth.county)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("The coordinator or a supervisor changes the team."))
        if "make_lead" in request.POST:
            if not request.POST["make_lead"].isdigit():
                raise Http404(_("That person is not on this youth's team."))
            member = access.get_team_member(request.user, youth, int(request.POST["make_lead"]))
            actions.set_team_lead(actor=request.user, member=member)
            messages.success(
                request, _("%(name)s now leads the MDT.") % {"name": member.user.display_name}
            )
            return redirect("sharing:team", youth_id=youth.pk)
        if form.is_valid():
            membership = Membership.objects.select_related("user", "agency").get(
                pk=form.cleaned_data["membership"], agency__county=youth.county
            )
            try:
                actions.add_team_member(
                    actor=request.user,
                    youth=youth,
                    user=membership.user,
                    agency=membership.agency,
                    team_role=form.cleaned_data["team_role"],
                    lead=form.cleaned_data["lead"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Added to the team."))
                return redirect("sharing:team", youth_id=youth.pk)
    record_event(actor=request.user, action="team.view", obj=youth)
    members = [
        m
        for m in TeamMembership.objects.filter(youth=youth)
        .select_related("user", "agency")
        .order_by("ended_at", "agency__name")
        if policy.shown_agencies(request.user, [m.agency])
    ]
    from carecircle.clocks.models import REVIEW_KINDS, Obligation
    from carecircle.meetings.models import Meeting, MeetingStatus

    last = (
        Meeting.objects.filter(youth=youth, status=MeetingStatus.FINALISED)
        .order_by("-starts_at")
        .first()
    )
    next_review = (
        Obligation.objects.open()
        .filter(youth=youth, kind__in=REVIEW_KINDS)
        .order_by("due_at")
        .first()
    )
    return render(
        request,
        "sharing/team.html",
        {
            "youth": youth,
            "members": members,
            "form": form,
            "can_change": can_change,
            "last_meeting": last,
            "next_review": next_review,
        },
    )


@require_POST
@login_required
def team_end(request: HttpRequest, youth_id: UUID, member_id: int) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    member = access.get_team_member(request.user, youth, member_id)
    try:
        actions.end_team_membership(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s has left the team.") % {"name": member.user.display_name}
        )
    return redirect("sharing:team", youth_id=youth.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def sharing_window(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    can_change = policy.can_manage_window(request.user)
    windows = SharingWindow.objects.filter(youth=youth).select_related("recorded_by")
    current = windows.first()
    open_form = SharingWindowForm(request.POST if request.POST.get("step") == "open" else None)
    extend_form = ExtendWindowForm(request.POST if request.POST.get("step") == "extend" else None)
    if request.method == "GET":
        record_event(actor=request.user, action="sharing_window.view", obj=youth)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("Child welfare records the report and any extension."))
        try:
            if request.POST.get("step") == "open" and open_form.is_valid():
                actions.record_sharing_window(
                    actor=request.user,
                    youth=youth,
                    reported_at=open_form.cleaned_data["reported_at"],
                )
                messages.success(request, _("Sharing window recorded."))
                return redirect("sharing:window", youth_id=youth.pk)
            if request.POST.get("step") == "extend" and current and extend_form.is_valid():
                actions.extend_sharing_window(
                    actor=request.user,
                    window=current,
                    ends_at=extend_form.cleaned_data["ends_at"],
                    good_cause=extend_form.cleaned_data["good_cause"],
                )
                messages.success(request, _("Sharing window extended."))
                return redirect("sharing:window", youth_id=youth.pk)
        except ValidationError as error:
            (open_form if request.POST.get("step") == "open" else extend_form).add_error(
                None, error
            )
    return render(
        request,
        "sharing/window.html",
        {
            "youth": youth,
            "windows": windows,
            "current": current,
            "open_form": open_form,
            "extend_form": extend_form,
            "can_change": can_change,
        },
    )


@require_safe
@login_required
def consents(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    ledger = list(access.consents_for(request.user, youth))
    record_event(
        actor=request.user,
        action="consent.list",
        obj=youth,
        detail={"consents": [str(c.pk) for c in ledger]},
    )
    return render(
        request,
        "sharing/consents.html",
        {"youth": youth, "consents": ledger, "can_add": policy.can_manage_consents(request.user)},
    )


def _signers(data: dict) -> list[actions.SignerInput]:
    signers = []
    for number in (1, 2):
        kind = data.get(f"signer_{number}_type")
        if kind and data.get(f"signer_{number}_name") and data.get(f"signer_{number}_signed_on"):
            signers.append(
                actions.SignerInput(
                    signer_type=kind,
                    name=data[f"signer_{number}_name"],
                    signed_on=data[f"signer_{number}_signed_on"],
                    non_abusing=data.get(f"signer_{number}_non_abusing", False),
                    user=data.get(f"signer_{number}_user"),
                )
            )
    return signers


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@recent_sign_in_required
def consent_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    if not policy.can_manage_consents(request.user):
        raise PermissionDenied(_("Your role does not record consents."))
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        county=youth.county,
        releasing=policy.consent_agencies(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = actions.record_consent(
                actor=request.user,
                youth=youth,
                purpose=data["purpose"],
                classes=data["classes"],
                signers=_signers(data),
                effective_at=data["effective_at"],
                expires_at=data["expires_at"],
                signed_form=data["signed_form"],
                recipient_agencies=list(data["recipient_agencies"]),
                recipient_users=list(data["recipient_users"]),
                disclosing_agency=data["disclosing_agency"],
                information_description=data["information_description"],
                youth_self_consented=data["youth_self_consented"],
                told_of_right_to_revoke=data["told_of_right_to_revoke"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Consent recorded. It is in force from its effective date.")
            )
            return redirect("sharing:consent", youth_id=youth.pk, consent_id=consent.pk)
    return render(request, "sharing/consent_new.html", {"youth": youth, "form": form})


@require_safe
@login_required
def consent_detail(request: HttpRequest, youth_id: UUID, consent_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    consent = access.get_consent(request.user, youth, consent_id)
    return render(
        request,
        "sharing/consent_detail.html",
        {
            "youth": youth,
            "consent": consent,
            "revoke_form": RevokeConsentForm(),
            "can_revoke": policy.can_manage_consents(request.user) and consent.revoked_at is None,
        },
    )


@require_safe
@login_required
def consent_form_file(request: HttpRequest, youth_id: UUID, consent_id: UUID) -> FileResponse:
    youth = youth_or_404(request.user, youth_id)
    consent = access.get_consent(request.user, youth, consent_id, purpose="view_form")
    return inline_file(consent.signed_form, consent.signed_form_type)


@require_POST
@login_required
@recent_sign_in_required
def consent_revoke(request: HttpRequest, youth_id: UUID, consent_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    if not policy.can_manage_consents(request.user):
        raise PermissionDenied(_("Your role does not record consents."))
    consent = access.get_consent(request.user, youth, consent_id)
    form = RevokeConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the revocation was received, then revoke."))
    else:
        try:
            actions.revoke_consent(
                actor=request.user, consent=consent, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Consent revoked. It no longer opens any record."))
    return redirect("sharing:consent", youth_id=youth.pk, consent_id=consent.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@recent_sign_in_required
def break_glass(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    if not policy.can_break_glass(request.user):
        raise PermissionDenied(_("Your role cannot use emergency access."))
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = actions.break_glass(
                actor=request.user, youth=youth, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.warning(
                request,
                _(
                    "Emergency access is open until %(time)s. Everything you open is recorded "
                    "and your supervisor has been told."
                )
                % {"time": grant.expires_at.strftime("%H:%M UTC")},
            )
            return redirect("youth:detail", youth_id=youth.pk)
    return render(request, "sharing/break_glass.html", {"youth": youth, "form": form})


@require_safe
@login_required
def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    grants = access.pending_reviews(request.user)
    page = paginate(request, grants)
    record_event(
        actor=request.user,
        action="break_glass.list",
        youth_ids=[g.youth_id for g in page.object_list],
        detail={"grants": [g.pk for g in page.object_list]},
    )
    return render(
        request,
        "sharing/break_glass_reviews.html",
        {"page": page, "form": ReviewForm(), "pending": BreakGlassReview.PENDING},
    )


@require_POST
@login_required
def break_glass_review(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = access.get_grant_for_review(request.user, grant_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_break_glass(
                actor=request.user,
                grant=grant,
                justified=form.cleaned_data["justified"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Review recorded."))
    else:
        messages.error(request, _("Choose justified or not justified."))
    return redirect("sharing:break_glass_reviews")


@require_safe
@login_required
def access_report(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.youth_for_access_report(request.user, youth_id)
    page = paginate(request, reports.access_events(youth), per_page=50)
    record_event(
        actor=request.user, action="youth.access_report", obj=youth, detail={"page": page.number}
    )
    return render(request, "sharing/access_report.html", {"youth": youth, "page": page})


@require_safe
@login_required
@recent_sign_in_required
def disclosures_csv(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.youth_for_access_report(request.user, youth_id)
    body = reports.disclosures_csv(youth, youth.county.time_zone)
    record_event(actor=request.user, action="youth.disclosures_export", obj=youth)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="disclosures-{youth.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response
