"""Calendar invitations (.ics) for MDT meetings: one UID per meeting, a sequence that
rises with every change, METHOD:CANCEL for a cancellation."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from carecircle.meetings.models import Meeting, MeetingStatus

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invitation(meeting: Meeting) -> bytes:
    """The meeting as an iCalendar object. It names no youth: a calendar is not a place
    for case information. The link leads to the meeting in Care Circle."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Care Circle//MDT meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", CANCEL if cancelled else REQUEST)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", "Care Circle MDT meeting")
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    url = settings.CARECIRCLE_BASE_URL + reverse(
        "meetings:detail", kwargs={"youth_id": meeting.youth_id, "meeting_id": meeting.pk}
    )
    event.add("url", url)
    event.add("description", f"Sign in to Care Circle for the agenda: {url}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
