"""The sweep writes each notice once: across repeated sweeps, a sweep that dies half
way, and two workers at once."""

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import TransactionTestCase

from carecircle.accounts.models import Alert
from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.testing import tampering
from carecircle.clocks import actions
from carecircle.clocks.models import ClockNotification, NotificationPreference, Obligation
from carecircle.clocks.sweep import sweep
from carecircle.clocks.testing import run_queued_tasks
from carecircle.test import BaseTestCase, build_world

NOW = datetime(2026, 5, 4, 16, 0, tzinfo=UTC)


def open_missing(world_or_case, when=NOW):
    w = world_or_case
    with time_machine.travel(when, tick=False):
        return actions.record_missing_episode(
            actor=w.social_worker_a if hasattr(w, "social_worker_a") else w["social_worker_a"],
            youth=w.youth_cw_a if hasattr(w, "youth_cw_a") else w["youth_cw_a"],
            agency=(w.agencies_a if hasattr(w, "agencies_a") else w["agencies_a"])[
                AgencyType.CHILD_WELFARE
            ],
            record_class="child_welfare",
            last_seen_at=when - timedelta(hours=1),
            reported_by="Resource parent",
        )


def expected_overdue(episode_count_of_obligations: int) -> int:
    # Each overdue obligation: the named social worker, and the supervisor.
    return episode_count_of_obligations * 2


class DueSoonTest(BaseTestCase):
    def test_it_warns_the_lead_time_before_and_not_earlier(self):
        open_missing(self)
        due = NOW + timedelta(hours=24)
        with time_machine.travel(due - timedelta(hours=4, minutes=1), tick=False):
            sweep()
        self.assertFalse(ClockNotification.objects.exists())
        with time_machine.travel(due - timedelta(hours=3, minutes=59), tick=False):
            sweep()
            sweep()
        self.assertEqual(ClockNotification.objects.filter(transition="due_soon").count(), 4)

    def test_a_person_chooses_a_longer_lead_time(self):
        actions.set_notification_preference(
            actor=self.social_worker_a, email=True, lead_hours=12, daily_digest=False
        )
        open_missing(self)
        with time_machine.travel(NOW + timedelta(hours=13), tick=False):
            sweep()
        self.assertEqual(ClockNotification.objects.filter(transition="due_soon").count(), 4)

    def test_a_done_task_is_never_notified(self):
        episode = open_missing(self)
        for obligation in episode.obligations.all():
            actions.satisfy_obligation(
                actor=self.social_worker_a, obligation=obligation, summary="Done", evidence={}
            )
        with time_machine.travel(NOW + timedelta(days=3), tick=False):
            sweep()
        self.assertFalse(ClockNotification.objects.exists())

    def test_a_sweep_that_fails_half_way_leaves_whole_tasks_and_the_next_finishes(self):
        open_missing(self)
        from carecircle.clocks import sweep as sweep_module

        real = sweep_module.supervisors_of
        calls = {"n": 0}

        def fail_on_the_second(obligation, people):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("the worker died")
            return real(obligation, people)

        with time_machine.travel(NOW + timedelta(hours=25), tick=False):
            with (
                mock.patch.object(sweep_module, "supervisors_of", fail_on_the_second),
                self.assertRaises(RuntimeError),
            ):
                sweep()
            # The first task is whole (notices and alerts); the second left nothing.
            self.assertEqual(ClockNotification.objects.count(), 2)
            self.assertEqual(Alert.objects.count(), 2)
            sweep()
        self.assertEqual(ClockNotification.objects.count(), expected_overdue(4))
        self.assertEqual(Alert.objects.count(), expected_overdue(4))
        self.assertEqual(Obligation.objects.filter(overdue_swept_at__isnull=False).count(), 4)


class DigestTest(BaseTestCase):
    def test_the_digest_goes_once_a_day_after_seven_county_time(self):
        actions.set_notification_preference(
            actor=self.social_worker_a, email=True, lead_hours=4, daily_digest=True
        )
        open_missing(self)
        # 06:59 and 07:01 in Los Angeles (PDT, UTC-7) on 5 May.
        with time_machine.travel(datetime(2026, 5, 5, 13, 59, tzinfo=UTC), tick=False):
            self.assertEqual(sweep().digests, 0)
        with time_machine.travel(datetime(2026, 5, 5, 14, 1, tzinfo=UTC), tick=False):
            self.assertEqual(sweep().digests, 1)
            self.assertEqual(sweep().digests, 0)
            self.assertEqual(run_queued_tasks(), 1)
        digests = [m for m in mail.outbox if "your tasks today" in m.subject]
        self.assertEqual(len(digests), 1)
        self.assertIn("Report to NCMEC", digests[0].body)
        self.assertNotIn("Marisol", digests[0].body)
        # Due-soon notices came in the app only, not one e-mail each.
        self.assertFalse([m for m in mail.outbox if "Due soon" in m.body])
        self.assertTrue(NotificationPreference.objects.get(user=self.social_worker_a).daily_digest)


POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database a second process can open: the in-memory SQLite test "
    "database cannot be shared, so this runs in the PostgreSQL pass of make test",
)


@POSTGRES_ONLY
class WorkersTest(TransactionTestCase):
    """Real processes and real concurrent connections, on PostgreSQL."""

    def setUp(self) -> None:
        self.world = build_world()
        self.episode = open_missing(self.world)

    def tearDown(self) -> None:
        with tampering():
            AuditEventYouth.objects.all().delete()
            AuditEvent.objects.all().delete()

    def assert_each_notice_once(self) -> None:
        keys = list(ClockNotification.objects.values_list("obligation_id", "transition", "user_id"))
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(len(keys), expected_overdue(4))
        self.assertEqual(Alert.objects.count(), len(keys))
        from django_tasks_db.models import DBTaskResult

        emails = DBTaskResult.objects.filter(task_path__endswith="send_notice_email").count()
        self.assertEqual(emails, len(keys))

    def run_sweep_process(self, **env) -> subprocess.CompletedProcess:
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        moment = (NOW + timedelta(hours=25)).isoformat()
        code = (
            "import time_machine, django, sys;"
            "django.setup();"
            "from django.core.management import call_command;"
            f"t = time_machine.travel({moment!r}, tick=False); t.start();"
            "call_command('clock_sweep')"
        )
        return subprocess.run(  # noqa: S603 — our own interpreter and our own code
            [sys.executable, "-c", code],
            env={
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "carecircle.settings",
                **env,
            },
            cwd=settings.BASE_DIR,
            capture_output=True,
            timeout=120,
        )

    def test_a_worker_killed_mid_sweep_and_restarted_sends_no_duplicate(self):
        killed = self.run_sweep_process(CARECIRCLE_SWEEP_CRASH_AFTER="2")
        self.assertEqual(killed.returncode, -9, killed.stderr.decode()[-2000:])
        self.assertEqual(Obligation.objects.filter(overdue_swept_at__isnull=False).count(), 2)
        restarted = self.run_sweep_process()
        self.assertEqual(restarted.returncode, 0, restarted.stderr.decode()[-2000:])
        again = self.run_sweep_process()
        self.assertEqual(again.returncode, 0)
        self.assert_each_notice_once()

    def test_two_workers_at_once_send_no_duplicate(self):
        start = threading.Barrier(2)
        errors = []

        def worker():
            try:
                start.wait()
                with time_machine.travel(NOW + timedelta(hours=25), tick=False):
                    sweep()
            except Exception as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        self.assert_each_notice_once()
