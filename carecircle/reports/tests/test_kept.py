"""Report figures kept between visits (kept.py): served again only while nothing in the
county has changed and for at most KEEP_FOR, to the same person, report and period."""

from datetime import date, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import F
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override

from carecircle.accounts.models import County
from carecircle.accounts.roles import AgencyType
from carecircle.audit.actions import last_change, record_event
from carecircle.audit.models import AuditEvent
from carecircle.clocks.actions import record_missing_episode
from carecircle.clocks.models import MissingEpisode
from carecircle.lib.replica import REPLICA
from carecircle.reports.kept import KEEP_FOR, _counted_up_to, figures
from carecircle.reports.models import KeptFigures
from carecircle.sealing.actions import seal_youth
from carecircle.sharing.actions import add_team_member
from carecircle.test import BaseTestCase
from carecircle.youth.actions import create_youth

DASHBOARD = reverse("reports:dashboard")


class KeptFiguresTest(BaseTestCase):
    def missing_youth(self, county: str = "a") -> None:
        """A new youth who went missing five hours ago, through the actions (audited)."""
        agency = getattr(self, f"agencies_{county}")[AgencyType.CHILD_WELFARE]
        worker = self.persona("social_worker", county)
        youth = create_youth(
            actor=worker,
            county=getattr(self, f"county_{county}"),
            first_name="Kept",
            last_name="Example",
            date_of_birth=date(2011, 3, 4),
            agencies=[agency],
        )
        record_missing_episode(
            actor=worker,
            youth=youth,
            agency=agency,
            record_class="general",
            last_seen_at=timezone.now() - timedelta(hours=5),
            reported_by="Caregiver",
        )

    def view(self, **query):
        response = self.client.get(DASHBOARD, query)
        self.assertEqual(response.status_code, 200)
        return response.context["figures"], response.content.decode()

    def test_figures_are_kept_while_nothing_in_the_county_changes(self):
        self.missing_youth()
        self.login("coordinator")
        first, body = self.view()
        self.assertFalse(first.kept)
        self.assertIn("1 youth missing from care now.", body)
        # A record written outside the actions writes no audit entry: the kept figures
        # stand, which shows they were not counted again.
        episode = MissingEpisode.objects.get()
        episode.pk, episode._state.adding = None, True
        episode.save()
        again, body = self.view()
        self.assertTrue(again.kept)
        self.assertEqual(again.counted_at, first.counted_at)
        self.assertEqual(again.html, first.html)
        self.assertIn("1 youth missing from care now.", body)
        self.assertIn("Counted at", body)
        # A change through the actions: counted again, with what changed.
        self.missing_youth()
        third, body = self.view()
        self.assertFalse(third.kept)
        self.assertIn("3 youth missing from care now.", body)

    def test_looking_is_not_a_change(self):
        self.login("coordinator")
        self.view()
        before = last_change(self.county_a)
        self.client.get(reverse("youth:detail", args=[self.youth_cw_a.pk]))
        self.assertEqual(last_change(self.county_a), before)
        self.assertTrue(self.view()[0].kept)

    def test_a_change_in_another_county_is_not_this_countys(self):
        self.login("coordinator")
        self.view()
        self.missing_youth("b")
        self.assertTrue(self.view()[0].kept)

    def test_figures_are_counted_again_after_keep_for(self):
        self.login("coordinator")
        self.view()
        KeptFigures.objects.update(counted_at=F("counted_at") - KEEP_FOR)
        self.assertFalse(self.view()[0].kept)
        self.assertTrue(self.view()[0].kept)

    def test_count_again_now(self):
        self.login("coordinator")
        self.view()
        self.assertFalse(self.view(anew="1")[0].kept)
        self.assertEqual(KeptFigures.objects.count(), 1)

    def test_each_person_period_and_report_has_their_own(self):
        self.missing_youth()
        self.login("coordinator")
        self.view()
        self.login("supervisor")
        figures, _body = self.view()
        self.assertFalse(figures.kept)  # not the coordinator's
        self.view(period=figures_period(self, 100))
        self.client.get(reverse("reports:program"))
        self.assertEqual(
            set(KeptFigures.objects.values_list("viewer__username", "report")),
            {
                (self.coordinator_a.username, "dashboard"),
                (self.supervisor_a.username, "dashboard"),
                (self.supervisor_a.username, "program"),
            },
        )
        self.assertEqual(KeptFigures.objects.filter(viewer=self.supervisor_a).count(), 3)

    def test_a_change_of_who_may_see_what_is_a_change(self):
        self.login("coordinator")
        self.view()
        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_cw_a,
            user=self.clinician_a,
            agency=self.agencies_a[AgencyType.MENTAL_HEALTH],
        )
        self.assertFalse(self.view()[0].kept)

    def test_sealing_a_record_lets_go_of_the_countys_kept_figures(self):
        self.login("coordinator")
        self.view()
        self.client.force_login(self.coordinator_b)
        self.view()
        seal_youth(
            actor=self.court_liaison_a,
            youth=self.youth_prob_a,
            statute="wic_781",
            ordered_on=date(2026, 3, 1),
            destroy_on=date(2031, 3, 1),
        )
        self.assertEqual(
            list(KeptFigures.objects.values_list("county", flat=True)), [self.county_b.pk]
        )

    def test_figures_are_kept_in_the_language_they_were_drawn_in(self):
        counted = []

        def count() -> str:
            counted.append(get_language())
            return "<p>figures</p>"

        now = timezone.now()
        for language in ("en", "es", "en"):
            with override(language):
                figures(self.coordinator_a, "dashboard", "2026-Q4", count, now=now)
        self.assertEqual(counted, ["en", "es"])
        self.assertEqual(
            sorted(KeptFigures.objects.values_list("language", flat=True)), ["en", "es"]
        )

    def test_figures_too_old_to_show_are_let_go_when_counting(self):
        now = timezone.now()
        figures(self.coordinator_a, "dashboard", "2026-Q3", lambda: "<p>3</p>", now=now)
        later = now + KEEP_FOR
        figures(self.coordinator_a, "dashboard", "2026-Q4", lambda: "<p>4</p>", now=later)
        self.assertEqual(list(KeptFigures.objects.values_list("period", flat=True)), ["2026-Q4"])

    def test_each_visit_is_audited_saying_whether_the_figures_were_kept(self):
        self.login("coordinator")
        self.view()
        self.view()
        seen = AuditEvent.objects.filter(action="report.viewed").order_by("seq")
        self.assertEqual([e.detail["kept"] for e in seen], [False, True])


def figures_period(test: BaseTestCase, days_ago: int) -> str:
    from carecircle.lib.dates import county_today
    from carecircle.reports.periods import quarter_of

    return quarter_of(county_today(test.county_a.time_zone) - timedelta(days=days_ago)).key


class LastChangeTest(BaseTestCase):
    def test_looks_leave_it_and_everything_else_moves_it(self):
        county = self.county_a
        actor = self.coordinator_a
        record_event(actor=actor, action="note.create", county=county)
        changed = last_change(county)
        self.assertGreater(changed, 0)
        record_event(actor=actor, action="youth.view", county=county)
        record_event(actor=actor, action="report.viewed", county=county)
        self.assertEqual(last_change(county), changed)
        # An action nobody listed as a look counts as a change.
        record_event(actor=actor, action="something.new", county=county)
        self.assertGreater(last_change(county), changed)

    def test_a_county_with_no_entries_has_had_no_change(self):
        county = County.objects.create(
            name="Empty", slug="empty", time_zone="America/Denver", program_year=2026
        )
        self.assertEqual(last_change(county), 0)


class ReplicaThatCannotSayTest(SimpleTestCase):
    """A replica that cannot be asked its last change: the figures may still be counted
    from it (lib/replica.py decides apart), so they are shown and not kept."""

    databases = {REPLICA}

    @classmethod
    def setUpClass(cls) -> None:
        settings.DATABASES[REPLICA] = {
            **connections["default"].settings_dict,
            "NAME": "/nonexistent/care-circle-replica",
        }
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        connections[REPLICA].close()
        del connections[REPLICA]
        del settings.DATABASES[REPLICA]

    def test_nothing_is_kept_when_the_replica_cannot_say(self):
        self.assertIsNone(_counted_up_to(County(pk=1), 5))
