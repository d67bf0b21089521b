"""The demo's second sign-in step: every demo account has an authenticator set up,
with a secret made from its username, so that a newcomer can sign in with
``python manage.py demo_code <username>`` instead of an authenticator app. Demo only:
these secrets are public, like the demo password."""

from __future__ import annotations

import base64
import hashlib
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from carecircle.accounts.models import User

PERIOD = 30


def demo_totp_secret(username: str) -> str:
    digest = hashlib.sha256(f"care-circle-demo-authenticator:{username}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


def demo_code(username: str, *, step: int = 0, at: float | None = None) -> str:
    """The code an authenticator app with the demo secret shows now (``step`` 30-second
    steps later)."""
    counter = int(at if at is not None else time.time()) // PERIOD + step
    return format_hotp_value(hotp_value(demo_totp_secret(username), counter))


def enrol_demo_authenticators() -> int:
    """An authenticator app and recovery codes for each demo account that has none."""
    enrolled = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user_id", flat=True)
    )
    users = User.objects.exclude(pk__in=enrolled)
    for user in users:
        TOTP.activate(user, demo_totp_secret(user.username))
        RecoveryCodes.activate(user)
    return len(users)
