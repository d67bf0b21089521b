"""Identification and service files: rows about youth the county imported before.

Every row names its youth by the ``external_id`` the county imported the youth under
(``ImportedRecord`` of kind youth, in the uploader's county, among the youth the
uploader may see). Keys are a county's own, so a youth of another county is never
found, whatever its key; a youth the uploader may not see is not found either, and the
row says so in the same words as for a key never imported (DOMAIN.md: "does not exist"
and "you may not know it exists" look the same).

A row whose own key (``event_id``, ``service_id``) was imported before is left as it is
and not looked up again; every other row is checked in full, against the database too,
both in the dry run and again inside the commit's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from types import ModuleType

from django.utils.translation import gettext as _

from carecircle.imports.models import ImportedRecord, ImportJob, ImportKind
from carecircle.imports.rows import Row, read
from carecircle.lib.dates import county_today
from carecircle.sharing import policy

# Keys looked up per query: well under SQLite's limit on the parameters of a statement.
CHUNK = 1000


def kind_module(kind: str) -> ModuleType:
    """The module that knows one kind of linked file: its columns, checks and writes."""
    from carecircle.imports import identifications, services

    return {ImportKind.IDENTIFICATIONS: identifications, ImportKind.SERVICES: services}[kind]


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def imported_keys(county, kind: str, keys: Iterable[str]) -> set[str]:
    """The keys among ``keys`` that the county imported before in a file of ``kind``."""
    found: set[str] = set()
    for chunk in _chunks(sorted({k for k in keys if k})):
        found.update(
            ImportedRecord.objects.filter(
                county=county, kind=kind, external_key__in=chunk
            ).values_list("external_key", flat=True)
        )
    return found


def find_youth(job: ImportJob, rows: list[Row]) -> None:
    """Each row's youth, by its ``external_id``; a row without one is a bad row."""
    visible = policy.visible_youth(job.requested_by)
    youth = {}
    for chunk in _chunks(sorted({r.external_id for r in rows if r.external_id})):
        for record in ImportedRecord.objects.filter(
            county=job.county,
            kind=ImportKind.YOUTH,
            external_key__in=chunk,
            youth__in=visible,
        ).select_related("youth__county"):
            youth[record.external_key] = record.youth
    for row in rows:
        if not row.external_id:
            continue  # already a bad row: the column is required
        row.youth = youth.get(row.external_id)
        if row.youth is None:
            row.problems.append(
                (
                    "external_id",
                    _(
                        "No youth you can see was imported with this external_id. Import "
                        "the youth first, in a youth file, or check the key."
                    ),
                )
            )


def check_after_birth(row: Row, column: str) -> None:
    if row.on is not None and row.youth is not None and row.on < row.youth.date_of_birth:
        row.problems.append((column, _("The date is before the youth's date of birth.")))


def check_file(job: ImportJob) -> tuple[list[Row], set[str], date]:
    """Every row of the file, checked in full; the keys imported before; the county's
    today the checks used."""
    module = kind_module(job.kind)
    with job.file.open("rb") as stored:
        rows = read(stored.read(), job.filename, module.LAYOUT)
    today = county_today(job.county.time_zone)
    module.check(rows, today=today)
    known = imported_keys(job.county, job.kind, (r.key for r in rows))
    fresh = [r for r in rows if r.key not in known]
    find_youth(job, fresh)
    module.resolve(job, fresh)
    return rows, known, today
