from django.test import SimpleTestCase

from carecircle.screening.scoring import AnswerError, level_for, score

DEFINITION = {
    "overall": {"thresholds": {"possible_concern": 3, "clear_concern": 6}},
    "indicator_groups": [
        {"key": "home", "label": "Home", "thresholds": {"possible_concern": 1, "clear_concern": 3}},
        {
            "key": "say",
            "label": "Own account",
            "thresholds": {"possible_concern": 2, "clear_concern": 5},
        },
    ],
    "items": [
        {
            "key": "a",
            "group": "home",
            "options": [
                {"key": "none", "points": 0},
                {"key": "some", "points": 1},
                {"key": "lots", "points": 3},
            ],
        },
        {
            "key": "b",
            "group": "home",
            "options": [{"key": "none", "points": 0}, {"key": "some", "points": 2}],
        },
        {
            "key": "told",
            "group": "say",
            "options": [
                {"key": "none", "points": 0},
                {"key": "yes", "points": 1, "decisive_level": "clear_concern"},
            ],
        },
        {
            "key": "extra",
            "group": "say",
            "optional": True,
            "options": [{"key": "none", "points": 0}, {"key": "some", "points": 1}],
        },
    ],
}


def levels(result) -> dict[str, str]:
    return {g.key: g.level for g in result.groups}


class ScoringTest(SimpleTestCase):
    def test_it_places_scores_on_the_thresholds(self):
        thresholds = {"possible_concern": 3, "clear_concern": 6}
        self.assertEqual(
            [level_for(n, thresholds) for n in (0, 2, 3, 5, 6, 20)],
            ["no_concern"] * 2 + ["possible_concern"] * 2 + ["clear_concern"] * 2,
        )

    def test_it_adds_the_points_of_the_chosen_options(self):
        result = score(DEFINITION, {"a": "lots", "b": "none", "told": "none"})
        self.assertEqual((result.total, result.level), (3, "possible_concern"))
        self.assertEqual([g.score for g in result.groups], [3, 0])

    def test_it_gives_each_group_its_own_level(self):
        result = score(DEFINITION, {"a": "some", "b": "none", "told": "none"})
        self.assertEqual(levels(result), {"home": "possible_concern", "say": "no_concern"})
        result = score(DEFINITION, {"a": "lots", "b": "some", "told": "none"})
        self.assertEqual(levels(result), {"home": "clear_concern", "say": "no_concern"})
        self.assertEqual((result.total, result.level), (5, "possible_concern"))

    def test_it_reaches_clear_concern_on_the_total(self):
        result = score(DEFINITION, {"a": "lots", "b": "some", "told": "none", "extra": "some"})
        self.assertEqual((result.total, result.level), (6, "clear_concern"))

    def test_it_lets_a_decisive_option_raise_the_level_by_itself(self):
        result = score(DEFINITION, {"a": "none", "b": "none", "told": "yes"})
        self.assertEqual(result.total, 1)
        self.assertEqual(result.level, "clear_concern")
        self.assertEqual(levels(result)["say"], "clear_concern")
        self.assertEqual(result.decisive_items, ["told"])

    def test_it_refuses_an_unanswered_required_item_but_not_an_optional_one(self):
        with self.assertRaises(AnswerError) as caught:
            score(DEFINITION, {"a": "none", "told": "none"})
        self.assertEqual(list(caught.exception.errors), ["b"])
        score(DEFINITION, {"a": "none", "b": "none", "told": "none"})  # "extra" is optional

    def test_it_refuses_unknown_items_and_options(self):
        with self.assertRaises(AnswerError) as caught:
            score(DEFINITION, {"a": "huge", "b": "none", "told": "none", "z": "none"})
        self.assertEqual(sorted(caught.exception.errors), ["a", "z"])
