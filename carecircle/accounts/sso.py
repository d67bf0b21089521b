"""Single sign-on through a county's own identity provider (OpenID Connect or SAML).

Each county's provider (``CountySignIn``) becomes an allauth ``openid_connect`` or
``saml`` app named ``county-<slug>``, built from the database on demand — no
``SocialApp`` rows. It signs in only the county's existing, active accounts, matched by
the e-mail address the provider asserts, and links the provider's subject to the account
the first time. Nobody signs up through it. If the county marks its provider as
requiring a second step for everyone, people who sign in through it need none in Care
Circle — unless the sign-in's methods (OpenID Connect's ``amr`` claim, SAML's
authentication methods attribute) say it used no second factor.
"""

from __future__ import annotations

from allauth.account.signals import user_logged_in as allauth_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from carecircle.accounts.actions import send_alert
from carecircle.accounts.mfa import SSO_MFA, note_sign_in
from carecircle.accounts.models import CountySignIn, SignInProtocol, User
from carecircle.audit.actions import record_event
from carecircle.audit.models import Outcome

MFA_METHODS = {"mfa", "otp", "hwk", "swk", "fido", "sms", "face", "fpt", "iris"}

# SAML attributes, by what they mean. Names are those of Microsoft Entra ID and AD FS,
# the eduPerson/X.500 object identifiers, and the plain names many providers send.
SAML_ATTRIBUTES = {
    "uid": [
        "urn:oasis:names:tc:SAML:attribute:subject-id",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
    ],
    "email": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "urn:oid:0.9.2342.19200300.100.1.3",
        "email",
        "mail",
    ],
    "email_verified": ["email_verified"],
    "first_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "urn:oid:2.5.4.42",
    ],
    "last_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "urn:oid:2.5.4.4",
    ],
}
SAML_METHODS = [
    "http://schemas.microsoft.com/claims/authnmethodsreferences",
    "amr",
]
# A method that names a second factor: Entra ID and AD FS's "multipleauthn", the REFEDS
# MFA profile, or one of OpenID Connect's amr values.
SAML_MFA_MARKERS = ("multipleauthn", "refeds.org/profile/mfa")


def social_app(sign_in: CountySignIn) -> SocialApp:
    if sign_in.protocol == SignInProtocol.SAML:
        return SocialApp(
            provider="saml",
            provider_id=sign_in.provider_id,
            name=sign_in.label,
            # allauth's SAML pages find the app by this "organisation" in their address.
            client_id=sign_in.provider_id,
            settings={
                "county_id": sign_in.county_id,
                "idp": {
                    "entity_id": sign_in.issuer,
                    "sso_url": sign_in.sso_url,
                    "x509cert": sign_in.certificate,
                },
                "attribute_mapping": SAML_ATTRIBUTES,
                "advanced": {
                    "strict": True,
                    # Every assertion carries the provider's signature; unsigned or
                    # wrongly signed responses, SHA-1 and unsolicited ones are refused.
                    "want_assertion_signed": True,
                    "reject_deprecated_algorithm": True,
                    "reject_idp_initiated_sso": True,
                    # "localhost" and the test client's "testserver" outside production.
                    "allow_single_label_domains": not settings.PRODUCTION,
                },
            },
        )
    return SocialApp(
        provider="openid_connect",
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
    """What the provider asserted, as OpenID Connect claims (email, email_verified,
    amr) whichever the protocol."""
    data = sociallogin.account.extra_data or {}
    if sociallogin.provider.id != "saml":
        return {**data.get("userinfo", {}), **data.get("id_token", {})}

    def first(names: list[str]) -> str | None:
        return next((str(data[n][0]) for n in names if data.get(n)), None)

    verified = first(SAML_ATTRIBUTES["email_verified"])
    methods = [str(value) for name in SAML_METHODS for value in data.get(name, [])]
    return {
        # allauth takes the e-mail address from the attributes above or, failing them,
        # from a NameID in the e-mail address format.
        "email": sociallogin.user.email,
        "email_verified": None if verified is None else verified.lower() in ("true", "1"),
        # Unlike OpenID Connect, no methods at all is no evidence of a second step: the
        # person sets one up in Care Circle.
        "amr": [
            "mfa" if any(marker in value for marker in SAML_MFA_MARKERS) else value
            for value in methods
        ],
    }


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
    note_sign_in(request, user)
