"""Session clocks: signed out after 30 minutes idle and after 12 hours in any case.

And sessions ended from elsewhere (a sign-in on another computer, the county
administrator): their rows are deleted, and the browser that held one is told why.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from carecircle.accounts.models import EndedSession, User, UserSession

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


def _digest(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def in_use_after() -> datetime:
    """Sessions expiring after this were used within the idle time-out.

    Each signed-in request saves its session (the idle clock moves), which sets its
    expiry ``SESSION_COOKIE_AGE`` ahead; an older session will be ended when next used.
    """
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return timezone.now() + age - settings.SESSION_IDLE_TIMEOUT


def live_sessions(user: User, *, keep: str | None = None):
    sessions = UserSession.objects.filter(user=user, expire_date__gt=timezone.now())
    return sessions.exclude(session_key=keep) if keep else sessions


def end_sessions(*, user: User, reason: str, keep: str | None = None) -> int:
    """Delete the person's sessions (all but ``keep``) and remember why; how many were live.

    Called by the actions, inside their transaction. A request of that session still
    in flight cannot bring it back: saving a deleted database session fails.
    """
    now = timezone.now()
    keys = list(live_sessions(user, keep=keep).values_list("session_key", flat=True))
    if keys:
        EndedSession.objects.filter(ended_at__lt=now - settings.SESSION_ABSOLUTE_TIMEOUT).delete()
        EndedSession.objects.bulk_create(
            [EndedSession(key_digest=_digest(key), reason=reason, ended_at=now) for key in keys],
            ignore_conflicts=True,
        )
    rows = UserSession.objects.filter(user=user)
    (rows.exclude(session_key=keep) if keep else rows).delete()
    return len(keys)


def pop_end_reason(request: HttpRequest) -> str | None:
    """Why the session this browser presents was ended from elsewhere, told only once."""
    presented = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not presented:
        return None
    request.session.keys()  # loads the session; a key not found is dropped
    if request.session.session_key == presented:
        return None
    ended = EndedSession.objects.filter(
        key_digest=_digest(presented),
        ended_at__gte=timezone.now() - settings.SESSION_ABSOLUTE_TIMEOUT,
    ).first()
    if ended is None:
        return None
    EndedSession.objects.filter(pk=ended.pk).delete()
    return ended.reason
