"""The retention schedule: a sealed record is destroyed on the date its order sets,
unless a legal hold keeps it. Every run first reviews what is due (the dry run) and
records that review; only a run told to commit destroys anything.

Destroying a record deletes the youth, every record merged into it and every row and
file that belongs to them. The audit log is kept (SECURITY.md: six years, append-only):
its entries name the destroyed records by their random keys only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carecircle.accounts.models import County
from carecircle.audit.actions import record_event
from carecircle.audit.models import Outcome
from carecircle.lib.dates import county_today
from carecircle.sealing.models import LegalHold, SealingOrder
from carecircle.youth.models import Youth


def _held() -> QuerySet:
    return LegalHold.objects.filter(youth_id=OuterRef("youth_id"), released_at__isnull=True)


def orders_due(today: date | None = None) -> QuerySet[SealingOrder]:
    """Orders in force whose destruction date has come, held or not: by each county's
    own calendar, so nothing goes a day early (or ``today`` for every county)."""
    in_force = SealingOrder.objects.filter(lifted_at__isnull=True)
    if today is None:
        due = Q(pk__in=[])
        for county in County.objects.filter(pk__in=in_force.values("county_id")):
            due |= Q(county=county, destroy_on__lte=county_today(county.time_zone))
    else:
        due = Q(destroy_on__lte=today)
    return (
        in_force.filter(due)
        .annotate(held=Exists(_held()))
        .select_related("county")
        .order_by("destroy_on", "recorded_at")
    )


@dataclass
class Review:
    due: list[SealingOrder] = field(default_factory=list)
    held: list[SealingOrder] = field(default_factory=list)
    destroyed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    rows: int = 0


def review(today: date | None) -> Review:
    """What a run would destroy today and what legal holds keep: recorded, changes nothing."""
    result = Review()
    for order in orders_due(today):
        (result.held if order.held else result.due).append(order)
    record_event(
        actor=None,
        action="retention.review",
        detail={
            "today": today.isoformat() if today else None,
            "due": [str(o.pk) for o in result.due],
            "held": [str(o.pk) for o in result.held],
        },
    )
    return result


def _owned_rows(model, pks: list, seen: set, plan: list) -> None:
    """Every row that refers, directly or not, to these rows: children before parents."""
    key = (model, frozenset(pks))
    if not pks or key in seen:
        return
    seen.add(key)
    # Hidden relations too: shared items point at their youth with related_name="+".
    relations = [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]
    for relation in relations:
        child = relation.related_model
        children = list(
            child._base_manager.filter(**{f"{relation.field.name}__in": pks})
            .exclude(pk__in=pks if child is model else [])
            .values_list("pk", flat=True)
        )
        _owned_rows(child, children, seen, plan)
    plan.append((model, pks))


def _files_of(model, pks: list) -> list[tuple]:
    """The stored files of these rows, as (storage, name), to delete once committed."""
    fields = [f for f in model._meta.fields if isinstance(f, models.FileField)]
    if not fields:
        return []
    rows = model._base_manager.filter(pk__in=pks).only("pk", *[f.name for f in fields])
    return [
        (getattr(row, f.name).storage, getattr(row, f.name).name)
        for row in rows
        for f in fields
        if getattr(row, f.name)
    ]


def destroy_record(*, order: SealingOrder, today: date | None) -> int:
    """Destroy one sealed record in one transaction; the number of rows deleted, or 0 if
    it is no longer due (lifted, held or gone meanwhile)."""
    with transaction.atomic():
        youth = (
            Youth.objects.select_for_update()
            .filter(pk=order.youth_id, sealed_at__isnull=False)
            .first()
        )
        due = orders_due(today).filter(pk=order.pk, held=False).exists()
        if youth is None or not due:
            return 0
        records = [youth.pk]
        frontier = [youth.pk]
        while frontier:
            frontier = list(
                Youth.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
            )
            records.extend(frontier)
        plan: list = []
        _owned_rows(Youth, records, set(), plan)
        files = [stored for model, pks in plan for stored in _files_of(model, pks)]
        rows = 0
        for model, pks in plan:
            if model is Youth:
                # Merged records point at the record they were merged into (PROTECT).
                Youth.objects.filter(pk__in=pks).update(merged_into=None)
            deleted, _counts = model._base_manager.filter(pk__in=pks).delete()
            rows += deleted
        record_event(
            actor=None,
            action="youth.destroyed",
            county=order.county,
            legal_basis=order.statute,
            detail={
                "order": str(order.pk),
                "records": [str(pk) for pk in records],
                "rows": rows,
                "files": len(files),
            },
        )

        def delete_files() -> None:
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return rows


def apply_schedule(*, today: date | None, commit: bool, progress=None) -> Review:
    """Review what is due; with ``commit``, destroy it, one record per transaction."""
    result = review(today)
    if not commit:
        return result
    for number, order in enumerate(result.due, start=1):
        try:
            rows = destroy_record(order=order, today=today)
        except Exception as error:  # one record's failure must not stop the others
            record_event(
                actor=None,
                action="youth.destroy_failed",
                county=order.county,
                outcome=Outcome.FAILURE,
                detail={"order": str(order.pk), "error": type(error).__name__},
            )
            result.failed.append(str(order.pk))
            continue
        if rows:
            result.destroyed.append(str(order.youth_id))
            result.rows += rows
        if progress:
            progress(number, len(result.due))
    return result


def describe(result: Review, *, commit: bool) -> str:
    due, held = len(result.due), len(result.held)
    lines = [
        ngettext(
            "%(due)s sealed record is due for destruction",
            "%(due)s sealed records are due for destruction",
            due,
        )
        % {"due": due}
        + "; "
        + ngettext("%(held)s is kept by a legal hold.", "%(held)s are kept by a legal hold.", held)
        % {"held": held}
    ]
    if commit:
        done = len(result.destroyed)
        lines.append(
            ngettext(
                "%(n)s record destroyed (%(rows)s rows).",
                "%(n)s records destroyed (%(rows)s rows).",
                done,
            )
            % {"n": done, "rows": result.rows}
        )
        if result.failed:
            lines.append(
                _("%(n)s could not be destroyed: see the audit log (youth.destroy_failed).")
                % {"n": len(result.failed)}
            )
    else:
        lines.append(_("Dry run: nothing was destroyed. Run again with --commit to destroy them."))
    return "\n".join(lines)
