from django.core.mail import EmailMessage
from django.utils.translation import gettext as _
from django_tasks import task

from carecircle.meetings.calendar import invitation
from carecircle.meetings.models import Meeting, MeetingStatus


@task()
def send_invitations(meeting_id: str) -> int:
    """E-mail the meeting's current invitation to everyone on the youth's MDT. The
    e-mail and the attachment name no youth."""
    from carecircle.sharing.models import TeamMembership

    meeting = Meeting.objects.get(pk=meeting_id)
    people = {
        m.user.email
        for m in TeamMembership.objects.filter(
            youth_id=meeting.youth_id, ended_at__isnull=True, user__is_active=True
        ).select_related("user")
        if m.user.email
    }
    if not people:
        return 0
    cancelled = meeting.status == MeetingStatus.CANCELLED
    subject = _("Cancelled: Care Circle MDT meeting") if cancelled else _("Care Circle MDT meeting")
    body = _(
        "%(what)s\n\nThe invitation is attached. Sign in to Care Circle for the agenda; "
        "this e-mail names no youth on purpose."
    ) % {
        "what": _("This MDT meeting is cancelled.")
        if cancelled
        else _("You are invited to an MDT meeting.")
    }
    message = EmailMessage(subject=subject, body=body, to=sorted(people))
    method = "CANCEL" if cancelled else "REQUEST"
    message.attach("invite.ics", invitation(meeting), f"text/calendar; method={method}")
    message.send()
    return len(people)
