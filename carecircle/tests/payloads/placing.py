"""Spreading the payloads over fields (``Placer``) and what the payload world holds
(``PayloadWorld``), for ``world.build_payload_world``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from carecircle.tests.payloads import Payload, all_payloads


class Placer:
    """Hands out payloads for fields: the ones not placed yet first, then again from
    the start, always only those that fit the field's length."""

    def __init__(self) -> None:
        payloads = list(all_payloads())
        self.waiting = payloads
        # Formulas that lead exported cells: those hidden behind a control character
        # first, as they are the ones a spreadsheet writer is most likely to miss.
        self.leads = sorted(
            (p for p in payloads if p.kind == "formula"), key=lambda p: p.text[:1] >= " "
        )
        self.turn = 0
        self.placed: dict[str, list[Payload]] = defaultdict(list)
        self.hidden: set[str] = set()

    def _fits(self, payload: Payload, used: int, room: int | None, sep: str, first: bool) -> bool:
        return room is None or used + len(payload.text) + (0 if first else len(sep)) <= room

    def _again(self, used: int, room: int | None, sep: str, first: bool) -> Payload | None:
        payloads = all_payloads()
        for _ in range(len(payloads)):
            payload = payloads[self.turn % len(payloads)]
            self.turn += 1
            if self._fits(payload, used, room, sep, first):
                return payload
        return None

    def text(
        self,
        slot: str,
        *,
        room: int | None = None,
        count: int = 3,
        lead_formula: bool = False,
        sep: str = " ",
        shown: bool = True,
    ) -> str:
        """``count`` payloads joined by ``sep``, at most ``room`` characters long. A
        field no page shows (``shown=False``) gets payloads already placed elsewhere."""
        chosen: list[Payload] = []
        used = 0
        if lead_formula:
            fitting = [p for p in self.leads if self._fits(p, 0, room, sep, True)]
            lead = next((p for p in fitting if p in self.waiting), fitting[0] if fitting else None)
            if lead is not None:
                self.leads.remove(lead)
                self.leads.append(lead)
                chosen.append(lead)
                used = len(lead.text)
        while len(chosen) < count:
            first = not chosen
            waiting = self.waiting if shown else []
            payload = next(
                (p for p in waiting if p not in chosen and self._fits(p, used, room, sep, first)),
                None,
            ) or self._again(used, room, sep, first)
            if payload is None or payload in chosen:
                break
            chosen.append(payload)
            used += len(payload.text) + (0 if first else len(sep))
        assert chosen, f"no payload fits {slot} ({room} characters)"
        for payload in chosen:
            if payload in self.waiting:
                self.waiting.remove(payload)
        self.placed[slot].extend(chosen)
        if not shown:
            self.hidden.add(slot)
        return sep.join(p.text for p in chosen)


@dataclass
class PayloadWorld:
    youth: Any
    others: list
    placed: dict[str, list[Payload]]
    hidden: set[str]
    objects: dict[str, Any] = field(default_factory=dict)
