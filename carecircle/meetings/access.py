"""Reading MDT meetings for a request: authorise, fetch and audit in one call."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.audit.actions import record_event
from carecircle.meetings.models import ActionItem, Meeting, MinuteSection
from carecircle.sharing import policy
from carecircle.youth.models import Youth


def meetings_for(viewer: User, youth: Youth):
    """A youth's meetings: the team's shared calendar, for whoever may see the youth."""
    return Meeting.objects.filter(youth=youth).order_by("-starts_at")


def meeting_or_404(viewer: User, youth: Youth, meeting_id) -> Meeting:
    try:
        meeting = (
            Meeting.objects.filter(youth=youth, pk=meeting_id)
            .select_related("county__composition_policy", "created_by", "finalised_by")
            .first()
        )
    except (ValueError, ValidationError):
        meeting = None
    if meeting is None:
        raise Http404(_("There is no meeting at this address that you can see."))
    return meeting


def sections_for(viewer: User, meeting: Meeting) -> list[MinuteSection]:
    return list(
        policy.visible_items(
            viewer,
            MinuteSection.objects.filter(meeting=meeting).select_related("source_agency", "author"),
        )
    )


def action_items_for(viewer: User, meeting: Meeting) -> list[ActionItem]:
    return list(
        policy.visible_items(
            viewer,
            ActionItem.objects.filter(meeting=meeting).select_related("source_agency", "owner"),
        )
    )


def attendance_for(viewer: User, meeting: Meeting) -> list:
    """Who came, less people of agencies whose involvement the viewer may not be told."""
    rows = list(meeting.attendance.select_related("user", "agency").order_by("agency__name"))
    shown = {a.pk for a in policy.shown_agencies(viewer, [r.agency for r in rows])}
    return [r for r in rows if r.agency_id in shown]


def record_meeting_read(
    *, viewer: User, meeting: Meeting, items: list, purpose: str = "view"
) -> None:
    """One entry for a meeting page or its PDF: which sections and items it showed."""
    own = policy.case_agency_ids(viewer)
    record_event(
        actor=viewer,
        action=f"meeting.{purpose}",
        obj=meeting,
        disclosure=any(i.source_agency_id not in own for i in items),
        detail={"items": [f"{i._meta.model_name}:{i.pk}" for i in items]},
    )
