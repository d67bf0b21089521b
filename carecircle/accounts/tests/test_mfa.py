"""Two-step sign-in: asked of everyone after the password; until it is set up, the
set-up pages are all a person reaches."""

import re
from datetime import timedelta
from uuid import uuid4

import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from carecircle.accounts.actions import add_membership, create_user
from carecircle.accounts.mfa import ENROLMENT_URLS
from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.demo.builder.mfa import demo_code
from carecircle.test import PASSWORD, BaseTestCase

NEW_PASSWORD = "a brand new and long enough password"
SAMPLE = {"uuid": str(uuid4()), "int": "1", "str": "x", "slug": "x", "path": "x"}


def every_route(patterns=None, prefix: str = "", namespace: str = ""):
    """(path with sample values, url name) for every route."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from every_route(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            path = re.sub(
                r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], prefix + route
            )
            yield "/" + path.lstrip("^").rstrip("$"), f"{namespace}{entry.name}"


class SecondStepTest(BaseTestCase):
    def password_step(self, username: str, password: str = PASSWORD):
        self.client.post(reverse("use_notice"), {"next": ""})
        return self.client.post(reverse("account_login"), {"login": username, "password": password})

    def test_the_password_alone_does_not_sign_in(self):
        response = self.password_step(self.social_worker_a.username)
        self.assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get(reverse("youth:caseload")).status_code, 302)
        wrong = self.client.post(reverse("mfa_authenticate"), {"code": "000000"})
        self.assertEqual(wrong.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
        right = self.client.post(
            reverse("mfa_authenticate"), {"code": demo_code(self.social_worker_a.username)}
        )
        self.assertEqual(right.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.social_worker_a.pk)
        self.assertTrue(
            AuditEvent.objects.filter(action="auth.sign_in", outcome="success").exists()
        )

    def test_a_code_is_accepted_once(self):
        code = demo_code(self.social_worker_a.username)
        self.password_step(self.social_worker_a.username)
        self.client.post(reverse("mfa_authenticate"), {"code": code})
        self.client.post(reverse("account_logout"))
        self.password_step(self.social_worker_a.username)
        again = self.client.post(reverse("mfa_authenticate"), {"code": code})
        self.assertEqual(again.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)


class EnrolmentTest(BaseTestCase):
    def setUp(self) -> None:
        self.newcomer = create_user(
            actor=None,
            username="newcomer.fernhollow",
            password=NEW_PASSWORD,
            first_name="Nia",
            last_name="Newcomb",
            county=self.county_a,
        )
        add_membership(
            actor=None,
            user=self.newcomer,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            role="coordinator",
        )
        self.client.post(reverse("use_notice"), {"next": ""})
        signed_in = self.client.post(
            reverse("account_login"), {"login": self.newcomer.username, "password": NEW_PASSWORD}
        )
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.newcomer.pk, signed_in)

    def test_without_an_authenticator_every_page_but_the_set_up_sends_to_it(self):
        for path, name in every_route():
            if name in ENROLMENT_URLS:
                continue
            with self.subTest(url=name, path=path):
                response = self.client.get(path)
                if path.startswith("/api/"):
                    self.assertEqual(response.status_code, 403)
                    self.assertEqual(response.json()["errors"][0]["code"], "mfa_required")
                else:
                    self.assertEqual(response.status_code, 302)
                    self.assertEqual(response["Location"], reverse("mfa_index"))
        self.assertEqual(self.client.get(reverse("mfa_index")).status_code, 200)

    def test_setting_up_an_authenticator_app_opens_the_pages(self):
        page = self.client.get(reverse("mfa_activate_totp"))
        self.assertEqual(page.status_code, 200)
        secret = self.client.session[SECRET_SESSION_KEY]
        wrong = self.client.post(reverse("mfa_activate_totp"), {"code": "123456"})
        self.assertEqual(wrong.status_code, 200)
        self.assertFalse(Authenticator.objects.filter(user=self.newcomer).exists())
        code = format_hotp_value(hotp_value(secret, int(__import__("time").time()) // 30))
        done = self.client.post(reverse("mfa_activate_totp"), {"code": code})
        self.assertEqual(done.status_code, 302)
        self.assertTrue(
            Authenticator.objects.filter(user=self.newcomer, type=Authenticator.Type.TOTP).exists()
        )
        caseload = self.client.get(reverse("youth:caseload"))
        self.assertEqual(caseload.status_code, 200, caseload.get("Location"))
        # The recovery codes that come with the first authenticator are shown without
        # asking again for the password just given…
        codes = self.client.get(reverse("mfa_view_recovery_codes"))
        self.assertEqual(codes.status_code, 200, codes.get("Location"))
        # …while any other change to the second step asks, first set-up or not,
        for change in ("mfa_deactivate_totp", "mfa_add_webauthn"):
            asked = self.client.get(reverse(change))
            self.assertEqual(asked.status_code, 302, change)
            self.assertIn("/reauthenticate/", asked["Location"])
        # …but not after that first sign-in's few minutes,
        with time_machine.travel(timezone.now() + timedelta(minutes=6)):
            later = self.client.get(reverse("mfa_view_recovery_codes"))
        self.assertEqual(later.status_code, 302)
        self.assertIn("/reauthenticate/", later["Location"])
        # …nor at a sign-in that already had a second step.
        self.client.post(reverse("account_logout"))
        self.client.post(reverse("use_notice"), {"next": ""})
        self.client.post(
            reverse("account_login"), {"login": self.newcomer.username, "password": NEW_PASSWORD}
        )
        # The code of the next step: each code is accepted once, one step either side.
        step = int(__import__("time").time()) // 30 + 1
        self.client.post(
            reverse("mfa_authenticate"), {"code": format_hotp_value(hotp_value(secret, step))}
        )
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.newcomer.pk)
        again = self.client.get(reverse("mfa_view_recovery_codes"))
        self.assertEqual(again.status_code, 302)
        self.assertIn("/reauthenticate/", again["Location"])


class SecretsTest(BaseTestCase):
    def test_secrets_are_kept_encrypted_and_survive_a_key_rotation(self):
        from io import StringIO

        from cryptography.fernet import Fernet
        from django.core.management import call_command

        from carecircle.lib import crypto
        from carecircle.lib.tests.base import keys

        totp = Authenticator.objects.get(user=self.social_worker_a, type="totp")
        self.assertTrue(totp.data["secret"].startswith(crypto.PREFIX))
        before = totp.data["secret"]
        new_key = Fernet.generate_key().decode()
        with keys(new_key, crypto.DEVELOPMENT_FIELD_KEY):
            call_command("rotate_field_keys", stdout=StringIO())
        totp.refresh_from_db()
        self.assertNotEqual(totp.data["secret"], before)
        with keys(new_key):  # the old key is gone: codes still check out
            self.assertTrue(totp.wrap().validate_code(demo_code(self.social_worker_a.username)))
