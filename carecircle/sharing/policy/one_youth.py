"""The sharing policy for the items of one youth (a profile, a timeline, an agenda).

``visible_items(viewer, queryset, youth=youth)`` reads the youth's facts first — may
the viewer see the youth, is the viewer on the team, is a sharing window open, has the
viewer broken the glass, does a consent in force name the viewer — and then asks for
the items with only the rules that can apply. The same rows as the general query
(``tests/test_policy.py`` holds the two to the same answers); a query that PostgreSQL
plans in a fraction of the time. Part of ``carecircle.sharing.policy``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, Value

from carecircle.sharing.classes import (
    CONSENT_ONLY_CLASSES,
    EDUCATION_CLASSES,
    MDT_CLASSES,
    WINDOW_CLASSES,
)
from carecircle.sharing.models import SignerType
from carecircle.sharing.policy import (
    _break_glass_youth_ids,
    _consent_condition,
    _consents_in_force,
    _in_child_welfare,
    _is_county_wide,
    _open_windows,
    case_agency_ids,
    team_youth_ids,
    visible_youth,
)
from carecircle.youth.models import Youth

if TYPE_CHECKING:
    from carecircle.accounts.models import User


@dataclass(frozen=True)
class YouthFacts:
    """What the item rules ask of one youth for one viewer at one time, read at once."""

    youth_id: object
    now: datetime
    visible: bool
    on_team: bool
    window_open: bool
    break_glass: bool
    consent_names_viewer: bool


# Within a request that changes nothing (GET, HEAD), a youth's facts are read once and
# kept for the request's other lists (a profile asks for eight kinds of item).
_READ_ONCE: ContextVar[dict | None] = ContextVar("carecircle_youth_facts", default=None)


@contextmanager
def facts_read_once() -> Iterator[None]:
    """Keep each youth's facts for the rest of this block (a read-only request)."""
    token = _READ_ONCE.set({})
    try:
        yield
    finally:
        _READ_ONCE.reset(token)


def youth_facts(viewer: User, youth: Youth, *, now: datetime) -> YouthFacts:
    """One query: may the viewer see the youth; is the viewer on the youth's team; is a
    sharing window open; has the viewer broken the glass on the youth; does a consent in
    force for the youth name the viewer or the viewer's agencies (or the viewer as a
    child and family team participant). Read once per read-only request."""
    kept = _READ_ONCE.get()
    key = (viewer.pk, youth.pk)
    if kept is not None and key in kept:
        return kept[key]
    facts = _read_facts(viewer, youth, now=now)
    if kept is not None:
        kept[key] = facts
    return facts


def _read_facts(viewer: User, youth: Youth, *, now: datetime) -> YouthFacts:
    agency_ids = case_agency_ids(viewer)
    this = OuterRef("pk")
    team = (
        Exists(team_youth_ids(viewer, now).filter(youth_id=this))
        if not _is_county_wide(viewer)
        else Value(True)
    )
    consents = (
        _consents_in_force(now)
        .filter(county_id=viewer.county_id, youth_id=this)
        .filter(
            Q(recipient_users=viewer)
            | Q(recipient_agencies__in=agency_ids)
            | Q(signers__user=viewer, signers__signer_type=SignerType.CFT_PARTICIPANT)
        )
    )
    row = (
        visible_youth(viewer, Youth.objects.filter(pk=youth.pk))
        .annotate(
            on_team=team,
            window_open=Exists(_open_windows(now).filter(youth_id=this)),
            break_glass=Exists(_break_glass_youth_ids(viewer, now).filter(youth_id=this)),
            consent_names_viewer=Exists(consents),
        )
        .values("on_team", "window_open", "break_glass", "consent_names_viewer")
        .first()
    )
    if row is None:
        return YouthFacts(youth.pk, now, False, False, False, False, False)
    return YouthFacts(youth_id=youth.pk, now=now, visible=True, **row)


def one_youth_condition(viewer: User, facts: YouthFacts, agency_ids: set[int]) -> Q | None:
    """``visible_items``'s rules for the items of one youth, given the youth's facts:
    only the rules that can apply. None when the viewer may not see the youth at all."""
    if not facts.visible:
        return None
    allowed = Q(source_agency_id__in=agency_ids)
    if facts.on_team:
        allowed |= Q(record_class__in=MDT_CLASSES, youth_controlled=False)
        if facts.window_open:
            allowed |= Q(record_class__in=WINDOW_CLASSES)
        if _in_child_welfare(viewer):
            allowed |= Q(record_class__in=EDUCATION_CLASSES)
    if facts.consent_names_viewer:
        allowed |= _consent_condition(viewer, agency_ids, facts.now)
    if facts.break_glass:
        allowed |= ~Q(record_class__in=CONSENT_ONLY_CLASSES)
    return allowed
