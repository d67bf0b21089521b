"""Shared set-up of the identification and service import tests: youth imported in
both counties, some under the same ``external_id``, through the real import."""

from carecircle.accounts.roles import AgencyType
from carecircle.clocks.testing import run_queued_tasks
from carecircle.imports.actions import request_commit, start_import
from carecircle.imports.models import ImportJob, ImportKind, ImportStatus
from carecircle.lib.dates import county_today
from carecircle.test import BaseTestCase
from carecircle.youth.models import Youth

YOUTH_HEADER = "external_id,first_name,last_name,date_of_birth"


def csv_of(header: str, *lines: str) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def run_import(
    actor, agency, content: bytes, *, kind=ImportKind.YOUTH, record_class="", commit=True
) -> ImportJob:
    """Upload, dry run and — if the dry run allows it and ``commit`` — import, the way the
    worker runs them."""
    job = start_import(
        actor=actor,
        agency=agency,
        filename="file.csv",
        content=content,
        kind=kind,
        record_class=record_class,
    )
    run_queued_tasks()
    job.refresh_from_db()
    if commit and job.status == ImportStatus.CHECKED:
        request_commit(actor=actor, job=job, include_duplicates=False)
        run_queued_tasks()
        job.refresh_from_db()
    return job


class LinkedImportTestCase(BaseTestCase):
    """County A's social worker imported F-1, F-2 and F-3 for child welfare; county B's
    imported its own F-1 (another youth, under the same key) and F-9."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.worker = cls.social_worker_a
        cls.child_welfare = cls.agencies_a[AgencyType.CHILD_WELFARE]
        run_import(
            cls.worker,
            cls.child_welfare,
            csv_of(
                YOUTH_HEADER,
                "F-1,Alma,Quintero,2010-05-06",
                "F-2,Benito,Sandoval,2011-07-08",
                "F-3,Celia,Urrutia,2012-09-10",
            ),
        )
        run_import(
            cls.social_worker_b,
            cls.agencies_b[AgencyType.CHILD_WELFARE],
            csv_of(YOUTH_HEADER, "F-1,Dora,Ibarra,2010-01-01", "F-9,Eli,Navarro,2011-02-02"),
        )
        cls.alma = Youth.objects.get(last_name="Quintero")
        cls.benito = Youth.objects.get(last_name="Sandoval")
        cls.celia = Youth.objects.get(last_name="Urrutia")
        cls.dora = Youth.objects.get(last_name="Ibarra")
        cls.today = county_today(cls.county_a.time_zone)

    def days_ago(self, days: int) -> str:
        from datetime import timedelta

        return (self.today - timedelta(days=days)).isoformat()
