"""Writing CSV and XLSX that spreadsheet programs open safely."""

import csv
import io
import unicodedata
from collections.abc import Iterable

from django.http import HttpResponse

# Spreadsheet programs treat a cell starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_SIGNS = frozenset("=+-@")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_CONTENT_TYPE}


def _first_visible(text: str) -> str:
    """The first character that is not white space, a control or a format character."""
    for character in text:
        if not character.isspace() and unicodedata.category(character) not in ("Cc", "Cf"):
            return character
    return ""


def safe_cell(value: object) -> str:
    """The value as text a spreadsheet shows as text, never runs.

    A formula sign behind white space or control characters counts too: some programs
    skip them, and an XLSX cell cannot hold most control characters, so writing one
    drops them and leaves the sign first."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) or _first_visible(text) in _FORMULA_SIGNS:
        return "'" + text
    return text


def safe_xlsx_cell(value: object) -> str:
    """``safe_cell`` without the control characters XLSX cannot hold: a stray one
    must not lose the file."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))


def csv_text(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def xlsx_bytes(header: list[str], rows: Iterable[Iterable[object]], *, sheet: str) -> bytes:
    """One sheet, the header row then the rows, every cell written as inert text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet[:31])
    page.append([safe_xlsx_cell(value) for value in header])
    for row in rows:
        page.append([safe_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    header: list[str], rows: Iterable[Iterable[object]], *, file_format: str, name: str
) -> HttpResponse:
    """The table as an attachment ``<name>.<file_format>`` (``csv`` or ``xlsx``), kept
    out of every cache."""
    if file_format not in CONTENT_TYPES:
        raise ValueError(file_format)
    body: str | bytes = (
        xlsx_bytes(header, rows, sheet=name) if file_format == "xlsx" else csv_text(header, rows)
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response
