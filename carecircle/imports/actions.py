"""Bulk import: upload, dry run, commit — all or nothing, and idempotent.

A file holds youth (new records), or identifications or services of youth the county
imported before (``linked.py``; ``identifications.py`` says when an imported
identification opens the clocks, ``services.py`` how an imported referral's status is
recorded without a consent). Every kind keeps the same guarantees: the dry run in the
background names each bad row with its column and reason and writes nothing; the commit
writes every row in one transaction or none; a key imported before is skipped.
"""

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
from carecircle.imports import linked, progress
from carecircle.imports.models import ImportedRecord, ImportJob, ImportKind, ImportStatus
from carecircle.imports.rows import Row, UnreadableFile, check, read
from carecircle.sharing import policy
from carecircle.sharing.classes import classes_for_agency
from carecircle.youth.actions import NewYouth, create_youth_batch
from carecircle.youth.matching import Probe, find_matches

PROGRESS_EVERY = 200
# For the test that kills a worker in the middle of an import: after this many rows the
# import stops and waits, inside its transaction, to be killed from outside.
PAUSE_AFTER_ENV = "CARECIRCLE_IMPORT_PAUSE_AFTER"
PAUSED = "paused"
# Youth created per batch of statements (all batches are one transaction).
BATCH = 500


def start_import(
    *,
    actor: User,
    agency: Agency,
    filename: str,
    content: bytes,
    kind: str = ImportKind.YOUTH,
    record_class: str = "",
) -> ImportJob:
    """Keep the file and queue its dry run. Identifications and services are recorded
    for ``agency`` under ``record_class``, which the agency must keep."""
    if not policy.can_create_youth(actor):
        raise PermissionDenied(_("Your role does not add youth records."))
    if agency.pk not in policy.case_agency_ids(actor):
        raise ValidationError(_("Choose an agency you work for."))
    if kind not in ImportKind.values:
        raise ValidationError(_("Choose what the file holds."))
    if kind == ImportKind.YOUTH:
        record_class = ""
    elif record_class not in classes_for_agency(agency.agency_type):
        raise ValidationError(_("The agency you chose does not keep that kind of record."))
    from carecircle.imports.tasks import check_import

    with transaction.atomic():
        job = ImportJob(
            county=actor.county,
            agency=agency,
            requested_by=actor,
            filename=filename[:200],
            kind=kind,
            record_class=record_class,
        )
        job.file.save(f"import-{job.pk}", ContentFile(content), save=False)
        job.save()
        record_event(
            actor=actor,
            action="import.upload",
            obj=job,
            detail={
                "file": job.filename,
                "bytes": len(content),
                "kind": kind,
                "record_class": record_class,
            },
        )
        check_import.enqueue(str(job.pk))
    return job


def _rows(job: ImportJob) -> list[Row]:
    with job.file.open("rb") as stored:
        return check(read(stored.read(), job.filename))


def run_check(job: ImportJob) -> ImportJob:
    """The dry run: each bad row with its reason, each likely duplicate (search before
    create, among the youth the person may see; youth files only), and rows imported
    before."""
    if job.kind != ImportKind.YOUTH:
        return _check_linked(job)
    actor = job.requested_by
    try:
        rows = _rows(job)
    except UnreadableFile as error:
        return _finish_check(job, rows=0, problems=[[1, "", str(error)]], duplicates=[], known=0)
    known = linked.imported_keys(job.county, ImportKind.YOUTH, (r.key for r in rows))
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


def _check_linked(job: ImportJob) -> ImportJob:
    progress.write(job.pk, 0, 1, _("Checking"))
    try:
        rows, known, today = linked.check_file(job)
    except UnreadableFile as error:
        return _finish_check(job, rows=0, problems=[[1, "", str(error)]], duplicates=[], known=0)
    problems = [[r.number, c, m] for r in rows for c, m in r.problems]
    forecast = linked.kind_module(job.kind).forecast(job, rows, known, today)
    progress.write(job.pk, len(rows), len(rows), _("Checked"))
    return _finish_check(
        job,
        rows=len(rows),
        problems=problems,
        duplicates=[],
        known=sum(1 for r in rows if r.key in known),
        forecast=forecast,
    )


def _finish_check(job, *, rows, problems, duplicates, known, forecast=None) -> ImportJob:
    with transaction.atomic():
        job.rows = rows
        job.report = {
            "problems": problems,
            "duplicates": duplicates,
            "already_imported": known,
            **(forecast or {}),
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
                **(forecast or {}),
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
    if job.kind != ImportKind.YOUTH:
        return _commit_linked(job)
    actor = job.requested_by
    rows = _rows(job)
    flagged = {number for number, _names in job.report.get("duplicates", [])}
    created = skipped_known = skipped_duplicates = 0
    with transaction.atomic():
        if any(r.problems for r in rows):
            raise ValidationError(_("The file changed since it was checked."))
        known = linked.imported_keys(job.county, ImportKind.YOUTH, (r.key for r in rows))
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
                ImportedRecord(
                    county=job.county,
                    kind=ImportKind.YOUTH,
                    external_key=row.external_id,
                    youth=y,
                    job=job,
                )
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


def _commit_linked(job: ImportJob) -> ImportJob:
    """Identifications or services, each through its app's action (which audits it),
    every row in one transaction. The rows are checked again inside it: a youth or a
    provider may have changed since the dry run, and then nothing is written and the
    report names the rows again."""
    module = linked.kind_module(job.kind)
    tally = module.start_tally()
    with transaction.atomic():
        rows, known, today = linked.check_file(job)
        problems = [[r.number, c, m] for r in rows for c, m in r.problems]
        if problems:
            job.status = ImportStatus.REFUSED
            job.finished_at = timezone.now()
            job.report = {**job.report, "problems": problems}
            job.save(update_fields=["status", "finished_at", "report"])
            record_event(
                actor=job.requested_by,
                action="import.refused",
                obj=job,
                detail={"problems": len(problems)},
            )
            return job
        wanted = [r for r in rows if r.key not in known]
        records = []
        for index, row in enumerate(wanted):
            if index % PROGRESS_EVERY == 0:
                progress.write(job.pk, index, len(wanted), _("Importing"))
            item = module.create(job, row, today=today, tally=tally)
            records.append(
                ImportedRecord(
                    county=job.county,
                    kind=job.kind,
                    external_key=row.key,
                    youth=row.youth,
                    item_id=item.pk,
                    job=job,
                )
            )
        ImportedRecord.objects.bulk_create(records, batch_size=BATCH)
        outcome = {"created": len(wanted), "skipped_known": len(rows) - len(wanted), **tally}
        job.status = ImportStatus.DONE
        job.finished_at = timezone.now()
        job.report = {**job.report, **outcome}
        job.save(update_fields=["status", "finished_at", "report"])
        record_event(
            actor=job.requested_by,
            action="import.done",
            obj=job,
            youth_ids=sorted({r.youth.pk for r in wanted}),
            # Each identification or referral has its own entry naming the import.
            detail={**outcome, "kind": job.kind},
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
