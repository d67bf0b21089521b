"""The sharing policy for the items of one youth (a profile, a timeline, an agenda).

``visible_items(viewer, queryset, youth=youth)`` reads the youth's facts first — may
the viewer see the youth, is the viewer on the team, is a sharing window open, has the
viewer broken the glass — and the consents that name the viewer (``consents.py``),
then asks for the items with only the rules that can apply. The same rows as the general query
(``sharing/tests/test_policy.py`` holds the two to the same answers); a query that PostgreSQL
plans in a fraction of the time. Part of ``carecircle.sharing.policy``.
"""

from __future__ import annotations

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
from carecircle.sharing.policy import (
    _break_glass_youth_ids,
    _in_child_welfare,
    _is_county_wide,
    _open_windows,
    case_agency_ids,
    team_youth_ids,
    visible_youth,
)
from carecircle.sharing.policy.consents import consent_condition
from carecircle.sharing.policy.read_once import read_once
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


def youth_facts(viewer: User, youth: Youth, *, now: datetime) -> YouthFacts:
    """One query: may the viewer see the youth; is the viewer on the youth's team; is a
    sharing window open; has the viewer broken the glass on the youth. Read once per
    read-only request. (The consents that name the viewer are read once for all youth:
    ``viewer_consents``.)"""
    return read_once(("youth", viewer.pk, youth.pk), lambda: _read_facts(viewer, youth, now=now))


def _read_facts(viewer: User, youth: Youth, *, now: datetime) -> YouthFacts:
    this = OuterRef("pk")
    team = (
        Exists(team_youth_ids(viewer, now).filter(youth_id=this))
        if not _is_county_wide(viewer)
        else Value(True)
    )
    row = (
        visible_youth(viewer, Youth.objects.filter(pk=youth.pk))
        .annotate(
            on_team=team,
            window_open=Exists(_open_windows(now).filter(youth_id=this)),
            break_glass=Exists(_break_glass_youth_ids(viewer, now).filter(youth_id=this)),
        )
        .values("on_team", "window_open", "break_glass")
        .first()
    )
    if row is None:
        return YouthFacts(youth.pk, now, False, False, False, False)
    return YouthFacts(youth_id=youth.pk, now=now, visible=True, **row)


def one_youth_items(viewer: User, youth: Youth, *, now: datetime) -> Q | None:
    """``visible_items``'s rules for the items of one youth, its facts read first:
    only the rules that can apply. None when the viewer may see none of them (no case
    role, or not the youth)."""
    agency_ids = case_agency_ids(viewer)
    if not agency_ids:
        return None
    facts = youth_facts(viewer, youth, now=now)
    if not facts.visible:
        return None
    allowed = Q(source_agency_id__in=agency_ids)
    if facts.on_team:
        allowed |= Q(record_class__in=MDT_CLASSES, youth_controlled=False)
        if facts.window_open:
            allowed |= Q(record_class__in=WINDOW_CLASSES)
        if _in_child_welfare(viewer):
            allowed |= Q(record_class__in=EDUCATION_CLASSES)
    by_consent = consent_condition(viewer, agency_ids, facts.now, youth_id=facts.youth_id)
    if by_consent is not None:
        allowed |= by_consent
    if facts.break_glass:
        allowed |= ~Q(record_class__in=CONSENT_ONLY_CLASSES)
    return allowed
