from datetime import timedelta

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from carecircle.api.actions import issue_token, revoke_token
from carecircle.api.models import ApiToken, Scope, TokenKind
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase

READ_WRITE = [Scope.YOUTH_READ, Scope.YOUTH_WRITE]


class TokenTests(BaseTestCase):
    def token_for(self, role: str, county: str = "a", scopes=READ_WRITE, days: int = 30):
        user = self.persona(role, county)
        return issue_token(
            actor=user,
            user=user,
            name="Case system",
            scopes=scopes,
            expires_at=timezone.now() + timedelta(days=days),
        )

    def get(self, url: str, text: str):
        return self.client.get(url, HTTP_AUTHORIZATION=f"Bearer {text}")

    def test_it_is_shown_once_and_kept_only_as_a_hash(self):
        issued = self.token_for("social_worker")
        self.assertTrue(issued.text.startswith(f"cc_{issued.token.prefix}_"))
        secret = issued.text.split("_", 2)[2]
        stored = ApiToken.objects.filter(pk=issued.token.pk).values().get()
        self.assertNotIn(secret, repr(stored))
        self.assertEqual(len(stored["digest"]), 64)
        self.assertTrue(AuditEvent.objects.filter(action="api_token.issue").exists())

    def test_it_reads_as_its_owner_and_records_its_last_use(self):
        issued = self.token_for("social_worker")
        response = self.get(reverse("api:youth_list"), issued.text)
        self.assertEqual(response.status_code, 200)
        names = {row["last_name"] for row in response.json()["results"]}
        self.assertEqual(names, {"Delgado"})  # the dependent child welfare serves
        issued.token.refresh_from_db()
        self.assertIsNotNone(issued.token.last_used_at)
        event = AuditEvent.objects.filter(action="youth.list").latest("seq")
        self.assertEqual(event.actor_id, self.social_worker_a.pk)

    def test_a_county_a_token_gets_404_for_county_b(self):
        issued = self.token_for("coordinator")
        for name in ("api:youth", "api:identifications"):
            url = reverse(name, kwargs={"youth_id": self.youth_cw_b.pk})
            self.assertEqual(self.get(url, issued.text).status_code, 404)
        own = reverse("api:youth", kwargs={"youth_id": self.youth_cw_a.pk})
        self.assertEqual(self.get(own, issued.text).status_code, 200)

    def test_a_revoked_expired_or_unknown_token_gets_401(self):
        url = reverse("api:youth_list")
        revoked = self.token_for("social_worker")
        revoke_token(actor=self.social_worker_a, token=revoked.token)
        expired = self.token_for("social_worker", days=1)
        for text in (revoked.text, "cc_nothing_here", "Bearer", "cc_" + "x" * 20):
            response = self.get(url, text)
            self.assertEqual(response.status_code, 401, text)
            self.assertEqual(response.json()["type"], "client_error")
        with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
            self.assertEqual(self.get(url, expired.text).status_code, 401)
        self.assertEqual(self.client.get(url).status_code, 401)

    def test_a_token_of_someone_who_left_stops_working(self):
        issued = self.token_for("social_worker")
        self.social_worker_a.is_active = False
        self.social_worker_a.save(update_fields=["is_active"])
        self.assertEqual(self.get(reverse("api:youth_list"), issued.text).status_code, 401)

    def test_a_read_only_token_may_not_write(self):
        issued = self.token_for("social_worker", scopes=[Scope.YOUTH_READ])
        response = self.client.post(
            reverse("api:youth_list"),
            {"first_name": "New", "last_name": "Person", "date_of_birth": "2011-01-01"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {issued.text}",
        )
        self.assertEqual(response.status_code, 403)

    def test_it_is_rate_limited_per_token(self):
        issued = self.token_for("social_worker")
        other = self.token_for("coordinator")
        url = reverse("api:youth_list")
        rates = {"api": "2/minute"}
        with override_settings(
            REST_FRAMEWORK={**self.rest_settings(), "DEFAULT_THROTTLE_RATES": rates}
        ):
            self.assertEqual(self.get(url, issued.text).status_code, 200)
            self.assertEqual(self.get(url, issued.text).status_code, 200)
            self.assertEqual(self.get(url, issued.text).status_code, 429)
            self.assertEqual(self.get(url, other.text).status_code, 200)

    @staticmethod
    def rest_settings() -> dict:
        from django.conf import settings

        return dict(settings.REST_FRAMEWORK)

    def test_people_make_and_revoke_their_own_tokens_on_a_page(self):
        self.login("probation_officer")
        page = self.client.post(
            reverse("api_tokens"),
            {"name": "Probation system", "scopes": [Scope.YOUTH_READ], "lifetime": "90"},
        )
        self.assertContains(page, "Copy it now")
        token = ApiToken.objects.get(user=self.probation_officer_a)
        self.assertContains(page, f"cc_{token.prefix}_")
        self.assertEqual(token.kind, TokenKind.PERSONAL)
        again = self.client.get(reverse("api_tokens"))
        self.assertNotContains(again, "Copy it now")
        self.client.post(reverse("api_token_revoke", kwargs={"token_id": token.pk}))
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        # Someone else's token is not theirs to revoke, nor to know of.
        theirs = self.token_for("social_worker").token
        response = self.client.post(reverse("api_token_revoke", kwargs={"token_id": theirs.pk}))
        self.assertEqual(response.status_code, 404)

    def test_a_token_must_expire_within_a_year(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.token_for("social_worker", days=400)


class SystemTokenTests(BaseTestCase):
    def test_the_county_administrator_issues_and_revokes_a_system_token(self):
        self.login("county_admin")
        page = self.client.post(
            reverse("county_api_tokens"),
            {
                "user": self.probation_officer_a.pk,
                "name": "Probation case system",
                "scopes": [Scope.YOUTH_READ],
                "lifetime": "365",
            },
        )
        self.assertContains(page, "Copy it now")
        token = ApiToken.objects.get(kind=TokenKind.SYSTEM)
        self.assertEqual(token.user, self.probation_officer_a)
        text = page.context["issued"].text
        ward = reverse("api:youth", kwargs={"youth_id": self.youth_prob_a.pk})
        self.assertEqual(
            self.client.get(ward, HTTP_AUTHORIZATION=f"Bearer {text}").status_code, 200
        )
        self.client.post(reverse("county_api_token_revoke", kwargs={"token_id": token.pk}))
        self.client.logout()
        self.assertEqual(
            self.client.get(ward, HTTP_AUTHORIZATION=f"Bearer {text}").status_code, 401
        )

    def test_only_the_county_administrator_issues_system_tokens(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            issue_token(
                actor=self.coordinator_a,
                user=self.probation_officer_a,
                name="x",
                scopes=[Scope.YOUTH_READ],
                expires_at=timezone.now() + timedelta(days=1),
                kind=TokenKind.SYSTEM,
            )
        self.login("county_admin", "b")
        page = self.client.post(
            reverse("county_api_tokens"),
            {"user": self.probation_officer_a.pk, "name": "x", "scopes": [Scope.YOUTH_READ],
             "lifetime": "30"},
        )  # fmt: skip
        self.assertEqual(page.status_code, 200)
        self.assertFalse(ApiToken.objects.exists())  # not a person of county B: refused
