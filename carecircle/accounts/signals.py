"""Sign-in events go to the audit log; a sign-in starts the session clocks and, with
``CARECIRCLE_SINGLE_SESSION``, ends the person's other sessions."""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from carecircle.accounts import actions, sessions
from carecircle.audit.actions import record_event
from carecircle.audit.models import Outcome


@receiver(user_logged_in)
def on_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    sessions.start(request)
    record_event(actor=user, action="auth.sign_in")
    if settings.CARECIRCLE_SINGLE_SESSION:
        # Django has given this sign-in a new session key already; every other goes.
        actions.end_other_sessions(user=user, keep=request.session.session_key)


@receiver(user_login_failed)
def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record_event(
        actor=None,
        action="auth.sign_in",
        outcome=Outcome.FAILURE,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_logged_out)
def on_sign_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(actor=user, action="auth.sign_out")
