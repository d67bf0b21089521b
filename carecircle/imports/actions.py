"""Bulk import of youth: upload, dry run, commit — all or nothing, and idempotent."""

from __future__ import annotations

import os
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.imports import progress
from carecircle.imports.models import ImportedRecord, ImportJob, ImportStatus
from carecircle.imports.rows import Row, UnreadableFile, check, read
from carecircle.sharing import policy
from carecircle.youth.actions import NewYouth, create_youth_batch
from carecircle.youth.matching import Probe, find_matches

PROGRESS_EVERY = 200
# For the test that kills a worker in the middle of an import: after this many rows the
# import stops and waits, inside its transaction, to be killed from outside.
PAUSE_AFTER_ENV = "CARECIRCLE_IMPORT_PAUSE_AFTER"
PAUSED = "paused"
# Youth created per batch of statements (all batches are one transaction).
BATCH = 500


def start_import(*, actor: User, agency: Agency, filename: str, content: bytes) -> ImportJob:
    """Keep the file and queue its dry run."""
    if not policy.can_create_youth(actor):
        raise PermissionDenied(_("Your role does not add youth records."))
    if agency.pk not in policy.case_agency_ids(actor):
        raise ValidationError(_("Choose an agency you work for."))
    from carecircle.imports.tasks import check_import

    with transaction.atomic():
        job = ImportJob(
            county=actor.county, agency=agency, requested_by=actor, filename=filename[:200]
        )
        job.file.save(f"import-{job.pk}", ContentFile(content), save=False)
        job.save()
        record_event(
            actor=actor,
            action="import.upload",
            obj=job,
            detail={"file": job.filename, "bytes": len(content)},
        )
        check_import.enqueue(str(job.pk))
    return job


def _rows(job: ImportJob) -> list[Row]:
    with job.file.open("rb") as stored:
        return check(read(stored.read(), job.filename))


def run_check(job: ImportJob) -> ImportJob:
    """The dry run: each bad row with its reason, each likely duplicate (search before
    create, among the youth the person may see), and rows imported before."""
    actor = job.requested_by
    try:
        rows = _rows(job)
    except UnreadableFile as error:
        return _finish_check(job, rows=0, problems=[[1, "", str(error)]], duplicates=[], known=0)
    known = set(
        ImportedRecord.objects.filter(
            county=job.county, external_key__in=[r.external_id for r in rows]
        ).values_list("external_key", flat=True)
    )
    problems = [[r.number, c, m] for r in rows for c, m in r.problems]
    duplicates = []
    visible = policy.visible_youth(actor)
    for index, row in enumerate(rows):
        if index % PROGRESS_EVERY == 0:
            progress.write(job.pk, index, len(rows), _("Checking"))
        if row.problems or row.external_id in known:
            continue
        probe = Probe(
            first_name=row.values["first_name"],
            last_name=row.values["last_name"],
            date_of_birth=row.born,
            other_name=(row.other_names() or [""])[0],
            identifier=row.values.get("case_number", ""),
        )
        matches = find_matches(visible, probe, county_id=job.county_id, limit=3)
        strong = [m.youth.full_name for m in matches if m.score >= 70]
        if strong:
            duplicates.append([row.number, strong])
    progress.write(job.pk, len(rows), len(rows), _("Checked"))
    return _finish_check(
        job, rows=len(rows), problems=problems, duplicates=duplicates, known=len(known)
    )


def _finish_check(job, *, rows, problems, duplicates, known) -> ImportJob:
    with transaction.atomic():
        job.rows = rows
        job.report = {
            "problems": problems,
            "duplicates": duplicates,
            "already_imported": known,
        }
        job.status = ImportStatus.REFUSED if problems or not rows else ImportStatus.CHECKED
        job.save(update_fields=["rows", "report", "status"])
        record_event(
            actor=job.requested_by,
            action="import.check",
            obj=job,
            detail={
                "rows": rows,
                "problems": len(problems),
                "duplicates": len(duplicates),
                "already_imported": known,
            },
        )
    return job


def request_commit(*, actor: User, job: ImportJob, include_duplicates: bool) -> ImportJob:
    if job.requested_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who uploaded the file imports it."))
    from carecircle.imports.tasks import commit_import

    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING, include_duplicates=include_duplicates
        )
        if not claimed:
            raise ValidationError(_("This file is not ready to import, or is already imported."))
        record_event(
            actor=actor,
            action="import.commit",
            obj=job,
            detail={"include_duplicates": include_duplicates},
        )
        commit_import.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def run_commit(job: ImportJob) -> ImportJob:
    """Every row in one transaction: a failure, or the worker being killed, leaves
    nothing of the file behind. Rows whose key was imported before are skipped."""
    actor = job.requested_by
    rows = _rows(job)
    flagged = {number for number, _names in job.report.get("duplicates", [])}
    created = skipped_known = skipped_duplicates = 0
    with transaction.atomic():
        if any(r.problems for r in rows):
            raise ValidationError(_("The file changed since it was checked."))
        known = set(
            ImportedRecord.objects.filter(
                county=job.county, external_key__in=[r.external_id for r in rows]
            ).values_list("external_key", flat=True)
        )
        wanted = []
        for row in rows:
            if row.external_id in known:
                skipped_known += 1
            elif row.number in flagged and not job.include_duplicates:
                skipped_duplicates += 1
            else:
                wanted.append(row)
        pause_after = int(os.environ.get(PAUSE_AFTER_ENV, "0") or 0)
        for start in range(0, len(wanted), BATCH):
            progress.write(job.pk, start, len(wanted), _("Importing"))
            if pause_after and start >= pause_after:
                progress.write(job.pk, start, len(wanted), PAUSED)
                time.sleep(120)
                pause_after = 0
            batch = wanted[start : start + BATCH]
            records = create_youth_batch(
                actor=actor,
                county=job.county,
                agency=job.agency,
                youth=[_new_youth(row) for row in batch],
                source=f"import:{job.pk}",
            )
            ImportedRecord.objects.bulk_create(
                ImportedRecord(county=job.county, external_key=row.external_id, youth=y, job=job)
                for row, y in zip(batch, records, strict=True)
            )
            created += len(records)
        job.status = ImportStatus.DONE
        job.finished_at = timezone.now()
        job.report = {
            **job.report,
            "created": created,
            "skipped_known": skipped_known,
            "skipped_duplicates": skipped_duplicates,
        }
        job.save(update_fields=["status", "finished_at", "report"])
        record_event(
            actor=actor,
            action="import.done",
            obj=job,
            detail={
                "created": created,
                "skipped_known": skipped_known,
                "skipped_duplicates": skipped_duplicates,
            },
        )
    progress.write(job.pk, len(rows), len(rows), _("Imported"))
    return job


def _new_youth(row: Row) -> NewYouth:
    values = row.values
    return NewYouth(
        first_name=values["first_name"],
        last_name=values["last_name"],
        date_of_birth=row.born,
        preferred_name=values.get("preferred_name", ""),
        other_names=row.other_names(),
        identifiers=[(values.get("case_number_kind") or "other", values["case_number"])]
        if values.get("case_number")
        else [],
        gender_identity=values.get("gender_identity", ""),
        pronouns=values.get("pronouns", ""),
        preferred_language=values.get("preferred_language", ""),
    )


def fail(job: ImportJob, message: str) -> None:
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now()
        )
        record_event(
            actor=job.requested_by, action="import.failed", obj=job, outcome="failure",
            detail={"error": message[:200]},
        )  # fmt: skip
