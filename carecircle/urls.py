from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.saml import views as saml_views
from django.urls import include, path

from carecircle import views
from carecircle.api import pages as api_pages
from carecircle.referrals import views as referral_views
from carecircle.reports import views as report_views

# Only the sign-in routes Care Circle uses: people do not sign themselves up, add
# e-mail addresses or reset passwords by e-mail; county administrators manage accounts.
account_urls = [
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    # The second sign-in step: authenticator apps, security keys and passkeys, recovery
    # codes (allauth.mfa).
    path("2fa/", include("allauth.mfa.urls")),
    # Single sign-on through the county's own provider: /accounts/oidc/county-<slug>/…
    path("oidc/", include("allauth.socialaccount.providers.openid_connect.urls")),
    path(
        "oidc/cancelled/",
        social_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path("oidc/error/", social_views.login_error, name="socialaccount_login_error"),
    # …or SAML 2.0: /accounts/saml/county-<slug>/…
    path(
        "saml/<str:organization_slug>/",
        include(
            [
                path("login/", saml_views.login, name="saml_login"),
                path("acs/", saml_views.acs, name="saml_acs"),
                path("acs/finish/", saml_views.finish_acs, name="saml_finish_acs"),
                path("metadata/", saml_views.metadata, name="saml_metadata"),
                # Signing out is Care Circle's own: no single logout from the provider.
                path("sls/", views.not_offered, name="saml_sls"),
            ]
        ),
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include(account_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("youth/", include("carecircle.youth.urls")),
    path("youth/<uuid:youth_id>/", include("carecircle.records.urls")),
    path("youth/<uuid:youth_id>/screenings/", include("carecircle.screening.urls")),
    path("youth/<uuid:youth_id>/missing/", include("carecircle.clocks.episode_urls")),
    path("youth/<uuid:youth_id>/meetings/", include("carecircle.meetings.urls")),
    path("youth/<uuid:youth_id>/", include("carecircle.referrals.urls")),
    path("youth/<uuid:youth_id>/justice/", include("carecircle.justice.urls")),
    path("providers/", referral_views.providers, name="providers"),
    path("clocks/", include("carecircle.clocks.urls")),
    path("sealing/", include("carecircle.sealing.urls")),
    path("", include("carecircle.sharing.urls")),
    path("audit/", include("carecircle.audit.urls")),
    path("reports/", include("carecircle.reports.urls")),
    path("api/v1/", include("carecircle.api.urls")),
    path("imports/", include("carecircle.imports.urls")),
    path("account/tokens/", api_pages.tokens, name="api_tokens"),
    path("account/tokens/<uuid:token_id>/revoke/", api_pages.revoke, name="api_token_revoke"),
    path("county/tokens/", api_pages.county_tokens, name="county_api_tokens"),
    path(
        "county/tokens/<uuid:token_id>/revoke/",
        api_pages.county_revoke,
        name="county_api_token_revoke",
    ),
    # De-identified, suppressed statewide figures: public, no sign-in.
    path("public/statewide/", report_views.public_statewide, name="public_statewide"),
    path("public/statewide.csv", report_views.public_statewide_csv, name="public_statewide_csv"),
    path("", include("carecircle.accounts.urls")),
]

handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
