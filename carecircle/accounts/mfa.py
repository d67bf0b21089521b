"""Two-step sign-in for everyone (SECURITY.md: MFA for every user, every sign-in).

allauth.mfa does the work: authenticator apps (TOTP), security keys and passkeys
(WebAuthn) and recovery codes; after the password, a person with an authenticator is
asked for it. This module adds what allauth leaves to the project: nobody works without
one. A signed-in person who has not set one up reaches the set-up pages and nothing
else (``EnrolmentMiddleware``). No SMS or e-mail codes are offered.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

# What a person may reach before their second step is set up: the set-up itself, the
# way out, and pages that show no youth data.
ENROLMENT_URLS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "account_reauthenticate",
        "account_logout",
        "account_login",
        "mfa_authenticate",
        "account_inactive",
        "use_notice",
        "set_language",
        "healthz",
        "public_statewide",
        "public_statewide_csv",
        "api:schema",
        "api:docs",
    }
)
_QUIET_PREFIXES = ("/static/", "/healthz")


NEEDS_ENROLMENT = "cc_mfa_needs_enrolment"
SSO_MFA = "cc_sso_mfa"  # set by ``accounts.sso`` when the county's provider asserted it
# This sign-in began with no second step: setting up the first one does not ask for the
# password just given, and neither does seeing its recovery codes once it is added
# (``AccountAdapter``); any other change to the second step does.
FIRST_SET_UP = "cc_mfa_first_set_up"


def note_enrolment(request: HttpRequest, user) -> None:
    """Kept in the session at sign-in and whenever an authenticator is added or removed,
    so that pages do not ask the database on every request."""
    if hasattr(request, "session"):
        # A county provider that asserted a second step for this person's sign-in
        # stands for one (``accounts.sso`` notes whom it signed in).
        asserted = request.session.get(SSO_MFA) == user.pk
        request.session[NEEDS_ENROLMENT] = not (asserted or is_mfa_enabled(user))


def note_sign_in(request: HttpRequest, user) -> None:
    """At every sign-in (and again once single sign-on has said whether its provider
    stood for the second step)."""
    note_enrolment(request, user)
    if hasattr(request, "session"):
        request.session[FIRST_SET_UP] = request.session[NEEDS_ENROLMENT]


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs) -> None:
    note_sign_in(request, user)


@receiver(authenticator_added)
@receiver(authenticator_removed)
def _on_change(sender, request, user, **kwargs) -> None:
    note_enrolment(request, user)


def needs_enrolment(request: HttpRequest) -> bool:
    """Signed in, and no second step set up yet. Once set up, the session remembers it
    (until an authenticator is removed), so pages do not ask the database each time."""
    if not request.user.is_authenticated:
        return False
    if request.session.get(NEEDS_ENROLMENT, True):
        # Not set up yet, or not known: ask again (cheap, and only until it is).
        note_enrolment(request, request.user)
    return request.session[NEEDS_ENROLMENT]


class EnrolmentMiddleware:
    """Until a person sets up their second step, every other page sends them to it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_QUIET_PREFIXES) or not needs_enrolment(request):
            return self.get_response(request)
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = ""
        if name in ENROLMENT_URLS:
            return self.get_response(request)
        message = _(
            "Set up your second sign-in step before you continue: an authenticator app, or "
            "a security key or passkey. Care Circle asks for it at every sign-in."
        )
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"type": "client_error", "errors": [{"code": "mfa_required", "detail": message,
                                                      "attr": None}]},
                status=403,
            )  # fmt: skip
        messages.warning(request, message)
        return HttpResponseRedirect(reverse("mfa_index"))
