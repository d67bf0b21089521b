"""The acceptance test of versioned instruments."""

import shutil
import tempfile
from pathlib import Path

from carecircle.screening import scoring
from carecircle.screening.loader import INSTRUMENTS_DIR, load_instruments
from carecircle.screening.tests.base import SCREEN, ScreeningTestCase, answers, version_of


class InstrumentVersionTest(ScreeningTestCase):
    def test_it_keeps_each_screening_on_the_version_and_score_it_was_recorded_with(self):
        """A screening's level comes from the instrument definition; editing the
        definition makes a new version, and earlier screenings keep their version and
        score."""
        given = answers(unstable_housing="strong", controlled="some")
        first = self.record(answers=given)
        self.assertEqual((first.instrument_version.number, first.total_score), (1, 3))
        self.assertEqual(first.level, "no_concern")

        # The county re-weights a question and lowers the thresholds.
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        text = (INSTRUMENTS_DIR / f"{SCREEN}.yaml").read_text()
        edits = [
            ("    possible_concern: 4\n    clear_concern: 10\n",
             "    possible_concern: 2\n    clear_concern: 5\n"),
            ("      - {key: strong, label: We know this is happening or has happened, points: 2}",
             "      - {key: strong, label: We know this is happening or has happened, points: 3}"),
        ]  # fmt: skip
        for old, new in edits:
            self.assertIn(old, text)
            text = text.replace(old, new, 1)
        (folder / f"{SCREEN}.yaml").write_text(text)
        load_instruments(folder)

        v2 = version_of(SCREEN)
        self.assertEqual(v2.number, 2)
        first.refresh_from_db()
        self.assertEqual(first.instrument_version, version_of(SCREEN, 1))
        self.assertEqual((first.total_score, first.level), (3, "no_concern"))
        self.assertEqual(
            scoring.score(first.instrument_version.definition, given).level, "no_concern"
        )

        second = self.record(answers=given, instrument_version=v2)
        self.assertEqual((second.instrument_version.number, second.total_score), (2, 4))
        self.assertEqual(second.level, "possible_concern")
