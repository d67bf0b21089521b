"""Session clocks: signed out after 30 minutes idle and after 12 hours in any case."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

STARTED = "cc_session_started"
LAST_SEEN = "cc_session_last_seen"


def start(request: HttpRequest) -> None:
    now = timezone.now().timestamp()
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now


def expired_reason(request: HttpRequest) -> str | None:
    """Why the signed-in session must end now, or None while it may go on."""
    now = timezone.now().timestamp()
    started = request.session.get(STARTED)
    last_seen = request.session.get(LAST_SEEN)
    if started is None or last_seen is None:
        # A session signed in without the clocks (it cannot happen through sign-in)
        # is treated as expired rather than trusted.
        return "unknown"
    if now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
        return "absolute"
    if now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return "idle"
    return None


def touch(request: HttpRequest) -> None:
    request.session[LAST_SEEN] = timezone.now().timestamp()
