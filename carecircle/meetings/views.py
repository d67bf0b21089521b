from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from carecircle.accounts.roles import AgencyType
from carecircle.meetings import access, actions, agenda, pdf
from carecircle.meetings.calendar import invitation
from carecircle.meetings.forms import (
    ActionItemForm,
    AttendanceForm,
    CompleteActionForm,
    FinaliseForm,
    MeetingForm,
    SectionForm,
)
from carecircle.meetings.models import ActionItem, MeetingStatus
from carecircle.sharing import policy
from carecircle.sharing.models import TeamMembership
from carecircle.youth import access as youth_access


def _require_convener(viewer) -> None:
    if not policy.can_convene_mdt(viewer):
        raise PermissionDenied(_("The CSEC coordinator convenes MDT meetings."))


@require_safe
@login_required
def meeting_list(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_access.youth_or_404(request.user, youth_id)
    youth_access.record_profile_part_read(viewer=request.user, youth=youth, part="meetings")
    return render(
        request,
        "meetings/list.html",
        {
            "youth": youth,
            "meetings": access.meetings_for(request.user, youth),
            "can_convene": policy.can_convene_mdt(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def meeting_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_access.youth_or_404(request.user, youth_id)
    _require_convener(request.user)
    form = MeetingForm(
        request.POST or None,
        time_zone=youth.county.time_zone,
        initial={"agenda": agenda.draft_agenda(request.user, youth), "tier": "ongoing"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.schedule_meeting(actor=request.user, youth=youth, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Meeting scheduled. The team has been sent the invitation.")
            )
            return redirect("meetings:detail", youth_id=youth.pk, meeting_id=meeting.pk)
    return render(request, "meetings/new.html", {"youth": youth, "form": form})


STEP_FORMS = ("attendance", "section", "action", "finalise", "complete", "cancel")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def meeting_detail(request: HttpRequest, youth_id: UUID, meeting_id: UUID) -> HttpResponse:
    viewer = request.user
    youth = youth_access.youth_or_404(viewer, youth_id)
    meeting = access.meeting_or_404(viewer, youth, meeting_id)
    step = request.POST.get("step") if request.method == "POST" else None
    data = request.POST if step else None
    team = list(
        TeamMembership.objects.filter(youth=youth, ended_at__isnull=True)
        .select_related("user", "agency")
        .order_by("agency__name")
    )
    current = {a.user_id: a.status for a in meeting.attendance.all()}
    agencies = policy.case_agencies(viewer)
    forms = {
        "attendance": AttendanceForm(
            data if step == "attendance" else None,
            team=team,
            current=current,
            initial={
                "youth_participated": meeting.youth_participated,
                "caregiver_participated": meeting.caregiver_participated,
            },
        ),
        "section": SectionForm(data if step == "section" else None, agencies=agencies),
        "action": ActionItemForm(
            data if step == "action" else None,
            agencies=agencies,
            owners=[m.user for m in team if policy.shown_agencies(viewer, [m.agency])],
        ),
        "finalise": FinaliseForm(data if step == "finalise" else None),
        "complete": CompleteActionForm(data if step == "complete" else None),
    }
    convener = policy.can_convene_mdt(viewer)
    if request.method == "POST":
        if step not in STEP_FORMS:
            raise PermissionDenied(_("Choose what to record."))
        if step in ("attendance", "finalise", "cancel") and not convener:
            raise PermissionDenied(_("The CSEC coordinator takes attendance and finalises."))
        if step in ("section", "action") and not policy.can_write_items(viewer):
            raise PermissionDenied(_("Your role does not write meeting records."))
        form = forms.get(step)
        try:
            if step == "cancel":
                actions.cancel_meeting(actor=viewer, meeting=meeting)
            elif not form.is_valid():
                raise ValidationError(_("Check the entries below."))
            elif step == "attendance":
                actions.record_attendance(
                    actor=viewer,
                    meeting=meeting,
                    entries=form.entries(),
                    youth_participated=form.cleaned_data["youth_participated"],
                    caregiver_participated=form.cleaned_data["caregiver_participated"],
                )
            elif step == "section":
                actions.add_section(actor=viewer, meeting=meeting, **form.cleaned_data)
            elif step == "action":
                actions.add_action_item(actor=viewer, meeting=meeting, **form.cleaned_data)
            elif step == "finalise":
                actions.finalise_meeting(actor=viewer, meeting=meeting, **form.cleaned_data)
            else:
                item = get_object_or_404(
                    policy.visible_items(viewer, ActionItem.objects.filter(meeting=meeting)),
                    pk=form.cleaned_data["item"],
                )
                if not policy.can_complete_action_item(viewer, item):
                    raise PermissionDenied(
                        _("The owner of an action item or the coordinator closes it.")
                    )
                actions.complete_action_item(
                    actor=viewer, item=item, outcome=form.cleaned_data["outcome"]
                )
        except ValidationError as error:
            if form is not None and form.is_bound:
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect("meetings:detail", youth_id=youth.pk, meeting_id=meeting.pk)
        meeting.refresh_from_db()
    sections = access.sections_for(viewer, meeting)
    action_items = access.action_items_for(viewer, meeting)
    access.record_meeting_read(viewer=viewer, meeting=meeting, items=sections + action_items)
    version, missing = actions.composition_gaps(meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "youth": youth,
            "meeting": meeting,
            "sections": sections,
            "action_items": action_items,
            "attendance": access.attendance_for(viewer, meeting),
            "forms": forms,
            "convener": convener,
            "can_write": policy.can_write_items(viewer),
            "open": meeting.status == MeetingStatus.SCHEDULED,
            "held": meeting.starts_at <= timezone.now(),
            "missing": [AgencyType(t).label for t in missing] if convener else [],
            "policy_version": version,
            "time_zone": youth.county.time_zone,
            "viewer_id": viewer.pk,
        },
    )


@require_safe
@login_required
def meeting_ics(request: HttpRequest, youth_id: UUID, meeting_id: UUID) -> HttpResponse:
    youth = youth_access.youth_or_404(request.user, youth_id)
    meeting = access.meeting_or_404(request.user, youth, meeting_id)
    access.record_meeting_read(viewer=request.user, meeting=meeting, items=[], purpose="ics")
    response = HttpResponse(invitation(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mdt-meeting.ics"'
    return response


@require_safe
@login_required
def meeting_pdf(request: HttpRequest, youth_id: UUID, meeting_id: UUID) -> HttpResponse:
    """The meeting summary as PDF, built only from what the viewer may see; audited as
    an export, with the items it carried."""
    viewer = request.user
    youth = youth_access.youth_or_404(viewer, youth_id)
    meeting = access.meeting_or_404(viewer, youth, meeting_id)
    context = pdf.summary_context(
        viewer,
        meeting,
        sections=access.sections_for(viewer, meeting),
        action_items=access.action_items_for(viewer, meeting),
        attendance=access.attendance_for(viewer, meeting),
    )
    access.record_meeting_read(
        viewer=viewer,
        meeting=meeting,
        items=context["sections"] + context["action_items"],
        purpose="pdf",
    )
    response = HttpResponse(pdf.render_summary_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mdt-meeting-summary.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def meeting_agenda(request: HttpRequest, youth_id: UUID, meeting_id: UUID) -> HttpResponse:
    youth = youth_access.youth_or_404(request.user, youth_id)
    meeting = access.meeting_or_404(request.user, youth, meeting_id)
    access.record_meeting_read(viewer=request.user, meeting=meeting, items=[], purpose="agenda")
    return render(
        request,
        "meetings/agenda.html",
        {"youth": youth, "meeting": meeting, "time_zone": youth.county.time_zone},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def meeting_edit(request: HttpRequest, youth_id: UUID, meeting_id: UUID) -> HttpResponse:
    """Change the time, place or agenda; the team gets the revised invitation."""
    youth = youth_access.youth_or_404(request.user, youth_id)
    meeting = access.meeting_or_404(request.user, youth, meeting_id)
    _require_convener(request.user)
    initial = {name: getattr(meeting, name) for name in actions.EDITABLE}
    initial["starts_at"] = meeting.starts_at.astimezone(ZoneInfo(youth.county.time_zone)).replace(
        tzinfo=None
    )
    form = MeetingForm(request.POST or None, time_zone=youth.county.time_zone, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_meeting(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. The team has been sent the revised invitation."))
            return redirect("meetings:detail", youth_id=youth.pk, meeting_id=meeting.pk)
    return render(request, "meetings/edit.html", {"youth": youth, "meeting": meeting, "form": form})
