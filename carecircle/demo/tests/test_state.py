"""The synthetic state: copies stay in their county, histories are whole, the audit
chain verifies, and the copied youth open like any other."""

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test import TestCase, TransactionTestCase

from carecircle.accounts.models import Agency, County, User
from carecircle.accounts.testing import signed_in_client
from carecircle.audit.chain import chains, verify_chain
from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.testing import tampering
from carecircle.demo.state import build_state
from carecircle.demo.state.clone import COPIED
from carecircle.demo.state.counties import county_sizes
from carecircle.records.models import Note
from carecircle.youth.models import Youth, YouthSearchKey

POSTGRES_ONLY = "The synthetic state is built with PostgreSQL's bulk SQL (COPY, md5 ids)."


class SyntheticStateTest(TransactionTestCase):
    def tearDown(self) -> None:
        with tampering():
            AuditEventYouth.objects.all().delete()
            AuditEvent.objects.all().delete()

    def test_a_small_state(self) -> None:
        """Three counties, 120 youth, 40,000 audit entries (built once: about 15 s)."""
        if connection.vendor != "postgresql":
            self.skipTest(POSTGRES_ONLY)
        summary = build_state(scale=0.002, counties_count=3, notes_per_youth=20)
        counties = list(County.objects.order_by("pk"))

        with self.subTest("every county has its share, the first the most"):
            counts = [Youth.objects.filter(county=c).count() for c in counties]
            self.assertEqual(len(counts), 3)
            # The demo's two counties keep their own youth even above their share.
            self.assertEqual(counts[2], county_sizes(120, 3)[2])
            self.assertGreaterEqual(sum(counts), 120)
            self.assertEqual(max(counts), counts[0])

        for label, _via in COPIED:
            model = apps.get_model(label)
            if not any(f.name == "county" for f in model._meta.concrete_fields):
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in (Agency, User):
                    # A row's agencies and people are those of the row's own county.
                    stray = model.objects.filter(**{f"{field.name}__isnull": False}).exclude(
                        **{f"{field.name}__county": models.F("county")}
                    )
                    with self.subTest(table=label, field=field.name):
                        self.assertFalse(stray.exists())
        with self.subTest("a row is in its youth's county"):
            youth_county = Youth.objects.filter(pk=models.OuterRef("youth_id")).values("county")
            self.assertFalse(Note.objects.exclude(county=models.Subquery(youth_county)).exists())

        third = counties[2]
        copied = Youth.objects.filter(county=third)
        with self.subTest("histories and search keys come with the copies"):
            self.assertTrue(copied.exists())
            self.assertEqual(
                set(YouthSearchKey.objects.filter(county=third).values_list("youth", flat=True)),
                set(copied.values_list("pk", flat=True)),
            )
            self.assertGreaterEqual(Note.objects.filter(county=third).count(), 10 * copied.count())
            names = set(copied.values_list("first_name", "last_name"))
            self.assertGreater(len(names), copied.count() // 2, "copies have names of their own")

        with self.subTest("the audit chains hold the entries and verify"):
            self.assertLessEqual(abs(summary.audit_events - 40_000), len(counties))
            self.assertGreaterEqual(AuditEvent.objects.count(), summary.audit_events)
            for chain in chains():
                self.assertEqual(list(verify_chain(chain)), [], chain)

        with self.subTest("a copied youth opens for its county's coordinator only"):
            youth = copied.first()
            own = signed_in_client(f"coordinator.{third.slug}", settings.CARECIRCLE_DEMO_PASSWORD)
            other = signed_in_client(
                f"coordinator.{counties[0].slug}", settings.CARECIRCLE_DEMO_PASSWORD
            )
            answer = own.get(f"/youth/{youth.pk}/")
            self.assertEqual(answer.status_code, 200, answer.get("Location"))
            self.assertEqual(other.get(f"/youth/{youth.pk}/").status_code, 404)


class SyntheticStateCommandTest(TestCase):
    def test_sqlite_is_refused_with_a_way_forward(self) -> None:
        if connection.vendor == "postgresql":
            self.skipTest("On PostgreSQL the command builds: SyntheticStateTest covers it.")
        with self.assertRaisesMessage(CommandError, "point DATABASE_URL"):
            call_command("synthetic_state", "--scale", "0.001")
