"""Report tables: labelled rows and columns of counts, with totals and, when published,
suppressed. Every page, chart, CSV, spreadsheet and PDF of a report is drawn from these."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carecircle.clocks.models import ObligationKind
from carecircle.justice.models import DiversionStatus
from carecircle.referrals.models import Domain, ReferralStatus
from carecircle.reports import measures
from carecircle.reports.suppression import percentage, suppress, suppress_linked
from carecircle.youth.models import (
    ExploitationCategory,
    GenderIdentity,
    IdentificationSource,
    PlacementSetting,
    Race,
)

Cell = int | None  # None: hidden by suppression


@dataclass
class ReportTable:
    key: str
    title: str
    description: str
    row_heading: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Cell]]
    # The "Total" row under the table and the "Total" column beside it, when they add up.
    column_totals: list[Cell] | None = None
    row_totals: list[Cell] | None = None
    total: Cell = None
    # A share of the row total shown beside it: (heading, the column it is a share of).
    percent: tuple[str, int] | None = None
    suppressed: bool = False
    notes: list[str] = field(default_factory=list)

    def percent_of_row(self, row: int) -> Decimal | str | None:
        if self.percent is None or self.row_totals is None:
            return None
        return _share(self.cells[row][self.percent[1]], self.row_totals[row])

    def percent_of_total(self) -> Decimal | str | None:
        if self.percent is None or self.column_totals is None:
            return None
        return _share(self.column_totals[self.percent[1]], self.total)

    def header(self) -> list[str]:
        head = [self.row_heading, *self.columns]
        if self.row_totals is not None:
            head.append(_("Total"))
        if self.percent is not None:
            head.append(self.percent[0])
        return head

    def body(self) -> list[list[object]]:
        """Rows as they are printed: label, counts, total, share; the totals row last."""
        out: list[list[object]] = []
        for index, label in enumerate(self.rows):
            line: list[object] = [label, *self.cells[index]]
            if self.row_totals is not None:
                line.append(self.row_totals[index])
            if self.percent is not None:
                line.append(self.percent_of_row(index))
            out.append(line)
        if self.column_totals is not None:
            line = [_("Total"), *self.column_totals]
            if self.row_totals is not None:
                line.append(self.total)
            if self.percent is not None:
                line.append(self.percent_of_total())
            out.append(line)
        return out

    def is_empty(self) -> bool:
        return not any(any(v for v in row) for row in self.cells)


# A share of nothing: shown as a dash, never as a hidden value.
NO_SHARE = ""


def _share(part: Cell, whole: Cell) -> Decimal | str | None:
    """None when built on a hidden count; ``NO_SHARE`` when there was nothing to share."""
    if whole == 0:
        return NO_SHARE
    return percentage(part, whole)


def counts_table(
    *,
    key: str,
    title: str,
    description: str,
    row_heading: str,
    rows: Sequence[tuple[object, str]],
    columns: Sequence[tuple[object, str]],
    count: Callable[[object, object], int],
    row_totals: bool = True,
    column_totals: bool = True,
    percent: tuple[str, int] | None = None,
) -> ReportTable:
    """A table of true counts. ``row_totals`` is False when the columns are not parts of
    one whole (identified and served, say): then only the columns are totalled."""
    cells = [[count(r, c) for c, _label in columns] for r, _label in rows]
    table = ReportTable(
        key=key,
        title=title,
        description=description,
        row_heading=row_heading,
        rows=[label for _key, label in rows],
        columns=[label for _key, label in columns],
        cells=cells,
        column_totals=[sum(row[i] for row in cells) for i in range(len(columns))]
        if column_totals
        else None,
        percent=percent,
    )
    if row_totals:
        table.row_totals = [sum(row) for row in cells]
        table.total = sum(table.row_totals)
    return table


def publish(table: ReportTable, shown) -> ReportTable:
    """The table with the cells suppression hid set to None. ``shown`` has ``cells``,
    ``row_totals``, ``column_totals`` and ``total`` (a ``Suppressed``, or a stored one)."""
    table.cells = shown.cells
    table.row_totals = shown.row_totals
    table.column_totals = shown.column_totals
    table.total = shown.total
    table.suppressed = True
    table.notes.append(
        _(
            "Counts from 1 to 10 are hidden, and so are enough other cells that no hidden "
            "count can be worked out from the rest; zero is shown."
        )
    )
    return table


def publish_one(table: ReportTable) -> ReportTable:
    return publish(table, suppress(table.cells))


def publish_linked(tables: list[ReportTable]) -> list[ReportTable]:
    """Tables of one population (the same youth counted by age, by gender…) share their
    row totals: a total hidden in one must be hidden in all."""
    shown = suppress_linked([t.cells for t in tables])
    return [publish(t, s) for t, s in zip(tables, shown, strict=True)]


# Labels ----------------------------------------------------------------------

STATUS_ROWS = [
    *ExploitationCategory.choices,
    (measures.NO_STATUS, gettext_lazy("No status recorded")),
]
AGE_ROWS = [
    ("under_12", gettext_lazy("Under 12")),
    ("12_13", gettext_lazy("12 to 13")),
    ("14_15", gettext_lazy("14 to 15")),
    ("16_17", gettext_lazy("16 to 17")),
    ("18_plus", gettext_lazy("18 and over")),
]
GENDER_ROWS = [*GenderIdentity.choices, (measures.NOT_RECORDED, gettext_lazy("Not recorded"))]
RACE_ROWS = [
    ("hispanic", gettext_lazy("Hispanic or Latino (any race)")),
    (Race.AMERICAN_INDIAN, Race.AMERICAN_INDIAN.label),
    (Race.ASIAN, Race.ASIAN.label),
    (Race.BLACK, Race.BLACK.label),
    (Race.PACIFIC_ISLANDER, Race.PACIFIC_ISLANDER.label),
    (Race.WHITE, Race.WHITE.label),
    ("multiple", gettext_lazy("Two or more races")),
    ("unknown", gettext_lazy("Declined or not known")),
]
SOURCE_ROWS = list(IdentificationSource.choices)
DOMAIN_ROWS = [*Domain.choices, (measures.NO_DOMAIN, gettext_lazy("Not linked to a need"))]
REFERRAL_COLUMNS = list(ReferralStatus.choices)
SETTING_ROWS = list(PlacementSetting.choices)
KIND_ROWS = list(ObligationKind.choices)
TIMELINESS_COLUMNS = [
    ("on_time", gettext_lazy("Done on time")),
    ("late", gettext_lazy("Done late")),
    ("not_done", gettext_lazy("Not done")),
]
EPISODE_ROWS = [
    ("up_to_1", gettext_lazy("Back within a day")),
    ("2_to_7", gettext_lazy("2 to 7 days")),
    ("8_to_30", gettext_lazy("8 to 30 days")),
    ("over_30", gettext_lazy("More than 30 days")),
    ("still_missing", gettext_lazy("Still missing")),
]
DIVERSION_ROWS = list(DiversionStatus.choices)

# Statutory reports of DOMAIN.md §4: the timeliness the program is judged on.
STATUTORY_REPORT_KINDS = frozenset(
    {
        ObligationKind.LAW_ENFORCEMENT_REPORT,
        ObligationKind.MISSING_LAW_ENFORCEMENT,
        ObligationKind.MISSING_NCMEC,
        ObligationKind.MISSING_FAMILY,
        ObligationKind.MISSING_ATTORNEY,
    }
)
SCREEN_KINDS = frozenset({ObligationKind.RETURN_RESCREEN, ObligationKind.RETURN_DEBRIEF})


def youth_attributes(statuses: dict, day) -> dict[str, Callable[[measures.YouthRow], str]]:
    """The one category each youth counts under, per table of youth (on ``day``)."""
    return {
        "youth_by_status": lambda y: statuses.get(y.pk, measures.NO_STATUS),
        "youth_by_age": lambda y: measures.age_band(y.date_of_birth, day),
        "youth_by_gender": lambda y: y.gender,
        "youth_by_race": lambda y: y.race,
    }


def youth_tables(
    *,
    identified: list[measures.YouthRow],
    served: list[measures.YouthRow],
    statuses: dict,
    day,
) -> list[ReportTable]:
    """Youth identified and served, by status, age band, gender and race/ethnicity."""
    columns = [("identified", _("Identified")), ("served", _("Served"))]
    groups = {"identified": identified, "served": served}

    def by(attribute: Callable[[measures.YouthRow], str]):
        counted = {name: _tally(attribute, rows) for name, rows in groups.items()}
        return lambda row, column: counted[column].get(row, 0)

    attribute = youth_attributes(statuses, day)
    spec = [
        ("youth_by_status", _("Youth by exploitation status"), _("Status"), STATUS_ROWS),
        ("youth_by_age", _("Youth by age"), _("Age"), AGE_ROWS),
        ("youth_by_gender", _("Youth by gender identity"), _("Gender identity"), GENDER_ROWS),
        ("youth_by_race", _("Youth by race and ethnicity"), _("Race and ethnicity"), RACE_ROWS),
    ]
    return [
        counts_table(
            key=key,
            title=title,
            description=_(
                "Youth first identified in the period, and youth served in it (an MDT "
                "meeting, a screening or a referral)."
            ),
            row_heading=heading,
            rows=rows,
            columns=columns,
            count=by(attribute[key]),
            row_totals=False,
        )
        for key, title, heading, rows in spec
    ]


def _tally(attribute, rows) -> dict:
    found: dict = {}
    for row in rows:
        key = attribute(row)
        found[key] = found.get(key, 0) + 1
    return found


def timeliness_table(counted, county_id, *, key="timeliness", kinds=None) -> ReportTable:
    rows = [(k, label) for k, label in KIND_ROWS if kinds is None or k in kinds]
    return counts_table(
        key=key,
        title=_("Timeliness of required tasks"),
        description=_(
            "Tasks that fell due in the period, by whether they were done by their due "
            "time; tasks not yet due are left out. The statutory reports are due 24 hours "
            "after what started them."
        ),
        row_heading=_("Task"),
        rows=rows,
        columns=TIMELINESS_COLUMNS,
        count=lambda row, column: counted.get((county_id, row, column), 0),
        percent=(_("Share on time"), 0),
    )
