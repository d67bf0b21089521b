"""Facts the sharing policy reads once in a request that changes nothing.

A page lists many kinds of item, and each list asks the same questions of the policy:
which consents name the viewer, is the viewer on this youth's team. In a GET or HEAD
request (``carecircle.sharing.middleware``) the answers are kept for the rest of the
request; in one that may change them (a POST), and outside requests, they are read
afresh each time. Part of ``carecircle.sharing.policy``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_KEPT: ContextVar[dict | None] = ContextVar("carecircle_policy_facts", default=None)


@contextmanager
def facts_read_once(*, own: bool = False) -> Iterator[None]:
    """Keep what the policy reads for the rest of this block (a read-only request, a
    report being built); inside another such block, what that one keeps, unless
    ``own`` (a report read from the replica keeps its own). Also a decorator."""
    if _KEPT.get() is not None and not own:
        yield
        return
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


@contextmanager
def facts_read_afresh() -> Iterator[None]:
    """Read what the policy needs afresh in this block, whatever an outer block keeps
    (the policy asked about another time than now)."""
    token = _KEPT.set(None)
    try:
        yield
    finally:
        _KEPT.reset(token)


def read_once(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or what it gave earlier in this block."""
    kept = _KEPT.get()
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]
