"""Stored payloads in files: spreadsheets show them as text and never run them as
formulas; PDFs show them as text, load nothing and link nowhere; the plain-text and
calendar files keep them as one value.

The payloads are those of ``carecircle/tests/payloads``, stored in every free-text field
by ``build_payload_world``; the pages that show them are the browser test's
(``carecircle/tests/browser/test_injection.py``)."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from unittest import mock

from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from openpyxl import load_workbook

from carecircle.lib.dates import county_today
from carecircle.lib.spreadsheets import csv_text, xlsx_bytes
from carecircle.reports.files import tables_csv, tables_xlsx
from carecircle.reports.tables import ReportTable
from carecircle.test import SignedInClient, build_world
from carecircle.tests.payloads import all_payloads, formula_payloads
from carecircle.tests.payloads.world import build_payload_world

FORMULA_SIGNS = ("=", "+", "-", "@")
# What a spreadsheet program, or the XLSX writer, may drop before the first character.
SKIPPED = (
    "".join(chr(c) for c in range(0x21))
    + "\x7f\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
# A formula can also reach a cell behind white space or control characters: the
# actions strip surrounding white space, not control characters, and files and API
# clients may send either.
HIDDEN_BEHIND = ["", "\t", "\r", "\n", " ", "\r\n", "\x00", "\x01", "\x0b", "\x1b", "\u202e"]


def could_run(cell: object) -> bool:
    """Whether a spreadsheet program could take the cell for a formula."""
    return (
        isinstance(cell, str)
        and not cell.startswith("'")
        and cell.lstrip(SKIPPED).startswith(FORMULA_SIGNS)
    ) or (isinstance(cell, str) and cell.startswith(("\t", "\r")))


def as_written(value: str) -> str:
    """How a value is written to a cell (``safe_cell``): a leading apostrophe if the
    value could run, so that the program shows it as text."""
    return "'" + value if could_run(value) else value


def csv_cells(content: bytes | str) -> list[str]:
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


class FileProblems:
    """Collects what is wrong with the cells of a file, to report all at once."""

    def __init__(self, test: SimpleTestCase) -> None:
        self.test = test
        self.found: list[str] = []

    def csv(self, name: str, content: bytes | str) -> list[str]:
        cells = csv_cells(content)
        self.found += [f"{name}: {cell!r} could run" for cell in cells if could_run(cell)]
        return cells

    def xlsx(self, name: str, content: bytes) -> list[str]:
        cells = xlsx_cells(content)
        for cell in cells:
            if cell.data_type == "f":
                self.found.append(f"{name}: {cell.coordinate} is a formula: {cell.value!r}")
            if could_run(cell.value):
                self.found.append(f"{name}: {cell.coordinate} {cell.value!r} could run")
        # Line ends as ``in_xlsx`` writes them: openpyxl keeps a lone "\r" when it
        # writes with lxml and XML turns it into "\n" without.
        return [one_line_end(c.value) for c in cells if isinstance(c.value, str)]

    def check(self) -> None:
        self.test.assertEqual(self.found, [], "\n".join(self.found[:40]))


class Markup(HTMLParser):
    """The elements and attributes of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


# Everything the PDF templates use; a payload that became markup would add to it.
PDF_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "div",
            "table", "thead", "tbody", "tr", "th", "td", "strong", "em", "br", "span", "ul",
            "li", "caption", "small"}  # fmt: skip


class PdfRendering:
    """Renders the HTML a view hands to WeasyPrint, with a fetcher that refuses and
    records every request, and reads back the laid-out text and the links."""

    def __init__(self) -> None:
        from weasyprint import URLFetcher

        class Refusing(URLFetcher):
            def __init__(self) -> None:
                super().__init__()
                self.asked: list[str] = []

            def fetch(self, url, headers=None):
                self.asked.append(url)
                raise ValueError("the PDF test fetches nothing")

        self.fetcher = Refusing()
        self.html: list[str] = []

    def spy(self):
        """Patch WeasyPrint's HTML so that the views' own rendering is recorded and
        refused any fetch; the PDF is still written by WeasyPrint."""
        import weasyprint

        real = weasyprint.HTML

        def recorded(*args, string=None, **kwargs):
            self.html.append(string)
            return real(*args, string=string, url_fetcher=self.fetcher, **kwargs)

        return mock.patch.object(weasyprint, "HTML", recorded)

    def laid_out(self, html: str) -> tuple[str, list]:
        from weasyprint import HTML

        document = HTML(string=html, url_fetcher=self.fetcher).render()
        text, links = [], []
        for page in document.pages:
            text += [box.text for box in page._page_box.descendants() if hasattr(box, "text")]
            links += page.links
        return "".join(text), links


def squeezed(text: str) -> str:
    return "".join(text.split())


class SpreadsheetWriterTest(SimpleTestCase):
    """The writers themselves, with every formula payload behind every prefix."""

    def values(self) -> list[str]:
        return [lead + p.text for p in formula_payloads() for lead in HIDDEN_BEHIND]

    def test_no_formula_survives_the_csv_and_xlsx_writers(self):
        values = self.values()
        problems = FileProblems(self)
        cells = problems.csv("csv_text", csv_text(values, [[v] for v in values]))
        self.assertEqual(cells, [as_written(v) for v in values] * 2)
        written = problems.xlsx("xlsx_bytes", xlsx_bytes(values, [[v] for v in values], sheet="s"))
        self.assertEqual(written, [in_xlsx(v) for v in values] * 2)
        problems.check()

    def test_no_formula_survives_the_report_writers(self):
        values = self.values()
        table = ReportTable(
            key="payloads",
            title=values[0],
            description=values[1],
            row_heading=values[2],
            rows=values,
            columns=values[:3],
            cells=[[n, None, n] for n in range(len(values))],
            notes=values[-3:],
        )
        problems = FileProblems(self)
        cells = problems.csv("tables_csv", tables_csv(values[3], [table], heading=values[4:6]))
        self.assertEqual([v for v in values if as_written(v) not in cells], [])
        written = problems.xlsx("tables_xlsx", tables_xlsx(values[3], [table], heading=values[4:6]))
        dropped = [in_xlsx(v) for v in values]
        self.assertEqual([v for v in dropped if v not in written], [])
        problems.check()


class StoredPayloadFilesTest(TestCase):
    """The files people download, built from the payloads stored by the actions."""

    client_class = SignedInClient

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_world()
        cls.pw = build_payload_world(cls.world)

    def login(self, persona: str):
        user = self.world[persona] if persona in self.world else self.pw.objects[persona]
        self.client.force_login(user)
        return user

    def payloads_of(self, *slots: str) -> list:
        return [p for slot in slots for p in self.pw.placed[slot]]

    def test_it_writes_the_caseload_files_as_text(self):
        self.login("coordinator_a")
        problems = FileProblems(self)
        cells = problems.csv(
            "caseload.csv", self.client.get(reverse("youth:caseload_export")).content
        )
        api = reverse("api:youth_export")
        api_csv = problems.csv("api youth.csv", self.client.get(api).content)
        api_xlsx = problems.xlsx("api youth.xlsx", self.client.get(api, {"format": "xlsx"}).content)
        problems.check()
        youth = [self.pw.youth, *self.pw.others]
        names = [
            getattr(y, n) for y in youth for n in ("first_name", "last_name", "preferred_name")
        ]
        self.assertTrue(any(could_run(name) for name in names), "a name starts with a formula")
        for name in names:
            self.assertIn(as_written(name), cells)
            self.assertIn(as_written(name), api_csv)
            self.assertIn(in_xlsx(name), api_xlsx)
        agency = self.pw.objects["agency"].name
        self.assertTrue(any(as_written(agency) in c for c in cells), "the payload agency serves")

    def test_it_writes_the_task_files_as_text(self):
        self.login("coordinator_a")
        problems = FileProblems(self)
        url = reverse("api:tasks_export")
        cells = problems.csv("tasks.csv", self.client.get(url, {"scope": "county"}).content)
        book = self.client.get(url, {"scope": "county", "format": "xlsx"}).content
        written = problems.xlsx("tasks.xlsx", book)
        problems.check()
        worker = self.pw.objects["worker"].display_name
        youth = self.pw.youth.full_name
        self.assertTrue(could_run(worker) and could_run(youth))
        for value in (worker, youth):
            self.assertIn(as_written(value), cells)
            self.assertIn(in_xlsx(value), written)

    def test_it_writes_the_accounting_of_disclosures_as_text(self):
        self.login("coordinator_a")
        url = reverse("sharing:disclosures_csv", kwargs={"youth_id": self.pw.youth.pk})
        problems = FileProblems(self)
        cells = problems.csv("disclosures.csv", self.client.get(url).content)
        problems.check()
        # The officer sent the referral: a disclosure, written with the officer's
        # agencies, the payload agency first.
        agencies = [c for c in cells if self.pw.objects["agency"].name in c]
        self.assertTrue(agencies)
        self.assertTrue(all(c.startswith("'") for c in agencies), agencies)

    def test_it_writes_the_program_report_as_text_in_every_format(self):
        from carecircle.clocks.testing import run_queued_tasks
        from carecircle.reports.actions import request_export
        from carecircle.reports.periods import parse

        coordinator = self.login("county_coordinator")
        county = self.pw.objects["county"]
        self.assertTrue(could_run(county.name))
        period = parse(str(county_today(county.time_zone).year))
        files = {}
        rendering = PdfRendering()
        with rendering.spy():
            for file_format in ("csv", "xlsx", "pdf"):
                export = request_export(actor=coordinator, period=period, file_format=file_format)
                run_queued_tasks()
                response = self.client.get(
                    reverse("reports:export_download", kwargs={"export_id": export.pk})
                )
                self.assertEqual(response.status_code, 200, file_format)
                files[file_format] = b"".join(response.streaming_content)
        problems = FileProblems(self)
        cells = problems.csv("program.csv", files["csv"])
        written = problems.xlsx("program.xlsx", files["xlsx"])
        problems.check()
        self.assertTrue(any(county.name in c for c in cells))
        self.assertTrue(any(county.name in c for c in written))
        self.assertTrue(files["pdf"].startswith(b"%PDF"))
        self.assert_pdf_shows_as_text(rendering, self.payloads_of("county.name"))

    def test_it_writes_the_public_statewide_figures_as_text(self):
        problems = FileProblems(self)
        cells = problems.csv(
            "statewide.csv", self.client.get(reverse("public_statewide_csv")).content
        )
        problems.check()
        self.assertIn(as_written(self.pw.objects["county"].name), cells)

    def test_the_meeting_pdfs_show_the_payloads_as_text_and_load_nothing(self):
        self.login("coordinator_a")
        rendering = PdfRendering()
        with rendering.spy():
            for meeting in ("meeting", "held_meeting"):
                url = reverse(
                    "meetings:pdf",
                    kwargs={
                        "youth_id": self.pw.youth.pk,
                        "meeting_id": self.pw.objects[meeting].pk,
                    },
                )
                response = self.client.get(url)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(len(rendering.html), 2)
        self.assert_pdf_shows_as_text(
            rendering,
            self.payloads_of(
                "youth.first_name",
                "youth.last_name",
                "section.heading",
                "section.body",
                "action_item.description",
                "user.first_name",
                "user.last_name",
                "meeting.missing_reason",
            ),
        )

    def assert_pdf_shows_as_text(self, rendering: PdfRendering, payloads: list) -> None:
        text, problems = "", []
        for html in rendering.html:
            markup = Markup()
            markup.feed(html)
            problems += [f"element {t}" for t in markup.tags if t not in PDF_TAGS]
            problems += [
                f"{tag} {name}={value[:60]!r}"
                for tag, name, value in markup.attributes
                if name not in ("lang", "charset", "class")
            ]
            page_text, links = rendering.laid_out(html)
            problems += [f"link {link[1]!r}" for link in links]
            text += page_text
        problems += [f"fetched {url}" for url in rendering.fetcher.asked]
        text = squeezed(text)
        problems += [
            f"not in the PDF as text: {p.number}" for p in payloads if squeezed(p.text) not in text
        ]
        self.assertEqual(problems, [], "\n".join(problems))

    def test_the_note_export_is_plain_text_never_a_page(self):
        self.login("coordinator_a")
        note = self.pw.objects["notes"][0]
        response = self.client.get(
            reverse(
                "records:note_export", kwargs={"youth_id": self.pw.youth.pk, "item_id": note.pk}
            )
        )
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        # As written: a text file is not markup, so nothing in it is escaped or lost.
        text = response.content.decode()
        for payload in self.payloads_of("note_0.subject", "note_0.body"):
            self.assertIn(payload.text.strip(), text)

    def test_the_calendar_invitation_holds_the_place_as_one_value(self):
        from icalendar import Calendar

        self.login("coordinator_a")
        meeting = self.pw.objects["meeting"]
        response = self.client.get(
            reverse("meetings:ics", kwargs={"youth_id": self.pw.youth.pk, "meeting_id": meeting.pk})
        )
        calendar = Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        self.assertEqual(len(events), 1)
        self.assertEqual(str(events[0]["LOCATION"]), meeting.place)
        self.assertEqual(
            sorted(events[0]), sorted(["UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
                                       "LOCATION", "URL", "DESCRIPTION", "STATUS"])
        )  # fmt: skip


# What an XLSX cell cannot hold, and the writer drops (see ``safe_xlsx_cell``).
XLSX_DROPPED = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def one_line_end(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def in_xlsx(value: str) -> str:
    """The cell's text as read back: what XLSX cannot hold dropped, and line ends
    made ``\\n``."""
    return one_line_end(as_written(value).translate(XLSX_DROPPED))


def test_the_payload_files_hold_about_two_hundred_known_payloads():
    payloads = all_payloads()
    assert 180 <= len(payloads) <= 260
    assert len({p.text for p in payloads}) == len(payloads), "each payload once"
    for payload in payloads:
        if payload.kind == "script":
            assert "§" in payload.line, f"{payload} names no number"
