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
