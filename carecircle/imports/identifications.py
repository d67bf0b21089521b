"""Identification files: the county's earlier identifications of youth it imported.

Columns: ``external_id`` (the youth, as imported in a youth file), ``event_id`` (the
county's own key for the identification: importing it again creates nothing),
``identified_on`` (YYYY-MM-DD: not in the future, not before the youth's birth),
``source``, ``identified_by``, ``category``, ``certainty`` (the values of
``IdentificationSource``, ``ExploitationCategory`` and ``Certainty``), and optionally
``labor_trafficking`` (yes or no; empty is no) and ``summary``. Each is recorded by
``record_identification`` for the agency and the record class chosen on upload, as the
identification page records one, and audited there (the entry names the import).

The clocks decision. An identification whose ``identified_on`` is within the last
``RECENT_DAYS`` (30) days of the county's today opens the first-response clocks exactly
as the identification page does: the law enforcement report (for a youth child welfare
serves), the health exam and the first MDT, each unless the same task is already open,
and none for a risk alone or a consent-only record class. The clocks run from the
identification date, so some are overdue at once: that is the truth, and the people
who owe them need to see it. An older identification is history: it sets the
exploitation status from its date and counts in the reports by its date, but opens no
tasks (``record_identification(open_clocks=False)``): a health exam due last year
cannot be done now, and hundreds of such tasks would bury the ones that can. The dry
run says how many identifications will open tasks and how many are history.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from carecircle.clocks.actions import identification_starts_clocks
from carecircle.clocks.models import Obligation
from carecircle.imports.linked import check_after_birth
from carecircle.imports.models import ImportJob
from carecircle.imports.rows import KeyTracker, Layout, Row, check_choice, check_columns, check_day
from carecircle.youth.actions import record_identification
from carecircle.youth.models import (
    Certainty,
    ExploitationCategory,
    Identification,
    IdentificationSource,
)

LAYOUT = Layout(
    required=(
        "external_id",
        "event_id",
        "identified_on",
        "source",
        "identified_by",
        "category",
        "certainty",
    ),
    optional=("labor_trafficking", "summary"),
    lengths={"external_id": 100, "event_id": 100, "identified_by": 200, "summary": 5000},
    key="event_id",
)
CHOICES = {"source": IdentificationSource, "category": ExploitationCategory, "certainty": Certainty}
RECENT_DAYS = 30
YES, NO = "yes", "no"


def is_recent(day: date, today: date) -> bool:
    """Within the last ``RECENT_DAYS`` days of the county's today, both ends included."""
    return (today - day).days <= RECENT_DAYS


def check(rows: list[Row], *, today: date) -> None:
    """What can be told from the file alone; rows are changed in place."""
    keys = KeyTracker(LAYOUT)
    for row in rows:
        check_columns(row, LAYOUT)
        row.on = check_day(row, "identified_on", today=today)
        for column, choices in CHOICES.items():
            check_choice(row, column, choices)
        if row.values.get("labor_trafficking", "").lower() not in ("", YES, NO):
            row.problems.append(
                ("labor_trafficking", _("Write yes or no, or leave it empty for no."))
            )
        keys.check(row)


def resolve(job: ImportJob, rows: list[Row]) -> None:
    """What needs the youth: the date not before the youth's birth."""
    for row in rows:
        check_after_birth(row, "identified_on")


def forecast(job: ImportJob, rows: list[Row], known: set[str], today: date) -> dict[str, int]:
    """For the dry run: how many identifications will open tasks, and how many are
    history and open none."""
    fresh = [r for r in rows if r.key not in known and not r.problems and r.on is not None]
    recent = [r for r in fresh if is_recent(r.on, today)]
    opening = [
        r
        for r in recent
        if identification_starts_clocks(
            category=r.values["category"], record_class=job.record_class
        )
    ]
    return {"opens_tasks": len(opening), "history": len(fresh) - len(recent)}


def start_tally() -> dict[str, int]:
    return {"tasks_opened": 0}


def create(job: ImportJob, row: Row, *, today: date, tally: dict[str, int]) -> Identification:
    recent = is_recent(row.on, today)
    values = row.values
    identification = record_identification(
        actor=job.requested_by,
        youth=row.youth,
        agency=job.agency,
        record_class=job.record_class,
        identified_on=row.on,
        source=values["source"],
        identified_by=values["identified_by"],
        category=values["category"],
        certainty=values["certainty"],
        labor_trafficking=values.get("labor_trafficking", "").lower() == YES,
        summary=values.get("summary", ""),
        open_clocks=recent,
        imported_from=f"import:{job.pk}",
    )
    if recent:
        tally["tasks_opened"] += Obligation.objects.filter(
            trigger_kind="identification", trigger_id=str(identification.pk)
        ).count()
    return identification
