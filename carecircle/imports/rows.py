"""Reading an import file (CSV or XLSX) into rows, and checking every row of a youth
file; the checks every kind of file shares (required columns, lengths, dates, choices,
each key once) are here too.

Columns are matched by header (any order, any case; unknown columns are refused so that
a typo is not silently ignored). A youth file: ``external_id`` (the county's own key for
the youth: importing the same key again creates nothing), ``first_name``,
``last_name``, ``date_of_birth`` (YYYY-MM-DD), and optionally ``preferred_name``,
``other_names`` (separated by ``;``), ``case_number``, ``case_number_kind``,
``gender_identity``, ``pronouns``, ``preferred_language``. Identification and service
files: see ``identifications.py`` and ``services.py``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from carecircle.youth.models import GenderIdentity, IdentifierKind
from carecircle.youth.validators import check_date_of_birth

REQUIRED = ("external_id", "first_name", "last_name", "date_of_birth")
OPTIONAL = (
    "preferred_name",
    "other_names",
    "case_number",
    "case_number_kind",
    "gender_identity",
    "pronouns",
    "preferred_language",
)
MAX_ROWS = 50_000
LENGTHS = {
    "external_id": 100,
    "first_name": 100,
    "last_name": 100,
    "preferred_name": 100,
    "case_number": 100,
    "pronouns": 50,
    "preferred_language": 50,
}


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of file, and the column holding its idempotency key."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    lengths: dict[str, int]
    key: str


YOUTH = Layout(REQUIRED, OPTIONAL, LENGTHS, key="external_id")


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    values: dict[str, str]
    key: str = ""  # the value of the layout's key column
    born: date | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    # Identification and service files: the row's date, and what it names in the county.
    on: date | None = None
    youth: Any = None
    provider: Any = None

    @property
    def external_id(self) -> str:
        return self.values.get("external_id", "")

    def other_names(self) -> list[str]:
        return [n.strip() for n in self.values.get("other_names", "").split(";") if n.strip()]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read(content: bytes, filename: str, layout: Layout = YOUTH) -> list[Row]:
    """Rows of a CSV or XLSX file, numbered as the person sees them."""
    if filename.lower().endswith(".xlsx"):
        table = _xlsx(content)
    elif filename.lower().endswith(".csv"):
        table = _csv(content)
    else:
        raise UnreadableFile(_("Upload a CSV or an Excel (.xlsx) file."))
    if not table:
        raise UnreadableFile(_("The file is empty. The first row must name the columns."))
    header = [_text(h).lower() for h in table[0]]
    missing = [c for c in layout.required if c not in header]
    if missing:
        raise UnreadableFile(
            _("The first row must name these columns: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [h for h in header if h and h not in layout.required + layout.optional]
    if unknown:
        raise UnreadableFile(
            _("These columns are not known: %(columns)s. Rename or remove them.")
            % {"columns": ", ".join(unknown)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise UnreadableFile(
            _("A file may hold at most %(max)s rows; split it.") % {"max": f"{MAX_ROWS:,}"}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {h: _text(c) for h, c in zip(header, cells, strict=False) if h}
        if any(values.values()):
            rows.append(Row(number=number, values=values, key=values.get(layout.key, "")))
    return rows


def _csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("Save the CSV file as UTF-8 and upload it again.")) from None
    return list(csv.reader(io.StringIO(text)))


def _xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile(_("That is not an Excel file Care Circle can read.")) from None
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def check(rows: list[Row]) -> list[Row]:
    """Every problem of every row of a youth file, in the person's words; rows are
    changed in place."""
    keys = KeyTracker(YOUTH)
    for row in rows:
        values = row.values
        check_columns(row, YOUTH)
        if values.get("date_of_birth"):
            try:
                row.born = check_date_of_birth(date.fromisoformat(values["date_of_birth"]))
            except ValueError:
                row.problems.append(("date_of_birth", _("Write the date as YYYY-MM-DD.")))
            except ValidationError as error:
                row.problems.append(("date_of_birth", " ".join(error.messages)))
        check_choice(row, "case_number_kind", IdentifierKind)
        check_choice(row, "gender_identity", GenderIdentity)
        keys.check(row)
    return rows


def check_columns(row: Row, layout: Layout) -> None:
    """Required columns filled in, and none longer than the record keeps."""
    for column in layout.required:
        if not row.values.get(column):
            row.problems.append((column, _("This is required.")))
    for column, limit in layout.lengths.items():
        if len(row.values.get(column, "")) > limit:
            row.problems.append((column, _("At most %(limit)s characters.") % {"limit": limit}))


def check_choice(row: Row, column: str, choices) -> None:
    """An optional or required value that must be one of ``choices``; empty is left to
    ``check_columns``."""
    value = row.values.get(column, "")
    if value and value not in choices.values:
        row.problems.append((column, _("Use one of: %(kinds)s.") % {"kinds": _join(choices)}))


def check_day(row: Row, column: str, *, today: date) -> date | None:
    """A date written YYYY-MM-DD, not after ``today`` (the county's today)."""
    value = row.values.get(column, "")
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        row.problems.append((column, _("Write the date as YYYY-MM-DD.")))
        return None
    if day > today:
        row.problems.append((column, _("The date cannot be in the future.")))
        return None
    return day


class KeyTracker:
    """Each key once in a file: the second row with a key names the first."""

    def __init__(self, layout: Layout) -> None:
        self.column = layout.key
        self.seen: dict[str, int] = {}

    def check(self, row: Row) -> None:
        if row.key and row.key in self.seen:
            message = _("Also on row %(row)s: each key once.") % {"row": self.seen[row.key]}
            row.problems.append((self.column, message))
        elif row.key:
            self.seen[row.key] = row.number


def _join(choices) -> str:
    return ", ".join(choices.values)
