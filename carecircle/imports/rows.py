"""Reading an import file (CSV or XLSX) into rows, and checking every row.

Columns, by header (any order, any case; unknown columns are refused so that a typo is
not silently ignored): ``external_id`` (the county's own key for the youth: importing
the same key again creates nothing), ``first_name``, ``last_name``, ``date_of_birth``
(YYYY-MM-DD), and optionally ``preferred_name``, ``other_names`` (separated by ``;``),
``case_number``, ``case_number_kind``, ``gender_identity``, ``pronouns``,
``preferred_language``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

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


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    values: dict[str, str]
    born: date | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def external_id(self) -> str:
        return self.values["external_id"]

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


def read(content: bytes, filename: str) -> list[Row]:
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
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UnreadableFile(
            _("The first row must name these columns: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [h for h in header if h and h not in REQUIRED + OPTIONAL]
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
            rows.append(Row(number=number, values=values))
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
    """Every problem of every row, in the person's words; rows are changed in place."""
    seen: dict[str, int] = {}
    for row in rows:
        values = row.values
        for column in REQUIRED:
            if not values.get(column):
                row.problems.append((column, _("This is required.")))
        for column, limit in LENGTHS.items():
            if len(values.get(column, "")) > limit:
                row.problems.append((column, _("At most %(limit)s characters.") % {"limit": limit}))
        if values.get("date_of_birth"):
            try:
                row.born = check_date_of_birth(date.fromisoformat(values["date_of_birth"]))
            except ValueError:
                row.problems.append(("date_of_birth", _("Write the date as YYYY-MM-DD.")))
            except ValidationError as error:
                row.problems.append(("date_of_birth", " ".join(error.messages)))
        kind = values.get("case_number_kind", "")
        if kind and kind not in IdentifierKind.values:
            row.problems.append(
                ("case_number_kind", _("Use one of: %(kinds)s.") % {"kinds": _join(IdentifierKind)})
            )
        gender = values.get("gender_identity", "")
        if gender and gender not in GenderIdentity.values:
            row.problems.append(
                ("gender_identity", _("Use one of: %(kinds)s.") % {"kinds": _join(GenderIdentity)})
            )
        key = values.get("external_id", "")
        if key and key in seen:
            row.problems.append(
                ("external_id", _("Also on row %(row)s: each key once.") % {"row": seen[key]})
            )
        elif key:
            seen[key] = row.number
    return rows


def _join(choices) -> str:
    return ", ".join(choices.values)
