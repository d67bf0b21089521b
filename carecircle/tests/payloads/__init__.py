"""Known script-injection and spreadsheet-formula payloads (``xss.txt``,
``formulas.txt``), read the same way by every injection test.

Each payload carries its number (``§`` in the files), so a test that sees one run, or
sees it missing from a page, can say which."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
SINK = "__xss"
# What a spreadsheet program may run when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_EXPANSION = re.compile(r"⟨(base64|repeat:(\d+)):(.*?)⟩")
_CODE_POINT = re.compile(r"⟨U\+([0-9A-Fa-f]{4,6})⟩")


@dataclass(frozen=True)
class Payload:
    number: int
    text: str
    kind: str  # "script" or "formula"
    line: str  # as written in the file, before its placeholders are expanded

    def __str__(self) -> str:
        return self.text


def _expand(line: str, number: int) -> str:
    text = line.replace("§", str(number))

    def expansion(match: re.Match) -> str:
        inner = _CODE_POINT.sub(lambda m: chr(int(m.group(1), 16)), match.group(3))
        if match.group(1) == "base64":
            return base64.b64encode(inner.encode()).decode()
        return inner * int(match.group(2))

    text = _EXPANSION.sub(expansion, text)
    return _CODE_POINT.sub(lambda m: chr(int(m.group(1), 16)), text)


def _lines(name: str) -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and line != "#" and not line.startswith("# ")]


@cache
def all_payloads() -> tuple[Payload, ...]:
    """Script payloads numbered from 1, then the formula payloads after them."""
    payloads = []
    for kind, name in (("script", "xss.txt"), ("formula", "formulas.txt")):
        for line in _lines(name):
            number = len(payloads) + 1
            payloads.append(Payload(number, _expand(line, number), kind, line))
    return tuple(payloads)


def script_payloads() -> list[Payload]:
    return [p for p in all_payloads() if p.kind == "script"]


def formula_payloads() -> list[Payload]:
    return [p for p in all_payloads() if p.kind == "formula"]
