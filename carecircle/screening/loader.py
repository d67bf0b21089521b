"""Loading instrument definitions from YAML files into versioned rows.

Each file in ``instruments/`` is one instrument; its name without ``.yaml`` is the
instrument's key. Loading is idempotent: the same content (after parsing, so comments
and layout do not count) changes nothing; changed content becomes the next version;
earlier versions are never changed, because screenings point at them.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Max

from carecircle.audit.actions import record_event
from carecircle.screening.models import Instrument, InstrumentKind, InstrumentVersion
from carecircle.screening.scoring import LEVELS

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
ADMINISTRATION_MODES = ("information_integration", "interview", "self_report")
THRESHOLD_LEVELS = ("possible_concern", "clear_concern")

COMMON_KEYS = {"name": True, "kind": True, "version_label": True, "description": True}
SCORED_KEYS = {
    **COMMON_KEYS,
    "administration_mode": True,
    "minimum_age": True,
    "indicator_groups": True,
    "items": True,
    "overall": True,
}
RESULT_ONLY_KEYS = {**COMMON_KEYS, "indicator_rows": True}
GROUP_KEYS = {"key": True, "label": True, "thresholds": True}
ITEM_KEYS = {
    "key": True,
    "text": True,
    "help": False,
    "group": True,
    "optional": False,
    "options": True,
}
OPTION_KEYS = {"key": True, "label": True, "points": True, "decisive_level": False}
OVERALL_KEYS = {"thresholds": True, "decisive_options_raise_level": False}


class InstrumentDefinitionError(ValueError):
    """A definition file that cannot be loaded; the message names the file and why."""


@dataclass(frozen=True)
class Loaded:
    key: str
    number: int
    outcome: str  # "new instrument", "new version" or "unchanged"
    file: str

    def __str__(self) -> str:
        return f"{self.key}: {self.outcome} (version {self.number}, from {self.file})"


def canonical(definition: dict[str, Any]) -> str:
    return json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(definition: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(definition).encode()).hexdigest()


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fields(self, where: str, value: Any, spec: dict[str, bool]) -> bool:
        if not isinstance(value, dict):
            self.problems.append(f"{where} must be a mapping of keys to values")
            return False
        for name in value:
            if name not in spec:
                self.problems.append(f"{where} has an unknown key {name!r}")
        for name, required in spec.items():
            if required and name not in value:
                self.problems.append(f"{where} is missing {name!r}")
        return True

    def text(self, where: str, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where} must be text")

    def key(self, where: str, value: Any) -> None:
        if not isinstance(value, str) or not KEY.match(value):
            self.problems.append(
                f"{where} must be a key of lower-case letters, digits, - and _ (got {value!r})"
            )

    def integer(self, where: str, value: Any, minimum: int = 0) -> bool:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problems.append(f"{where} must be a whole number of at least {minimum}")
            return False
        return True

    def thresholds(self, where: str, value: Any) -> None:
        spec = dict.fromkeys(THRESHOLD_LEVELS, True)
        if not self.fields(where, value, spec):
            return
        numbers = [value.get(level) for level in THRESHOLD_LEVELS]
        if not all(
            self.integer(f"{where}.{lvl}", n, 1)
            for lvl, n in zip(THRESHOLD_LEVELS, numbers, strict=True)
        ):
            return
        if not numbers[0] < numbers[1]:
            self.problems.append(
                f"{where} must be ascending: possible_concern ({numbers[0]}) must be lower "
                f"than clear_concern ({numbers[1]})"
            )

    def unique(self, where: str, keys: list) -> None:
        seen: set = set()
        for key in keys:
            if key in seen:
                self.problems.append(f"{where} has the key {key!r} more than once")
            seen.add(key)


def _name(entry: Any, number: int) -> str:
    """How a problem names a list entry: by its key when it has one."""
    if isinstance(entry, dict) and isinstance(entry.get("key"), str):
        return entry["key"]
    return str(number)


def validate(definition: Any) -> list[str]:
    """Every problem with a definition, in plain words; empty when it can be loaded."""
    check = _Checker()
    if not isinstance(definition, dict):
        return ["the file must hold one mapping (name, kind, ...)"]
    kind = definition.get("kind")
    if kind not in InstrumentKind.values:
        return [f"kind must be one of {', '.join(InstrumentKind.values)} (got {kind!r})"]
    spec = SCORED_KEYS if kind == InstrumentKind.SCORED else RESULT_ONLY_KEYS
    check.fields("the definition", definition, spec)
    for name in ("name", "version_label", "description"):
        if name in definition:
            check.text(name, definition[name])
    if kind == InstrumentKind.RESULT_ONLY:
        if "indicator_rows" in definition:
            check.integer("indicator_rows", definition["indicator_rows"])
        return check.problems
    if definition.get("administration_mode") not in ADMINISTRATION_MODES:
        check.problems.append(
            f"administration_mode must be one of {', '.join(ADMINISTRATION_MODES)}"
        )
    if "minimum_age" in definition:
        check.integer("minimum_age", definition["minimum_age"])
    groups = definition.get("indicator_groups")
    group_keys: list = []
    if not isinstance(groups, list) or not groups:
        check.problems.append("indicator_groups must be a list of at least one group")
        groups = []
    for number, group in enumerate(groups, 1):
        where = f"indicator group {_name(group, number)}"
        if not check.fields(where, group, GROUP_KEYS):
            continue
        check.key(f"{where} key", group.get("key"))
        check.text(f"{where} label", group.get("label"))
        check.thresholds(f"{where} thresholds", group.get("thresholds"))
        group_keys.append(group.get("key"))
    check.unique("indicator_groups", group_keys)
    items = definition.get("items")
    item_keys: list = []
    used_groups: set = set()
    if not isinstance(items, list) or not items:
        check.problems.append("items must be a list of at least one item")
        items = []
    for number, item in enumerate(items, 1):
        where = f"item {_name(item, number)}"
        if not check.fields(where, item, ITEM_KEYS):
            continue
        check.key(f"{where} key", item.get("key"))
        item_keys.append(item.get("key"))
        check.text(f"{where} text", item.get("text"))
        if "help" in item:
            check.text(f"{where} help", item["help"])
        if "optional" in item and not isinstance(item["optional"], bool):
            check.problems.append(f"{where} optional must be true or false")
        if item.get("group") not in group_keys:
            check.problems.append(f"{where} names an unknown indicator group {item.get('group')!r}")
        used_groups.add(item.get("group"))
        options = item.get("options")
        if "options" not in item:
            continue
        if not isinstance(options, list) or len(options) < 2:
            check.problems.append(f"{where} must have options: a list of at least two")
            continue
        option_keys = []
        for index, option in enumerate(options, 1):
            place = f"{where} option {_name(option, index)}"
            if not check.fields(place, option, OPTION_KEYS):
                continue
            check.key(f"{place} key", option.get("key"))
            check.text(f"{place} label", option.get("label"))
            if "points" in option:
                check.integer(f"{place} points", option["points"])
            if "decisive_level" in option and option["decisive_level"] not in LEVELS[1:]:
                check.problems.append(
                    f"{place} decisive_level must be possible_concern or clear_concern"
                )
            option_keys.append(option.get("key"))
        check.unique(f"{where} options", option_keys)
    check.unique("items", item_keys)
    for key in group_keys:
        if key not in used_groups:
            check.problems.append(f"indicator group {key!r} has no items")
    overall = definition.get("overall")
    if "overall" in definition and check.fields("overall", overall, OVERALL_KEYS):
        check.thresholds("overall thresholds", overall.get("thresholds"))
        raise_level = overall.get("decisive_options_raise_level", True)
        if not isinstance(raise_level, bool):
            check.problems.append("overall decisive_options_raise_level must be true or false")
    return check.problems


def read_definition(path: Path) -> dict[str, Any]:
    """The definition in ``path``, checked; InstrumentDefinitionError names what is wrong."""
    try:
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InstrumentDefinitionError(f"{path.name}: not valid YAML: {error}") from None
    if not KEY.match(path.stem):
        raise InstrumentDefinitionError(
            f"{path.name}: the file name is the instrument's key and must be lower-case "
            "letters, digits, - and _"
        )
    problems = validate(definition)
    if problems:
        raise InstrumentDefinitionError(f"{path.name}: " + "; ".join(problems))
    return definition


@transaction.atomic
def load_instruments(directory: Path | None = None, **_ignored: Any) -> list[Loaded]:
    """Load every ``*.yaml`` in ``directory``. Every file is checked before anything is
    written, so one bad file loads nothing."""
    directory = Path(directory or INSTRUMENTS_DIR)
    paths = sorted(directory.glob("*.yaml"))
    definitions = [(path, read_definition(path)) for path in paths]
    results = []
    for path, definition in definitions:
        results.append(_load_one(path, definition))
    return results


def _load_one(path: Path, definition: dict[str, Any]) -> Loaded:
    key = path.stem
    fingerprint = digest(definition)
    instrument, created = Instrument.objects.select_for_update().get_or_create(
        key=key, defaults={"name": definition["name"], "kind": definition["kind"]}
    )
    if not created and instrument.kind != definition["kind"]:
        raise InstrumentDefinitionError(
            f"{path.name}: kind cannot change from {instrument.kind} to {definition['kind']}; "
            "a different kind of instrument needs a new file"
        )
    existing = instrument.versions.filter(digest=fingerprint).first()
    if existing is not None:
        return Loaded(key, existing.number, "unchanged", path.name)
    number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        number=number,
        digest=fingerprint,
        definition=definition,
        source_file=path.name,
    )
    if instrument.name != definition["name"]:
        instrument.name = definition["name"]
        instrument.save(update_fields=["name"])
    outcome = "new instrument" if created else "new version"
    record_event(
        actor=None,
        action="instrument.load",
        obj=version,
        username="load_instruments",
        detail={"instrument": key, "version": number, "digest": fingerprint, "file": path.name},
    )
    return Loaded(key, number, outcome, path.name)
