"""County report figures kept between visits (ADR 0013).

A county dashboard or program report is counted from every record of the period its
reader may see; at the size of a large county that is most of the page's time, and
grows with the county. The figures a person was shown are kept (``KeptFigures``, drawn
as the page draws them) and served again to that person, for that report, period and
language, while both hold:

- nothing in the county has changed since they were counted: every change to a record,
  a consent, a team or someone's access writes an audit entry in the county's chain in
  the same transaction, and the chain remembers its last change (``last_change``);
  looking does not count as a change. The figures carry the last change they are sure
  to include, as the database they are counted from had it before counting (a replica
  may be behind, never ahead), and are good while the primary's is the same;
- they were counted less than ``KEEP_FOR`` ago: what changes with the clock alone — a
  task falling overdue, a consent or a sharing window running out — is counted again
  within that time.

The page says when its figures were counted and offers to count them again now.
Files (exports) are always counted when they are built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from carecircle.audit.actions import last_change
from carecircle.lib.replica import REPLICA
from carecircle.reports.models import KeptFigures

KEEP_FOR = timedelta(minutes=5)


@dataclass(frozen=True)
class Figures:
    html: SafeString
    counted_at: datetime
    kept: bool  # served as kept, not counted for this visit


def figures(
    viewer, report: str, period_key: str, count: Callable[[], str], *, now: datetime, anew=False
) -> Figures:
    """The report's figures for ``viewer``: kept ones if still good, else ``count()``
    (the figures drawn as HTML), then kept."""
    county = viewer.county
    key = {
        "viewer": viewer,
        "county": county,
        "report": report,
        "period": period_key,
        "language": get_language() or settings.LANGUAGE_CODE,
    }
    on_primary = None
    if not anew:
        on_primary = last_change(county)
        found = (
            KeptFigures.objects.filter(**key, changed_seq=on_primary, counted_at__gt=now - KEEP_FOR)
            .values_list("html", "counted_at")
            .first()
        )
        if found is not None:
            # Kept as the page's own template drew it, every value escaped then.
            html = mark_safe(found[0])  # noqa: S308 - drawn by the report's template
            return Figures(html=html, counted_at=found[1], kept=True)
    changed = _counted_up_to(county, on_primary)
    html = count()
    # Figures too old to be shown again are not kept any longer, whoever's they are.
    KeptFigures.objects.filter(counted_at__lte=now - KEEP_FOR).delete()
    if changed is None:
        # Not known what the count is sure to include: shown, not kept.
        return Figures(html=mark_safe(html), counted_at=now, kept=False)  # noqa: S308
    kept = {"changed_seq": changed, "counted_at": now, "html": html}
    if not KeptFigures.objects.filter(**key).update(**kept):
        try:
            with transaction.atomic():
                KeptFigures.objects.create(**key, **kept)
        except IntegrityError:
            # The same person counted the same figures at the same moment: theirs stand.
            if not KeptFigures.objects.filter(**key).exists():
                raise
    return Figures(html=mark_safe(html), counted_at=now, kept=False)  # noqa: S308 - as above


def _counted_up_to(county, on_primary: int | None) -> int | None:
    """The county's last change that the figures about to be counted are sure to
    include, read before counting: as the replica has it when there is one (reports
    count from it, and it may be behind the primary), else as the primary has it. A
    change made meanwhile, or not yet on the replica, leaves the kept figures older than
    the county's last change, so the next visit counts again. None when the replica
    cannot say: the count may still come from it, so the figures are not kept."""
    if REPLICA in settings.DATABASES:
        try:
            return last_change(county, using=REPLICA)
        except DatabaseError:
            return None
    return last_change(county) if on_primary is None else on_primary
