"""Report tables written as CSV, XLSX and PDF. Every text cell goes through
``safe_cell``, so a spreadsheet shows a label that starts with ``=``, ``+``, ``-`` or
``@`` as text and never runs it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from carecircle.lib.spreadsheets import safe_cell, safe_xlsx_cell
from carecircle.reports.tables import ReportTable

HIDDEN = "*"


def _value(value: object, text: Callable[[object], str] = safe_cell) -> object:
    """Numbers stay numbers; a hidden cell is written as ``*``; text is made inert."""
    if value is None:
        return HIDDEN
    if isinstance(value, bool):
        return text(value)
    if isinstance(value, int | Decimal):
        return value
    return text(value)


def tables_csv(title: str, tables: list[ReportTable], *, heading: list[str] | None = None) -> str:
    """All tables one under another, each under its title, a blank line between."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(title)])
    for line in heading or []:
        writer.writerow([safe_cell(line)])
    for table in tables:
        writer.writerow([])
        writer.writerow([safe_cell(table.title)])
        writer.writerow([safe_cell(h) for h in table.header()])
        for row in table.body():
            writer.writerow([_value(v) for v in row])
        for note in table.notes:
            writer.writerow([safe_cell(note)])
    if any(t.suppressed for t in tables):
        writer.writerow([])
        writer.writerow([safe_cell(_("* hidden to protect the youth counted"))])
    return out.getvalue()


def tables_xlsx(
    title: str, tables: list[ReportTable], *, heading: list[str] | None = None
) -> bytes:
    """One sheet with every table, then one sheet per table for those who chart them.
    Text goes through ``safe_xlsx_cell``: XLSX cannot hold most control characters."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = _("Report")[:31]
    summary.append([safe_xlsx_cell(title)])
    summary["A1"].font = Font(bold=True, size=14)
    for line in heading or []:
        summary.append([safe_xlsx_cell(line)])
    for table in tables:
        summary.append([])
        summary.append([safe_xlsx_cell(table.title)])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
        summary.append([safe_xlsx_cell(h) for h in table.header()])
        for row in table.body():
            summary.append([_value(v, safe_xlsx_cell) for v in row])
        for note in table.notes:
            summary.append([safe_xlsx_cell(note)])
    for index, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"{index} {table.key}"[:31])
        sheet.append([safe_xlsx_cell(table.title)])
        sheet.append([safe_xlsx_cell(h) for h in table.header()])
        for row in table.body():
            sheet.append([_value(v, safe_xlsx_cell) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tables_pdf(context: dict) -> bytes:
    # Imported here: WeasyPrint needs Pango, which only PDF output should depend on.
    from weasyprint import HTML

    # No base URL: the template carries its own styles and loads nothing from anywhere.
    return HTML(string=render_to_string("reports/report_pdf.html", context)).write_pdf()
