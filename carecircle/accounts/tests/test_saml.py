"""Single sign-on through a county's own SAML 2.0 provider, served on loopback by
``saml_provider``: real AuthnRequests and real signed responses, checked by allauth and
python3-saml."""

import re
from urllib.parse import parse_qs, urlsplit

import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from carecircle.accounts.actions import save_county_sign_in
from carecircle.accounts.mfa import NEEDS_ENROLMENT
from carecircle.accounts.models import CountySignIn, SignInProtocol
from carecircle.accounts.roles import AgencyType
from carecircle.accounts.tests.loopback import county_person
from carecircle.accounts.tests.saml_provider import (
    METHODS_ATTRIBUTE,
    PASSWORD,
    LoopbackSamlProvider,
)
from carecircle.audit.models import AuditEvent
from carecircle.demo.builder.saml import signing_pair
from carecircle.test import BaseTestCase

HIDDEN = re.compile(r'name="(SAMLResponse|RelayState)" value="([^"]*)"')


class SamlSignInTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.idp = LoopbackSamlProvider()
        self.idp.__enter__()
        self.addCleanup(self.idp.__exit__)
        self.sign_in = save_county_sign_in(
            actor=self.county_admin_a, county=self.county_a, label="Fernhollow County account",
            protocol=SignInProtocol.SAML, issuer=self.idp.entity_id, sso_url=self.idp.sso_url,
            certificate=self.idp.certificate, asserts_mfa=True, enabled=True,
        )  # fmt: skip
        self.person = county_person(self.county_a, self.agencies_a[AgencyType.CHILD_WELFARE])
        self.idp.add_person("dortiz", email="dana.ortiz@fernhollow.example")
        self.client.logout()

    def start(self) -> dict:
        """Start at Care Circle: the browser is sent to the provider with a request."""
        self.client.post(reverse("use_notice"), {"next": ""})
        start = self.client.post(reverse("saml_login", args=[self.sign_in.provider_id]))
        self.assertEqual(start.status_code, 302, start.content[:300])
        self.assertTrue(start["Location"].startswith(self.idp.sso_url + "?"))
        return {k: v[0] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}

    def at_provider(self, query: dict, username: str) -> tuple[str, dict]:
        """Sign in on the provider's page, over HTTP; what its form posts back."""
        page = requests.post(self.idp.sso_url, data={**query, "username": username}, timeout=10)
        self.assertEqual(page.status_code, 200)
        action = re.search(r'action="([^"]+)"', page.text).group(1)
        return action, dict(HIDDEN.findall(page.text))

    def post_back(self, acs: str, fields: dict):
        """The provider's form arrives at Care Circle, which finishes the sign-in."""
        received = self.client.post(urlsplit(acs).path, fields)
        self.assertEqual(received.status_code, 302)
        return self.client.get(received["Location"])

    def sign_in_as(self, username: str):
        return self.post_back(*self.at_provider(self.start(), username))

    def answer_with(self, **options):
        """A response made by the provider with ``options`` (another key, no signature,
        not asked for), to the sign-in just started."""
        query = self.start()
        request = self.idp.read_request(query["SAMLRequest"])
        if options.pop("unsolicited", False):
            request["id"] = None
        request["audience"] = options.pop("audience", request["audience"])
        answer = self.idp.response(request, "dortiz", **options)
        return self.post_back(request["acs"], {"SAMLResponse": answer, "RelayState": ""})

    def assert_signed_out(self) -> None:
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_known_person_signs_in_and_their_account_is_linked(self):
        response = self.sign_in_as("dortiz")
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.person.pk)
        # The provider asked for a second step ("multipleauthn"): none in Care Circle.
        self.assertFalse(self.client.session[NEEDS_ENROLMENT])
        self.assertRedirects(self.client.get(reverse("home")), reverse("youth:caseload"))
        link = SocialAccount.objects.get(user=self.person)
        self.assertEqual(link.uid, self.idp.people["dortiz"]["name_id"])
        self.assertTrue(AuditEvent.objects.filter(action="auth.sso_linked").exists())
        # The second time the linked NameID signs in, whatever the e-mail address says.
        self.client.post(reverse("account_logout"))
        self.idp.people["dortiz"]["attributes"].pop(
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
        )
        self.sign_in_as("dortiz")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.person.pk)

    def test_an_unknown_person_is_refused_and_nothing_is_created(self):
        self.idp.add_person("stranger", email="stranger@fernhollow.example")
        users_before = type(self.person).objects.count()
        response = self.sign_in_as("stranger")
        self.assertContains(response, "No Care Circle account matches", status_code=403)
        self.assert_signed_out()
        self.assertEqual(type(self.person).objects.count(), users_before)
        event = AuditEvent.objects.filter(action="auth.sso_refused").get()
        self.assertEqual(event.actor_username, "stranger@fernhollow.example")

    def test_a_response_signed_with_another_key_is_refused(self):
        key, certificate = signing_pair("Someone else")
        response = self.answer_with(key=key, certificate=certificate)
        self.assertEqual(response.status_code, 401)
        self.assert_signed_out()
        event = AuditEvent.objects.filter(action="auth.sso_failed").get()
        self.assertEqual(event.county_id, self.county_a.pk)

    def test_an_unsigned_assertion_is_refused(self):
        self.assertEqual(self.answer_with(signed=False).status_code, 401)
        self.assert_signed_out()

    def test_an_answer_meant_for_another_service_is_refused(self):
        response = self.answer_with(audience="https://other-service.example/saml")
        self.assertEqual(response.status_code, 401)
        self.assert_signed_out()

    def test_an_unsolicited_response_is_refused(self):
        self.assertEqual(self.answer_with(unsolicited=True).status_code, 401)
        self.assert_signed_out()

    def test_a_response_is_good_for_one_sign_in_only(self):
        acs, fields = self.at_provider(self.start(), "dortiz")
        self.post_back(acs, fields)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.person.pk)
        # Its request was answered once: the same response again, in the same browser
        # whose session started it, is refused.
        self.assertEqual(self.post_back(acs, fields).status_code, 403)

    def test_without_an_asserted_second_step_the_person_sets_one_up(self):
        self.idp.add_person(
            "password_only", email="dana.ortiz@fernhollow.example", methods=[PASSWORD]
        )
        self.sign_in_as("password_only")
        self.assertTrue(self.client.session[NEEDS_ENROLMENT])
        # Nothing said about the methods is no second step either.
        self.client.post(reverse("account_logout"))
        self.idp.people["password_only"]["attributes"].pop(METHODS_ATTRIBUTE)
        self.sign_in_as("password_only")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.person.pk)
        self.assertTrue(self.client.session[NEEDS_ENROLMENT])
        self.assertRedirects(
            self.client.get(reverse("youth:caseload")),
            reverse("mfa_index"),
            fetch_redirect_response=False,
        )

    def test_the_metadata_names_the_reply_address(self):
        url = reverse("saml_metadata", args=[self.sign_in.provider_id])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"/accounts/saml/county-", response.content)
        self.assertIn(b"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", response.content)
        # No single logout is offered: signing out is Care Circle's own.
        sls = reverse("saml_sls", args=[self.sign_in.provider_id])
        self.assertEqual(self.client.get(sls).status_code, 404)

    def test_changing_protocol_forgets_the_old_links(self):
        self.sign_in_as("dortiz")
        self.assertEqual(SocialAccount.objects.filter(user=self.person).count(), 1)
        save_county_sign_in(
            actor=self.county_admin_a, county=self.county_a, label="Fernhollow County account",
            issuer=self.idp.entity_id, client_id="care-circle", client_secret="s",
            asserts_mfa=True, enabled=True,
        )  # fmt: skip
        self.assertFalse(SocialAccount.objects.filter(user=self.person).exists())
        sign_in = CountySignIn.objects.get(county=self.county_a)
        self.assertEqual((sign_in.protocol, sign_in.certificate), ("oidc", ""))


class CountySamlPageTest(BaseTestCase):
    url = "/county/sign-in/"

    def setUp(self) -> None:
        super().setUp()
        _key, self.certificate = signing_pair()
        self.data = {
            "protocol": "saml",
            "label": "Fernhollow County account",
            "issuer": "https://sts.windows.net/0000-tenant/",
            "sso_url": "https://login.microsoftonline.com/0000-tenant/saml2",
            "certificate": self.certificate,
            "asserts_mfa": "on",
            "enabled": "on",
        }

    def test_the_county_administrator_sets_up_saml(self):
        self.login("county_admin")
        page = self.client.get(self.url)
        self.assertContains(page, "/accounts/saml/county-")
        self.assertRedirects(self.client.post(self.url, self.data), self.url)
        sign_in = CountySignIn.objects.get(county=self.county_a)
        # The entity ID is kept exactly, trailing slash included.
        self.assertEqual(sign_in.issuer, "https://sts.windows.net/0000-tenant/")
        self.assertEqual(sign_in.protocol, "saml")
        event = AuditEvent.objects.filter(action="county.sign_in_changed").get()
        self.assertRegex(event.detail["new"]["certificate_sha256"], r"^([0-9A-F]{2}:){31}")
        self.assertContains(self.client.get(self.url), "SHA-256 fingerprint")
        # A blank certificate keeps the stored one; the bare Base64 of metadata is taken.
        self.client.post(self.url, {**self.data, "certificate": ""})
        sign_in.refresh_from_db()
        self.assertEqual(sign_in.certificate.strip(), self.certificate.strip())
        bare = "".join(self.certificate.strip().splitlines()[1:-1])
        self.assertRedirects(
            self.client.post(self.url, {**self.data, "certificate": bare}), self.url
        )

    def test_bad_input_is_refused_and_changes_nothing(self):
        self.login("county_admin")
        for change, message in (
            ({"certificate": "not a certificate"}, "This is not a certificate"),
            ({"certificate": ""}, "Paste your provider"),
            ({"sso_url": "http://idp.example/saml2"}, "must start with https://"),
            ({"sso_url": ""}, "Enter your provider"),
            ({"issuer": "two words"}, "An entity ID has no spaces"),
            ({"protocol": "oidc"}, "Enter the client ID"),
        ):
            with self.subTest(change=change):
                self.assertContains(self.client.post(self.url, {**self.data, **change}), message)
        self.assertFalse(CountySignIn.objects.exists())
