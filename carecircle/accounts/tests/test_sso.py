"""Single sign-on through a county's own OpenID Connect provider, served on loopback
by ``oidc_provider``: allauth talks to it over real HTTP."""

from urllib.parse import parse_qs, urlsplit

import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from carecircle.accounts.actions import save_county_sign_in
from carecircle.accounts.mfa import NEEDS_ENROLMENT
from carecircle.accounts.models import Alert, CountySignIn
from carecircle.accounts.roles import AgencyType
from carecircle.accounts.tests.loopback import county_person
from carecircle.accounts.tests.oidc_provider import LoopbackProvider
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase

SECRET = "loopback-client-secret-0123456789"


class SingleSignOnTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.provider = LoopbackProvider(client_id="care-circle-a", client_secret=SECRET)
        self.provider.__enter__()
        self.addCleanup(self.provider.__exit__)
        self.sign_in = save_county_sign_in(
            actor=self.county_admin_a, county=self.county_a, label="Fernhollow County account",
            issuer=self.provider.issuer, client_id="care-circle-a", client_secret=SECRET,
            asserts_mfa=True, enabled=True,
        )  # fmt: skip
        self.newcomer = county_person(self.county_a, self.agencies_a[AgencyType.CHILD_WELFARE])
        self.provider.add_person(
            "dortiz", email="dana.ortiz@fernhollow.example", amr=["pwd", "mfa"]
        )
        self.client.logout()

    def sign_in_through_provider(self, username: str, provider_id: str | None = None):
        provider_id = provider_id or self.sign_in.provider_id
        self.client.post(reverse("use_notice"), {"next": ""})
        start = self.client.post(reverse("openid_connect_login", args=[provider_id]))
        self.assertEqual(start.status_code, 302, start.content[:300])
        authorize = urlsplit(start["Location"])
        self.assertEqual(f"{authorize.scheme}://{authorize.netloc}", self.provider.issuer)
        params = {k: v[0] for k, v in parse_qs(authorize.query).items()}
        self.assertEqual(params["code_challenge_method"], "S256")
        answer = requests.post(
            f"{self.provider.issuer}/authorize",
            data={**params, "username": username},
            allow_redirects=False,
            timeout=10,
        )
        self.assertEqual(answer.status_code, 302, answer.text[:300])
        back = urlsplit(answer.headers["Location"])
        return self.client.get(f"{back.path}?{back.query}")

    def test_a_known_person_signs_in_and_their_account_is_linked(self):
        response = self.sign_in_through_provider("dortiz")
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.newcomer.pk)
        # The provider asserted the second step: no set-up page in Care Circle.
        self.assertFalse(self.client.session[NEEDS_ENROLMENT])
        self.assertRedirects(self.client.get(reverse("home")), reverse("youth:caseload"))
        self.assertTrue(AuditEvent.objects.filter(action="auth.sso_linked").exists())
        self.assertIn("/token", self.provider.requests)
        # The second time, the linked subject signs in without matching again.
        self.client.post(reverse("account_logout"))
        self.provider.people["dortiz"]["email"] = "changed@elsewhere.example"
        self.sign_in_through_provider("dortiz")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.newcomer.pk)

    def test_an_unknown_person_is_refused_and_nothing_is_created(self):
        self.provider.add_person("stranger", email="stranger@fernhollow.example")
        users_before = type(self.newcomer).objects.count()
        response = self.sign_in_through_provider("stranger")
        self.assertContains(response, "No Care Circle account matches", status_code=403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(type(self.newcomer).objects.count(), users_before)
        event = AuditEvent.objects.filter(action="auth.sso_refused").get()
        self.assertEqual(event.outcome, "denied")
        self.assertEqual(event.actor_username, "stranger@fernhollow.example")

    def test_another_countys_account_is_refused(self):
        type(self.coordinator_b).objects.filter(pk=self.coordinator_b.pk).update(
            email="b@ravenmoor.example"
        )
        self.provider.add_person("b", email="b@ravenmoor.example")
        response = self.sign_in_through_provider("b")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_disabled_account_is_refused(self):
        type(self.newcomer).objects.filter(pk=self.newcomer.pk).update(is_active=False)
        response = self.sign_in_through_provider("dortiz")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_only_a_verified_email_claim_matches_an_account(self):
        self.provider.add_person(
            "unverified", email="dana.ortiz@fernhollow.example", email_verified=False
        )
        self.provider.add_person("by_username", preferred_username="dana.ortiz@fernhollow.example")
        for username in ("unverified", "by_username"):
            with self.subTest(username=username):
                response = self.sign_in_through_provider(username)
                self.assertEqual(response.status_code, 403)
                self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_second_identity_cannot_take_over_a_linked_account(self):
        self.sign_in_through_provider("dortiz")
        self.client.post(reverse("account_logout"))
        self.provider.add_person("impostor", email="dana.ortiz@fernhollow.example")
        response = self.sign_in_through_provider("impostor")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_new_issuer_or_client_forgets_the_old_links(self):
        self.sign_in_through_provider("dortiz")
        self.assertEqual(SocialAccount.objects.filter(user=self.newcomer).count(), 1)
        save_county_sign_in(
            actor=self.county_admin_a, county=self.county_a, label="Fernhollow County account",
            issuer=self.provider.issuer, client_id="another-client", asserts_mfa=True,
            enabled=True,
        )  # fmt: skip
        self.assertFalse(SocialAccount.objects.filter(user=self.newcomer).exists())
        event = AuditEvent.objects.filter(action="county.sign_in_changed").latest("pk")
        self.assertEqual(event.detail["links_removed"], 1)

    def test_the_person_is_told_when_their_account_is_linked(self):
        self.sign_in_through_provider("dortiz")
        alert = Alert.objects.filter(user=self.newcomer).latest("pk")
        self.assertIn("Fernhollow County account", alert.message)

    def test_without_an_asserted_second_step_the_person_sets_one_up(self):
        self.provider.people["dortiz"]["amr"] = ["pwd"]
        self.sign_in_through_provider("dortiz")
        self.assertTrue(self.client.session[NEEDS_ENROLMENT])
        self.assertRedirects(
            self.client.get(reverse("youth:caseload")),
            reverse("mfa_index"),
            fetch_redirect_response=False,
        )

    def test_a_provider_not_marked_as_asking_for_a_second_step_exempts_nobody(self):
        CountySignIn.objects.filter(pk=self.sign_in.pk).update(asserts_mfa=False)
        self.sign_in_through_provider("dortiz")
        self.assertTrue(self.client.session[NEEDS_ENROLMENT])

    def test_a_disabled_provider_is_not_offered_and_cannot_be_used(self):
        self.client.post(reverse("use_notice"), {"next": ""})
        self.assertContains(self.client.get(reverse("account_login")), "Fernhollow County account")
        CountySignIn.objects.filter(pk=self.sign_in.pk).update(enabled=False)
        self.assertNotContains(
            self.client.get(reverse("account_login")), "Fernhollow County account"
        )
        url = reverse("openid_connect_login", args=[self.sign_in.provider_id])
        self.assertEqual(self.client.post(url).status_code, 404)


class CountySignInPageTest(BaseTestCase):
    url = "/county/sign-in/"

    def test_the_county_administrator_sets_it_up_and_the_secret_stays_out_of_the_log(self):
        self.login("county_admin")
        self.assertContains(self.client.get(self.url), "/accounts/oidc/county-")
        data = {
            "protocol": "oidc",
            "label": "Fernhollow County account",
            "issuer": "https://login.microsoftonline.com/0000-tenant/v2.0",
            "client_id": "abc",
            "client_secret": "s3cret-value-never-logged",
            "asserts_mfa": "on",
            "enabled": "on",
        }
        self.assertRedirects(self.client.post(self.url, data), self.url)
        sign_in = CountySignIn.objects.get(county=self.county_a)
        self.assertEqual(sign_in.client_secret, "s3cret-value-never-logged")
        self.assertTrue(sign_in.asserts_mfa)
        event = AuditEvent.objects.filter(action="county.sign_in_changed").get()
        self.assertNotIn("s3cret", str(event.detail))
        # A blank secret keeps the stored one.
        self.client.post(self.url, {**data, "client_secret": "", "label": "County login"})
        sign_in.refresh_from_db()
        self.assertEqual(sign_in.client_secret, "s3cret-value-never-logged")
        self.assertEqual(sign_in.label, "County login")

    def test_bad_input_is_refused_and_changes_nothing(self):
        self.login("county_admin")
        for data, message in (
            ({"issuer": "http://idp.example/v2.0"}, "must start with https://"),
            ({"client_secret": ""}, "Enter the client secret"),
            ({"client_id": ""}, "Enter the client ID"),
            ({"issuer": "not an address"}, "Enter a valid URL"),
        ):
            with self.subTest(data=data):
                response = self.client.post(
                    self.url,
                    {"protocol": "oidc", "label": "L", "issuer": "https://idp.example",
                     "client_id": "c", "client_secret": "s", **data},
                )  # fmt: skip
                self.assertContains(response, message)
        self.assertFalse(CountySignIn.objects.exists())

    def test_nobody_else_may_set_it_up(self):
        for role in ("coordinator", "auditor", "supervisor"):
            with self.subTest(role=role):
                self.login(role)
                self.assertEqual(self.client.get(self.url).status_code, 403)
