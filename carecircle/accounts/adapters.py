from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest
from django.utils import timezone

from carecircle.accounts import sessions

# Setting up the second step straight after the password needs no second password.
FRESH_SIGN_IN_SECONDS = 300


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # County administrators add people; nobody signs themselves up.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Changing how one signs in asks for the password again, except for someone who
        has just signed in without a second step and is setting up their first (and
        then seeing its recovery codes)."""
        request = context.request
        if app == "allauth.mfa" and request is not None and _first_set_up(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _first_set_up(request: HttpRequest) -> bool:
    from carecircle.accounts.mfa import FIRST_SET_UP, NEEDS_ENROLMENT

    started = request.session.get(sessions.STARTED)
    stage = request.session.get(FIRST_SET_UP)
    if stage and not request.session.get(NEEDS_ENROLMENT):
        # The first is in: only its recovery codes are still shown without asking.
        match = request.resolver_match
        stage = match is not None and match.url_name == "mfa_view_recovery_codes"
    return bool(stage and started and timezone.now().timestamp() - started < FRESH_SIGN_IN_SECONDS)


class MfaAdapter(DefaultMFAAdapter):
    """Authenticator secrets are kept encrypted with the field keys (ADR 0004), so a
    copy of the database alone cannot make anyone's codes; rotating the keys covers
    them (``rotate_field_keys`` rewraps ``mfa.Authenticator`` data too)."""

    def encrypt(self, text: str) -> str:
        from carecircle.lib import crypto

        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        from carecircle.lib import crypto

        return crypto.decrypt(encrypted_text, label="mfa.authenticator.data")
