"""Single sign-on through a county's own identity provider (OpenID Connect).

Each county's provider (``CountySignIn``) becomes an allauth ``openid_connect`` app
named ``county-<slug>``, built from the database on demand — no ``SocialApp`` rows.
It signs in only the county's existing, active accounts, matched by the e-mail address
the provider asserts, and links the provider's subject to the account the first time.
Nobody signs up through it. If the county marks its provider as requiring a second step
for everyone, people who sign in through it need none in Care Circle — unless the ID
token's ``amr`` claim says this sign-in used no second factor.
"""

from __future__ import annotations

from allauth.account.signals import user_logged_in as allauth_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from carecircle.accounts.actions import send_alert
from carecircle.accounts.mfa import SSO_MFA, note_enrolment
from carecircle.accounts.models import CountySignIn, User
from carecircle.audit.actions import record_event
from carecircle.audit.models import Outcome

PROVIDER = "openid_connect"
MFA_METHODS = {"mfa", "otp", "hwk", "swk", "fido", "sms", "face", "fpt", "iris"}


def social_app(sign_in: CountySignIn) -> SocialApp:
    return SocialApp(
        provider=PROVIDER,
        provider_id=sign_in.provider_id,
        name=sign_in.label,
        client_id=sign_in.client_id,
        secret=sign_in.client_secret,
        settings={
            "server_url": sign_in.issuer,
            "county_id": sign_in.county_id,
            # PKCE as well as the client secret: a stolen code is useless on its own.
            "oauth_pkce_enabled": True,
        },
    )


def sign_in_of(provider) -> CountySignIn | None:
    """The county set-up behind one of the apps ``social_app`` built."""
    if provider is None or provider.app is None:
        return None
    county_id = provider.app.settings.get("county_id")
    return CountySignIn.objects.select_related("county").filter(county_id=county_id).first()


def _claims(sociallogin: SocialLogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return {**data.get("userinfo", {}), **data.get("id_token", {})}


def asserted_mfa(sign_in: CountySignIn, claims: dict) -> bool:
    if not sign_in.asserts_mfa:
        return False
    methods = claims.get("amr")
    return methods is None or bool(MFA_METHODS & set(methods))


def _match(sign_in: CountySignIn, claims: dict, sociallogin: SocialLogin) -> User | None:
    if sociallogin.is_existing:
        user = sociallogin.user
        ok = user.is_active and user.county_id == sign_in.county_id
        return user if ok else None
    # The e-mail claim only (not a changeable username), and not one the provider says
    # it has not verified.
    email = str(claims.get("email") or "").strip()
    if "@" not in email or claims.get("email_verified") is False:
        return None
    found = list(
        User.objects.filter(county_id=sign_in.county_id, is_active=True, email__iexact=email)[:2]
    )
    if len(found) != 1:
        return None
    # A second identity at the same provider does not take over a linked account.
    linked = SocialAccount.objects.filter(user=found[0], provider=sign_in.provider_id)
    return None if linked.exists() else found[0]


class CountySignInAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        apps = [
            social_app(sign_in)
            for sign_in in CountySignIn.objects.filter(enabled=True)
            .select_related("county")
            .order_by("label")
        ]
        if provider:
            apps = [a for a in apps if provider in (a.provider, a.provider_id)]
        if client_id:
            apps = [a for a in apps if a.client_id == client_id]
        return apps

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        sign_in = sign_in_of(sociallogin.provider)
        claims = _claims(sociallogin)
        user = _match(sign_in, claims, sociallogin)
        if user is None:
            record_event(
                actor=None,
                action="auth.sso_refused",
                county=sign_in.county,
                outcome=Outcome.DENIED,
                username=str(claims.get("email") or claims.get("preferred_username") or ""),
                detail={"provider": sign_in.provider_id, "subject": sociallogin.account.uid},
            )
            raise ImmediateHttpResponse(
                render(request, "account/sso_refused.html", {"sign_in": sign_in}, status=403)
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
            record_event(
                actor=user,
                action="auth.sso_linked",
                county=sign_in.county,
                detail={"provider": sign_in.provider_id, "subject": sociallogin.account.uid},
            )
            send_alert(
                actor=None,
                user=user,
                message=_(
                    "Your account can now be signed in with %(provider)s. If you did not "
                    "just sign in that way, tell your county administrator at once."
                )
                % {"provider": sign_in.label},
            )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """A sign-in that failed inside the protocol (state, code, token) is audited as
        a failed sign-in, with the provider's county."""
        found = sign_in_of(provider)
        record_event(
            actor=None,
            action="auth.sso_failed",
            county=found.county if found else None,
            outcome=Outcome.FAILURE,
            detail={"provider": found.provider_id if found else "", "error": str(error or "")},
        )


@receiver(allauth_logged_in)
def _note_provider_second_step(sender, request, user, **kwargs) -> None:
    """Decided once the sign-in happened, from how it happened: a county provider that
    asked for a second step stands for one for this sign-in only; any other sign-in
    clears it."""
    sociallogin = kwargs.get("sociallogin")
    sign_in = sign_in_of(sociallogin.provider) if sociallogin is not None else None
    asserted = sign_in is not None and asserted_mfa(sign_in, _claims(sociallogin))
    request.session[SSO_MFA] = user.pk if asserted else None
    note_enrolment(request, user)
