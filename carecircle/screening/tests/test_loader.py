import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from carecircle.audit.models import AuditEvent
from carecircle.screening.loader import (
    INSTRUMENTS_DIR,
    InstrumentDefinitionError,
    load_instruments,
)
from carecircle.screening.models import Instrument, InstrumentVersion
from carecircle.screening.tests.base import SCREEN


class LoaderTest(TestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        for path in INSTRUMENTS_DIR.glob("*.yaml"):
            shutil.copy(path, self.folder / path.name)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.folder / name
        text = path.read_text()
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1))

    def test_it_loaded_the_shipped_instruments_when_the_database_was_migrated(self):
        self.assertEqual(
            sorted(Instrument.objects.values_list("key", "kind")),
            [("care-circle-exploitation-screen", "scored"), ("external-result", "result_only")],
        )
        version = InstrumentVersion.objects.get(instrument__key=SCREEN)
        self.assertEqual(version.number, 1)
        self.assertEqual(len(version.digest), 64)
        self.assertEqual(version.definition["name"], "Care Circle Exploitation Screen")

    def test_it_is_idempotent(self):
        before = list(InstrumentVersion.objects.values_list("pk", "digest"))
        results = load_instruments(self.folder)
        self.assertEqual({r.outcome for r in results}, {"unchanged"})
        self.assertEqual(list(InstrumentVersion.objects.values_list("pk", "digest")), before)

    def test_it_ignores_comments_and_layout(self):
        path = self.folder / f"{SCREEN}.yaml"
        path.write_text("# A new comment at the top.\n\n" + path.read_text())
        self.assertEqual(load_instruments(self.folder)[1].outcome, "unchanged")

    def test_it_makes_a_new_version_of_changed_content_and_keeps_the_old_one(self):
        old = InstrumentVersion.objects.get(instrument__key=SCREEN)
        old_definition = old.definition
        self.edit(f"{SCREEN}.yaml", "    possible_concern: 4\n", "    possible_concern: 3\n")
        results = {r.key: r for r in load_instruments(self.folder)}
        self.assertEqual((results[SCREEN].outcome, results[SCREEN].number), ("new version", 2))
        self.assertEqual(results["external-result"].outcome, "unchanged")
        old.refresh_from_db()
        self.assertEqual((old.number, old.definition), (1, old_definition))
        new = InstrumentVersion.objects.get(instrument__key=SCREEN, number=2)
        self.assertEqual(new.definition["overall"]["thresholds"]["possible_concern"], 3)
        self.assertNotEqual(new.digest, old.digest)
        self.assertTrue(
            AuditEvent.objects.filter(action="instrument.load", object_id=str(new.pk)).exists()
        )
        # Loading again changes nothing more.
        self.assertEqual(load_instruments(self.folder)[1].outcome, "unchanged")
        self.assertEqual(InstrumentVersion.objects.filter(instrument__key=SCREEN).count(), 2)

    def assert_refused(self, name: str, old: str, new: str, problem: str) -> None:
        self.edit(name, old, new)
        count = InstrumentVersion.objects.count()
        with self.assertRaises(InstrumentDefinitionError) as caught:
            load_instruments(self.folder)
        self.assertIn(name, str(caught.exception))
        self.assertIn(problem, str(caught.exception))
        self.assertEqual(InstrumentVersion.objects.count(), count)

    def test_it_refuses_invalid_yaml_naming_the_file(self):
        self.assert_refused(f"{SCREEN}.yaml", "items:\n", "items: [\n", "not valid YAML")

    def test_it_refuses_an_unknown_key(self):
        self.assert_refused(
            "external-result.yaml", "indicator_rows: 8", "indicator_rows: 8\ncolour: red",
            "unknown key 'colour'",
        )  # fmt: skip

    def test_it_refuses_thresholds_that_do_not_ascend(self):
        self.assert_refused(
            f"{SCREEN}.yaml", "    clear_concern: 10\n", "    clear_concern: 2\n",
            "must be ascending",
        )  # fmt: skip

    def test_it_refuses_an_item_key_used_twice(self):
        self.assert_refused(
            f"{SCREEN}.yaml", "  - key: unsafe_places\n", "  - key: unstable_housing\n",
            "items has the key 'unstable_housing' more than once",
        )  # fmt: skip

    def test_it_refuses_an_item_without_options(self):
        self.assert_refused(
            f"{SCREEN}.yaml",
            "    help: For example hotels or parties with adults they do not know well.\n"
            "    options: *scale\n",
            "    help: For example hotels or parties with adults they do not know well.\n",
            "item unsafe_places is missing 'options'",
        )

    def test_the_command_says_what_it_did_and_reports_bad_files(self):
        out = StringIO()
        call_command("load_instruments", directory=self.folder, stdout=out)
        self.assertIn(f"{SCREEN}: unchanged (version 1", out.getvalue())
        self.edit(f"{SCREEN}.yaml", "minimum_age: 10", "minimum_age: ten")
        with self.assertRaisesMessage(CommandError, "minimum_age must be a whole number"):
            call_command("load_instruments", directory=self.folder, stdout=StringIO())
