from datetime import date

from django.test import SimpleTestCase

from carecircle.youth.matching import dob_variants, normalise_identifier, phonetic_keys


class MatchingKeysTest(SimpleTestCase):
    def test_sound_alike_spellings_share_keys(self):
        for one, other in (
            ("Jazmin", "Jasmine"),
            ("Rodrigues", "Rodriguez"),
            ("Witfield", "Whitfield"),
        ):
            with self.subTest(one=one):
                self.assertTrue(phonetic_keys(one) & phonetic_keys(other))

    def test_nicknames_share_keys(self):
        self.assertTrue(phonetic_keys("Lupe") & phonetic_keys("Guadalupe"))
        self.assertFalse(phonetic_keys("Lupe") & phonetic_keys("Brianna"))

    def test_date_variants_include_swaps_and_transpositions(self):
        variants = dob_variants(date(2009, 3, 14))
        self.assertIn(date(2009, 3, 14), variants)
        self.assertIn(date(2009, 4, 13), variants)  # the 3 and the 4 exchanged
        self.assertIn(date(2009, 12, 3), dob_variants(date(2009, 3, 12)))  # day and month
        self.assertIn(date(2009, 3, 21), dob_variants(date(2009, 3, 12)))  # neighbours
        self.assertIn(date(2010, 3, 12), dob_variants(date(2001, 3, 12)))  # in the year
        self.assertNotIn(date(2009, 5, 14), variants)

    def test_a_mistyped_year_long_ago_still_gives_variants(self):
        """A year typed as 0016 once made the search fail (found by the API fuzzing)."""
        self.assertEqual(dob_variants(date(16, 8, 9)), {date(16, 8, 9), date(16, 9, 8)})

    def test_case_numbers_compare_without_punctuation(self):
        self.assertEqual(normalise_identifier("jv-2026 / 0142"), "JV20260142")


class StrongMatchBoundTest(SimpleTestCase):
    """Across the state, only youth found by birth-date variant or case number are
    scored: nothing else can reach the threshold of a strong match. These hold the
    scores to that, so a change to the points cannot quietly hide a youth elsewhere."""

    THRESHOLD = 70

    def youth(self, first, last, born, *, preferred="", aliases=(), identifier=""):
        from carecircle.youth.models import (
            AliasKind,
            IdentifierKind,
            Youth,
            YouthAlias,
            YouthIdentifier,
        )

        youth = Youth(
            first_name=first, last_name=last, preferred_name=preferred, date_of_birth=born
        )
        other = [YouthAlias(kind=AliasKind.STREET_NAME, name=name) for name in aliases]
        numbers = (
            [YouthIdentifier(kind=IdentifierKind.PROBATION, value=identifier,
                             normalized=normalise_identifier(identifier))]
            if identifier else []
        )  # fmt: skip
        return youth, other, numbers

    def test_only_a_birth_date_variant_or_a_case_number_reaches_a_strong_match(self):
        from carecircle.youth.matching import NAME_MOST, NEAR_BIRTH, Probe, score

        self.assertLess(NAME_MOST + NEAR_BIRTH, self.THRESHOLD)
        born = date(2009, 3, 4)
        swapped = date(2009, 4, 3)
        slipped = min(dob_variants(born) - {born, swapped})
        births = [born, swapped, slipped, date(2009, 9, 1), date(2011, 3, 4)]
        names = [
            ("Jasmine", "Rodriguez", "", ()),
            ("Jazmin", "Rodrigues", "", ()),
            ("Jas", "Rodriguez", "Jasmine", ()),
            ("Karina", "Soto", "", ("Jasmine Rodriguez",)),
            ("Karina", "Soto", "", ("Jazz",)),
            ("Brianna", "Nguyen", "", ()),
        ]
        probes = [
            Probe("Jasmine", "Rodriguez", born),
            Probe("Jasmine", "Rodriguez", swapped),
            Probe("Jasmine", "Rodriguez", born, identifier="JV 2026-0142"),
            Probe("Jasmine", "Rodriguez", None, identifier="jv20260142"),
            Probe("Jasmine", "Rodriguez", None),
            Probe("Jazz", "Rodriguez", slipped, other_name="Jasmine Rodriguez"),
        ]
        reached = 0
        for probe in probes:
            for first, last, preferred, aliases in names:
                for birth in births:
                    for identifier in ("", "JV-2026-0142", "JV-2025-0001"):
                        youth, other, numbers = self.youth(
                            first, last, birth, preferred=preferred, aliases=aliases,
                            identifier=identifier,
                        )  # fmt: skip
                        points = score(probe, youth, other, numbers).score
                        looked_up = (
                            probe.date_of_birth is not None
                            and birth in dob_variants(probe.date_of_birth)
                        ) or any(
                            n.normalized == normalise_identifier(probe.identifier)
                            for n in numbers
                            if probe.identifier
                        )
                        if points >= self.THRESHOLD:
                            reached += 1
                            with self.subTest(probe=probe, name=(first, last), birth=birth):
                                self.assertTrue(looked_up, points)
                        if not looked_up:
                            self.assertLessEqual(points, NAME_MOST + NEAR_BIRTH)
        # Not a test of nothing: many of these pairs are strong matches.
        self.assertGreater(reached, 20)
