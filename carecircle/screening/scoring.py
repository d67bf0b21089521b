"""Scoring a screening from its instrument's definition, on the server only.

The form posts option keys; the points, the thresholds and the levels come from the
version's definition, so a score can always be recomputed from what was stored.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

LEVELS = ("no_concern", "possible_concern", "clear_concern")


class AnswerError(ValueError):
    """The answers do not fit the definition: ``errors`` maps item keys to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class GroupResult:
    key: str
    label: str
    score: int
    level: str


@dataclass(frozen=True)
class Result:
    total: int
    level: str
    groups: list[GroupResult] = field(default_factory=list)
    # Items whose chosen option by itself set a minimum level.
    decisive_items: list[str] = field(default_factory=list)


def at_least(level: str, floor: str) -> str:
    """The higher of two levels."""
    return max(level, floor, key=LEVELS.index)


def level_for(score: int, thresholds: Mapping[str, int]) -> str:
    """The level a score reaches: thresholds give the lowest score of each level above
    no concern."""
    if score >= thresholds["clear_concern"]:
        return "clear_concern"
    if score >= thresholds["possible_concern"]:
        return "possible_concern"
    return "no_concern"


def score(definition: Mapping, answers: Mapping[str, str]) -> Result:
    """Total, per-group scores and levels, and the overall level of ``answers``.

    An unanswered item is an error unless the definition marks it optional; so is an
    answer to an unknown item or an option the item does not offer. A decisive option
    raises its group's level and the overall level to at least its own level.
    """
    items = {item["key"]: item for item in definition["items"]}
    errors: dict[str, str] = {}
    for key in answers:
        if key not in items:
            errors[key] = _("This question is not part of this version of the screening.")
    group_scores = {group["key"]: 0 for group in definition["indicator_groups"]}
    group_floors = {group["key"]: "no_concern" for group in definition["indicator_groups"]}
    decisive_counts = definition["overall"].get("decisive_options_raise_level", True)
    overall_floor = "no_concern"
    decisive: list[str] = []
    total = 0
    for key, item in items.items():
        chosen = answers.get(key) or None
        if chosen is None:
            if not item.get("optional", False):
                errors[key] = _("Choose an answer.")
            continue
        option = next((o for o in item["options"] if o["key"] == chosen), None)
        if option is None:
            errors[key] = _("Choose one of the answers offered.")
            continue
        points = int(option["points"])
        total += points
        group_scores[item["group"]] += points
        if decisive_counts and option.get("decisive_level"):
            decisive.append(key)
            group_floors[item["group"]] = at_least(
                group_floors[item["group"]], option["decisive_level"]
            )
            overall_floor = at_least(overall_floor, option["decisive_level"])
    if errors:
        raise AnswerError(errors)
    groups = [
        GroupResult(
            key=group["key"],
            label=group["label"],
            score=group_scores[group["key"]],
            level=at_least(
                level_for(group_scores[group["key"]], group["thresholds"]),
                group_floors[group["key"]],
            ),
        )
        for group in definition["indicator_groups"]
    ]
    overall = definition["overall"]
    level = at_least(level_for(total, overall["thresholds"]), overall_floor)
    return Result(total=total, level=level, groups=groups, decisive_items=decisive)
