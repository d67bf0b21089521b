"""A report table's cells: counts, shares, and the marks a screen reader reads aloud."""

from decimal import Decimal

from django.template import Context, Template
from django.test import SimpleTestCase

TABLE_CELL = Template("{% load report_cells %}{% report_cell value suppressed %}")


def cell(value, suppressed=False) -> str:
    return TABLE_CELL.render(Context({"value": value, "suppressed": suppressed}))


class ReportCellTest(SimpleTestCase):
    def test_counts_and_shares(self):
        self.assertEqual(cell(0), "0")
        self.assertEqual(cell(1234), "1234")
        self.assertEqual(cell(Decimal("87.5")), "87.5%")

    def test_marks_are_read_aloud(self):
        self.assertEqual(
            cell(None, suppressed=True),
            '<span aria-hidden="true">*</span><span class="usa-sr-only">hidden</span>',
        )
        self.assertEqual(
            cell(None),
            '<span aria-hidden="true">—</span><span class="usa-sr-only">none</span>',
        )
        self.assertEqual(
            cell(""),
            '<span aria-hidden="true">—</span><span class="usa-sr-only">none due</span>',
        )

    def test_text_is_escaped(self):
        self.assertEqual(cell("<b>"), "&lt;b&gt;")
