from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from carecircle.audit.actions import record_event
from carecircle.clocks import access, actions, rules
from carecircle.clocks.forms import (
    DebriefForm,
    EpisodeForm,
    EvidenceForm,
    PreferenceForm,
    ProtocolForm,
    ReportForm,
    ReturnForm,
)
from carecircle.clocks.models import EVIDENCE_KINDS, NotificationPreference
from carecircle.lib.dates import county_today
from carecircle.lib.pagination import paginate
from carecircle.sharing import policy
from carecircle.youth import access as youth_access


# Tasks closed on this page with evidence typed in; the others close themselves when
# their record is made (a report, a debrief, a screening).
@require_safe
@login_required
def due(request: HttpRequest) -> HttpResponse:
    """Due and overdue: the viewer's own tasks, their teams', or the county's."""
    scope = request.GET.get("scope", "mine")
    if scope not in access.SCOPES:
        scope = "mine"
    obligations = access.obligations_in_scope(request.user, scope)
    page = paginate(request, obligations)
    listed = list(page.object_list)
    record_event(
        actor=request.user,
        action="obligation.list",
        youth_ids=sorted({o.youth_id for o in listed}, key=str),
        detail={"scope": scope, "page": page.number, "obligations": [str(o.pk) for o in listed]},
    )
    now = timezone.now()
    return render(
        request,
        "clocks/due.html",
        {
            "page": page,
            "scope": scope,
            "now": now,
            "soon": now + access.DUE_SOON,
            "can_see_county": policy.can_see_county_clocks(request.user),
            "time_zone": request.user.county.time_zone,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def obligation_detail(request: HttpRequest, obligation_id: UUID) -> HttpResponse:
    obligation = access.obligation_or_404(request.user, obligation_id)
    can_close = (
        obligation.satisfied_at is None
        and obligation.kind in EVIDENCE_KINDS
        and policy.can_satisfy_obligation(request.user, obligation)
    )
    form = EvidenceForm(request.POST or None, kind=obligation.kind)
    if request.method == "POST":
        if not can_close:
            raise PermissionDenied(_("This task is closed by its own record, or not yours."))
        if form.is_valid():
            done_on = form.cleaned_data["done_on"]
            try:
                if done_on > county_today(obligation.county.time_zone):
                    raise ValidationError(_("The date cannot be in the future."))
                detail = form.cleaned_data["detail"]
                reference = form.cleaned_data.get("reference", "")
                actions.satisfy_obligation(
                    actor=request.user,
                    obligation=obligation,
                    summary=f"{done_on:%Y-%m-%d}: {detail}"
                    + (f", {reference}" if reference else ""),
                    evidence={
                        "done_on": done_on.isoformat(),
                        "detail": detail,
                        "reference": reference,
                    },
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Task done. The evidence is kept with it."))
                return redirect("clocks:obligation", obligation_id=obligation.pk)
    return render(
        request,
        "clocks/obligation.html",
        {
            "obligation": obligation,
            "form": form,
            "can_close": can_close,
            "now": timezone.now(),
            "time_zone": obligation.county.time_zone,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def protocol(request: HttpRequest) -> HttpResponse:
    """The county administrator's clock settings; a change makes a new version."""
    if not policy.has_role(request.user, "county_admin"):
        raise PermissionDenied(_("The county administrator sets the county's clocks."))
    county = request.user.county
    current = rules.rules_for(county)
    form = ProtocolForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            adopted = actions.set_clock_protocol(
                actor=request.user,
                county=county,
                rules_by_kind=form.rules_by_kind(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s of the clock settings is in force. Tasks opened "
                    "before keep their due times."
                )
                % {"version": adopted.version},
            )
            return redirect("clocks:protocol")
    return render(
        request,
        "clocks/protocol.html",
        {
            "form": form,
            "current": rules.current_protocol(county),
            "versions": county.clock_protocols.select_related("created_by")[:10],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.user.county_id is None:
        raise PermissionDenied(_("Notices are for county staff."))
    saved = NotificationPreference.objects.filter(user=request.user).first()
    initial = {
        "email": saved.email if saved else True,
        "lead_hours": saved.lead_hours if saved else 4,
        "daily_digest": saved.daily_digest if saved else False,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_notification_preference(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("clocks:preferences")
    return render(request, "clocks/preferences.html", {"form": form})


# Missing from care -----------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def episode_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_access.youth_or_404(request.user, youth_id)
    if not policy.can_record_missing(request.user):
        raise PermissionDenied(
            _("Social workers, probation officers and the coordinator record a missing youth.")
        )
    form = EpisodeForm(
        request.POST or None,
        agencies=policy.case_agencies(request.user),
        time_zone=youth.county.time_zone,
    )
    if request.method == "POST" and form.is_valid():
        try:
            episode = actions.record_missing_episode(
                actor=request.user, youth=youth, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Recorded. The 24-hour reports are now due: record each one below."),
            )
            return redirect("missing:episode", youth_id=youth.pk, episode_id=episode.pk)
    return render(request, "clocks/episode_new.html", {"youth": youth, "form": form})


STEPS = {"report": ReportForm, "return": ReturnForm, "debrief": DebriefForm}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def episode_detail(request: HttpRequest, youth_id: UUID, episode_id: UUID) -> HttpResponse:
    youth = youth_access.youth_or_404(request.user, youth_id)
    episode, decision = access.episode_or_404(request.user, youth, episode_id)
    zone = youth.county.time_zone
    step = request.POST.get("step") if request.method == "POST" else None
    forms = {
        name: form_class(request.POST if step == name else None, time_zone=zone, prefix=name)
        for name, form_class in STEPS.items()
    }
    can_act = policy.can_change_episode(request.user, episode) and episode.closed_at is None
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied(_("You can see this episode but not change it."))
        try:
            if step == "close":
                actions.close_episode(actor=request.user, episode=episode)
                messages.success(request, _("Episode closed."))
                return redirect("missing:episode", youth_id=youth.pk, episode_id=episode.pk)
            form = forms.get(step)
            if form is None:
                raise ValidationError(_("Choose what to record."))
            if form.is_valid():
                data = form.cleaned_data
                if step == "report":
                    actions.record_episode_report(actor=request.user, episode=episode, **data)
                elif step == "return":
                    actions.record_return(actor=request.user, episode=episode, **data)
                else:
                    actions.record_debrief(actor=request.user, episode=episode, **data)
                messages.success(request, _("Recorded."))
                return redirect("missing:episode", youth_id=youth.pk, episode_id=episode.pk)
        except ValidationError as error:
            if step in forms:
                forms[step].add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
        episode.refresh_from_db()
    return render(
        request,
        "clocks/episode.html",
        {
            "youth": youth,
            "episode": episode,
            "decision": decision,
            "reports": episode.reports.select_related("recorded_by"),
            "obligations": episode.obligations.order_by("due_at", "id"),
            "forms": forms,
            "can_act": can_act,
            "can_see_whereabouts": policy.can_open_protected_locations(request.user),
            "rescreen_visible": bool(
                episode.rescreen_id and policy.decide(request.user, episode.rescreen)
            ),
            "now": timezone.now(),
            "time_zone": zone,
        },
    )


@require_safe
@login_required
def episode_whereabouts(request: HttpRequest, youth_id: UUID, episode_id: UUID) -> HttpResponse:
    youth = youth_access.youth_or_404(request.user, youth_id)
    episode = access.episode_whereabouts(request.user, youth, episode_id)
    response = render(request, "clocks/whereabouts.html", {"youth": youth, "episode": episode})
    response["Cache-Control"] = "no-store"
    return response
