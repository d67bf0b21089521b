import json
import re
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from carecircle.accounts.models import Agency, County, User
from carecircle.accounts.roles import AgencyType, Role
from carecircle.demo.builder.mfa import demo_code
from carecircle.sharing import policy
from carecircle.test import SignedInClient
from carecircle.youth.models import Youth


class DemoCommandTest(TestCase):
    client_class = SignedInClient

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = StringIO()
        call_command("demo", stdout=cls.output)

    def test_it_prints_a_working_api_token_of_a_coordinator(self):
        token = re.search(r"Bearer (cc_\S+)'", self.output.getvalue()).group(1)
        response = self.client.get(
            reverse("api:youth_list"), headers={"authorization": f"Bearer {token}"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertGreater(response.json()["count"], 0)

    def test_it_builds_two_counties_with_every_agency_type_and_persona(self):
        self.assertEqual(County.objects.count(), 2)
        for county in County.objects.all():
            types = set(Agency.objects.filter(county=county).values_list("agency_type", flat=True))
            self.assertEqual(types, set(AgencyType.values))
            roles = set(
                User.objects.filter(county=county).values_list("memberships__role", flat=True)
            )
            self.assertEqual(roles, set(Role.values))
            # Forty youth, one of them entered twice for the coordinator to merge.
            self.assertEqual(Youth.objects.filter(county=county).count(), 41)
        self.assertTrue(User.objects.filter(state_role="state_analyst", county=None).exists())

    def test_it_queues_each_coordinators_program_report_and_fills_the_reports(self):
        from carecircle.clocks.testing import run_queued_tasks
        from carecircle.reports.models import Export

        exports = Export.objects.select_related("requested_by")
        self.assertEqual(
            sorted(e.requested_by.username for e in exports),
            ["coordinator.fernhollow", "coordinator.ravenmoor"],
        )
        run_queued_tasks()
        self.assertEqual({e.status for e in Export.objects.all()}, {"done"})
        coordinator = User.objects.get(username="coordinator.fernhollow")
        self.client.force_login(coordinator)
        board = self.client.get(reverse("reports:dashboard")).context["board"]
        self.assertGreater(board.tables["caseload"].total, 30)
        self.assertGreater(board.tables["tasks_by_kind"].total, 0)
        self.assertGreater(board.tables["services"].total, 0)
        self.client.logout()
        public = self.client.get(reverse("public_statewide"))
        self.assertEqual(public.status_code, 200)
        self.assertTrue(any(t.total for t in public.context["state"].tables))

    def test_it_gives_every_case_persona_some_youth(self):
        for membership_role in (
            "social_worker",
            "probation_officer",
            "clinician",
            "counselor",
            "public_health_nurse",
            "court_liaison",
            "victim_advocate",
            "survivor_mentor",
        ):
            user = User.objects.filter(memberships__role=membership_role).first()
            agency = user.memberships.get().agency
            self.assertTrue(Youth.objects.filter(agencies=agency).exists(), membership_role)

    def test_it_seals_two_records_that_only_the_court_liaison_sees(self):
        for county in County.objects.all():
            sealed = Youth.objects.filter(county=county, sealed_at__isnull=False)
            self.assertEqual(sealed.count(), 2)
            names = [y.last_name for y in sealed]
            self.client.force_login(User.objects.get(username=f"court_liaison.{county.slug}"))
            register = self.client.get(reverse("sealing:register"))
            for name in names:
                self.assertContains(register, name)
            self.assertContains(register, "Release the hold", count=1)
            coordinator = User.objects.get(username=f"coordinator.{county.slug}")
            visible = policy.visible_youth(coordinator)
            self.assertEqual(visible.count(), 41 - 2)  # two of the 41 records sealed
            self.assertFalse(visible.filter(sealed_at__isnull=False).exists())

    def test_it_sets_up_single_sign_on_for_two_counties_without_offering_it(self):
        from carecircle.accounts.models import CountySignIn

        oidc, saml = CountySignIn.objects.order_by("protocol")
        self.assertEqual((oidc.protocol, oidc.county.slug), ("oidc", "fernhollow"))
        self.assertEqual(saml.protocol, "saml")
        for sign_in, shown in ((oidc, oidc.client_id), (saml, "SHA-256 fingerprint")):
            with self.subTest(protocol=sign_in.protocol):
                self.assertFalse(sign_in.enabled)
                admin = User.objects.get(username=f"county_admin.{sign_in.county.slug}")
                self.client.force_login(admin)
                self.assertContains(self.client.get(reverse("county_sign_in")), shown)
                self.client.logout()
                self.client.post(reverse("use_notice"), {"next": ""})
                self.assertNotContains(self.client.get(reverse("account_login")), sign_in.label)

    def test_it_leaves_a_disabled_account_for_the_county_administrator_to_see(self):
        departed = User.objects.get(username="former.social_worker.fernhollow")
        self.assertFalse(departed.is_active)
        self.client.force_login(User.objects.get(username="county_admin.fernhollow"))
        page = self.client.get(reverse("county_people"))
        self.assertContains(page, "Disabled")
        self.assertContains(page, "former.social_worker.fernhollow")
        self.assertIn("/county/people/", self.output.getvalue())

    def test_it_refuses_to_load_twice_unless_asked_to_skip(self):
        with self.assertRaises(CommandError):
            call_command("demo", stdout=StringIO())
        out = StringIO()
        call_command("demo", "--if-empty", stdout=out)
        self.assertIn("not loaded", out.getvalue())
        self.assertEqual(County.objects.count(), 2)

    def test_it_lists_the_accounts_as_json(self):
        out = StringIO()
        call_command("demo_accounts", "--json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual(len(rows), 2 * len(Role.values) + 1)
        self.assertEqual(set(rows[0]), {"username", "persona", "county", "agency"})
        coordinator = next(r for r in rows if r["username"] == "coordinator.fernhollow")
        self.assertEqual(coordinator["persona"], "coordinator")
        self.assertEqual(coordinator["county"], "Fernhollow County")
        self.assertEqual(coordinator["agency"], "Fernhollow Children and Family Services")
        analyst = next(r for r in rows if r["persona"] == "state_analyst")
        self.assertIsNone(analyst["county"])

    def test_every_demo_account_signs_in_with_the_demo_password_and_its_code(self):
        out = StringIO()
        call_command("demo_accounts", "--json", stdout=out)
        for row in json.loads(out.getvalue()):
            with self.subTest(username=row["username"]):
                self.client.logout()
                self.client.post(reverse("use_notice"), {"next": ""})
                response = self.client.post(
                    reverse("account_login"),
                    {"login": row["username"], "password": "circle-of-care-demo"},
                )
                self.assertEqual(response["Location"], reverse("mfa_authenticate"))
                code = demo_code(row["username"])
                response = self.client.post(reverse("mfa_authenticate"), {"code": code})
                self.assertEqual(response.status_code, 302)
                self.assertEqual(
                    self.client.session["_auth_user_id"],
                    str(User.objects.get(username=row["username"]).pk),
                )
                landing = self.client.get(response["Location"], follow=True)
                self.assertEqual(landing.status_code, 200)


class DemoSizeTest(TestCase):
    def test_it_takes_sizes_for_a_synthetic_state(self):
        call_command("demo", "--counties", "3", "--youth", "5", stdout=StringIO())
        self.assertEqual(County.objects.count(), 3)
        # Five youth a county, and in each a second record of one of them to merge.
        self.assertEqual(Youth.objects.count(), 15 + 3)


class DemoProfileTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", "--youth", "6", stdout=StringIO())

    def test_it_fills_profiles_placements_contacts_and_a_duplicate_to_merge(self):
        from carecircle.youth import access
        from carecircle.youth.models import Placement, YouthContact

        self.assertTrue(Youth.objects.exclude(preferred_language="").exists())
        self.assertTrue(Placement.objects.exclude(address="").exists())
        self.assertTrue(YouthContact.objects.filter(kind="attorney").exists())
        coordinator = User.objects.get(username="coordinator.fernhollow")
        county_youth = Youth.objects.filter(county=coordinator.county)
        with_candidates = [y for y in county_youth if access.merge_candidates(coordinator, y)]
        self.assertTrue(with_candidates, "the demo offers a duplicate to merge")
