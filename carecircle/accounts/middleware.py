from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carecircle.accounts import sessions
from carecircle.accounts.models import SessionEnd
from carecircle.audit.actions import record_event

NOTICE_ACCEPTED = "cc_use_notice_accepted"

# Paths that never touch the session: health checks and static files.
_QUIET_PREFIXES = ("/healthz", "/static/")


class SessionTimeoutMiddleware:
    """End a signed-in session after 30 minutes idle, or 12 hours after sign-in.

    A browser whose session was ended from elsewhere (a sign-in on another computer,
    the county administrator) is told so on its next request, the same way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_QUIET_PREFIXES):
            return self.get_response(request)
        if not request.user.is_authenticated:
            ended = sessions.pop_end_reason(request)
            if ended is None:
                return self.get_response(request)
            request.session[NOTICE_ACCEPTED] = True
            messages.info(request, _ENDED_MESSAGES[ended])
            return _to_sign_in(request)
        reason = sessions.expired_reason(request)
        if reason is None:
            sessions.touch(request)
            return self.get_response(request)
        user = request.user
        record_event(actor=user, action="auth.session_expired", detail={"reason": reason})
        logout(request)
        # The notice was accepted in this browser already; keep the next sign-in short.
        request.session[NOTICE_ACCEPTED] = True
        if reason == "absolute":
            messages.info(request, _("You were signed out after 12 hours. Please sign in again."))
        else:
            messages.info(
                request,
                _("You were signed out after 30 minutes without activity. Please sign in again."),
            )
        return _to_sign_in(request)


_ENDED_MESSAGES = {
    SessionEnd.SIGNED_IN_ELSEWHERE: gettext_lazy(
        "You were signed out because your account signed in on another computer or "
        "browser. If that was not you, tell your county administrator."
    ),
    SessionEnd.ADMINISTRATOR: gettext_lazy("Your county administrator signed you out."),
}


# Where single sign-on's pages are mounted (carecircle/urls.py): OpenID Connect's
# /accounts/oidc/<provider>/…, SAML's /accounts/saml/<provider>/….
SSO_PATHS = ("/accounts/oidc/", "/accounts/saml/")


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    login_url = reverse("account_login")
    if request.method == "GET" and request.path != login_url:
        login_url += "?" + urlencode({"next": request.get_full_path()})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login_url
        return response
    return HttpResponseRedirect(login_url)


class UseNoticeMiddleware:
    """The system use notice must be accepted before the sign-in form is shown."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        starts_sign_in = request.path == reverse("account_login") or (
            # Single sign-on starts here (/accounts/oidc/<provider>/login/ and SAML's).
            request.path.startswith(SSO_PATHS) and request.path.endswith("/login/")
        )
        if (
            starts_sign_in
            and not request.user.is_authenticated
            and not request.session.get(NOTICE_ACCEPTED)
        ):
            target = reverse("use_notice")
            next_url = request.GET.get("next")
            if next_url:
                target += "?" + urlencode({"next": next_url})
            return HttpResponseRedirect(target)
        return self.get_response(request)


class SingleSignOnFormsMiddleware:
    """The sign-in forms post to Care Circle, which redirects the browser to the county's
    provider: the Content Security Policy's ``form-action`` must allow the enabled
    providers' addresses on those pages (and only there)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(SSO_PATHS):
            # The SAML library reads the raw Host header: a request without one (HTTP/1.0)
            # gets the checked host instead of a server error.
            request.META.setdefault("HTTP_HOST", request.get_host())
        response = self.get_response(request)
        if request.path == reverse("account_login") or request.path.startswith(SSO_PATHS):
            from urllib.parse import urlsplit

            from carecircle.accounts.models import CountySignIn, SignInProtocol

            addresses = [
                sso_url if protocol == SignInProtocol.SAML else issuer
                for protocol, issuer, sso_url in CountySignIn.objects.filter(
                    enabled=True
                ).values_list("protocol", "issuer", "sso_url")
            ]
            origins = sorted(
                {"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in addresses if url}
            )
            if origins:
                response._csp_update = {"form-action": origins}
        return response
