"""Service files: the county's earlier referrals of youth it imported.

Columns: ``external_id`` (the youth, as imported in a youth file), ``service_id`` (the
county's own key for the service: importing it again creates nothing), ``provider``
(the name of a provider in the county's directory, matched exactly but for case; the
directory is kept by the coordinator, and a provider not in it is a bad row), ``status``
(a referral status), ``started_on`` (the date of the referral, YYYY-MM-DD: not in the
future, not before the youth's birth), and optionally ``domain`` (a needs domain).

Each is recorded by ``referrals.actions.record_imported_referral`` for the agency and
the record class chosen on upload: a referral in the status the file gives, with one
step of history (that status on ``started_on``). Imported history needs no consent and
none is made up: a referral sent before Care Circle was sent under the county's
release of the time, kept in its earlier records. The referral says it was imported
(``shared_information``) and the audit entry (``referral.import``) says the status came
from the import; any later step that sends it needs a consent as on the page.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from carecircle.imports.linked import check_after_birth
from carecircle.imports.models import ImportJob
from carecircle.imports.rows import KeyTracker, Layout, Row, check_choice, check_columns, check_day
from carecircle.referrals.actions import record_imported_referral
from carecircle.referrals.models import Domain, Provider, Referral, ReferralStatus

LAYOUT = Layout(
    required=("external_id", "service_id", "provider", "status", "started_on"),
    optional=("domain",),
    lengths={"external_id": 100, "service_id": 100, "provider": 200},
    key="service_id",
)
CHOICES = {"status": ReferralStatus, "domain": Domain}


def check(rows: list[Row], *, today: date) -> None:
    """What can be told from the file alone; rows are changed in place."""
    keys = KeyTracker(LAYOUT)
    for row in rows:
        check_columns(row, LAYOUT)
        row.on = check_day(row, "started_on", today=today)
        for column, choices in CHOICES.items():
            check_choice(row, column, choices)
        keys.check(row)


def resolve(job: ImportJob, rows: list[Row]) -> None:
    """What needs the database: the provider in the county's directory, and the date
    not before the youth's birth."""
    directory: dict[str, list[Provider]] = {}
    for provider in Provider.objects.filter(county=job.county):
        directory.setdefault(provider.name.strip().casefold(), []).append(provider)
    for row in rows:
        check_after_birth(row, "started_on")
        name = row.values.get("provider", "")
        if not name:
            continue  # already a bad row: the column is required
        found = directory.get(name.casefold(), [])
        if len(found) == 1:
            row.provider = found[0]
        elif not found:
            row.problems.append(
                (
                    "provider",
                    _(
                        "No provider of this name is in your county's directory. Add it to "
                        "the directory first (the coordinator keeps it), then upload the "
                        "file again."
                    ),
                )
            )
        else:
            row.problems.append(
                (
                    "provider",
                    _(
                        "More than one provider in the directory has this name. Ask the "
                        "coordinator to tell them apart in the directory."
                    ),
                )
            )


def forecast(job: ImportJob, rows: list[Row], known: set[str], today: date) -> dict[str, int]:
    return {}


def start_tally() -> dict[str, int]:
    return {}


def create(job: ImportJob, row: Row, *, today: date, tally: dict[str, int]) -> Referral:
    return record_imported_referral(
        actor=job.requested_by,
        youth=row.youth,
        agency=job.agency,
        record_class=job.record_class,
        provider=row.provider,
        status=row.values["status"],
        on=row.on,
        domain=row.values.get("domain", ""),
        imported_from=f"import:{job.pk}",
    )
