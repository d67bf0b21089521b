"""Every change to sealing orders and legal holds goes through these functions, each
audited in its own transaction. Destroying a record on schedule is in ``retention``."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.audit.actions import record_event
from carecircle.lib.dates import county_today
from carecircle.reports.models import Export, KeptFigures
from carecircle.sealing.models import LegalHold, SealingOrder
from carecircle.youth.models import Youth


def _withdraw_report_files(youth: Youth) -> int:
    """Report files already built for the county may count the record: they go, as an
    expired file does (the person who asked builds it again, without the record). So do
    the report figures kept for the county's readers (reports/kept.py)."""
    KeptFigures.objects.filter(county_id=youth.county_id).delete()
    exports = Export.objects.filter(county_id=youth.county_id).exclude(file="")
    names = [(e.file.storage, e.file.name) for e in exports]
    withdrawn = exports.update(file="")

    def delete_files() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return withdrawn


@transaction.atomic
def seal_youth(
    *,
    actor: User,
    youth: Youth,
    statute: str,
    ordered_on: date,
    destroy_on: date,
    court_case_number: str = "",
) -> SealingOrder:
    """Record a court's sealing order: from now on the record leaves every list, search,
    count and export but those of the roles that carry out sealing orders."""
    current = Youth.objects.select_for_update().get(pk=youth.pk)
    if current.sealed_at is not None:
        raise ValidationError(_("This record is already sealed."))
    if current.merged_into_id is not None:
        raise ValidationError(_("This record was merged into another: seal that one."))
    today = county_today(current.county.time_zone)
    if ordered_on > today:
        raise ValidationError(_("The date of the order cannot be in the future."))
    if destroy_on <= ordered_on:
        raise ValidationError(_("The record is destroyed after the date of the order."))
    now = timezone.now()
    order = SealingOrder.objects.create(
        county_id=current.county_id,
        youth=current,
        statute=statute,
        ordered_on=ordered_on,
        destroy_on=destroy_on,
        court_case_number=court_case_number,
        recorded_by=actor,
    )
    Youth.objects.filter(pk=current.pk).update(sealed_at=now)
    withdrawn = _withdraw_report_files(current)
    record_event(
        actor=actor,
        action="youth.seal",
        obj=current,
        legal_basis=statute,
        detail={
            "order": str(order.pk),
            "statute": statute,
            "ordered_on": ordered_on.isoformat(),
            "destroy_on": destroy_on.isoformat(),
            "report_files_withdrawn": withdrawn,
        },
    )
    return order


@transaction.atomic
def lift_seal(*, actor: User, order: SealingOrder, reason: str) -> SealingOrder:
    """The court set its order aside: the record returns where it was."""
    # The youth first, then the order: the retention run locks in that order too.
    Youth.objects.select_for_update().filter(pk=order.youth_id).first()
    order = SealingOrder.objects.select_for_update().get(pk=order.pk)
    if order.lifted_at is not None:
        raise ValidationError(_("This order was lifted already."))
    if not reason.strip():
        raise ValidationError(_("Say why the seal is lifted (the court's order)."))
    order.lifted_at = timezone.now()
    order.lifted_by = actor
    order.lift_reason = reason.strip()
    order.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    Youth.objects.filter(pk=order.youth_id).update(sealed_at=None)
    record_event(
        actor=actor,
        action="youth.unseal",
        obj=order.youth,
        detail={"order": str(order.pk)},
    )
    return order


@transaction.atomic
def place_legal_hold(*, actor: User, youth: Youth, reason: str) -> LegalHold:
    """Keep the record past its destruction date (litigation, an investigation)."""
    if not reason.strip():
        raise ValidationError(_("Say why the record must be kept."))
    Youth.objects.select_for_update().filter(pk=youth.pk).first()
    if LegalHold.objects.filter(youth=youth, released_at__isnull=True).exists():
        raise ValidationError(_("A legal hold is already in place on this record."))
    hold = LegalHold.objects.create(
        county_id=youth.county_id, youth=youth, reason=reason.strip(), placed_by=actor
    )
    record_event(actor=actor, action="youth.legal_hold", obj=youth, detail={"hold": str(hold.pk)})
    return hold


@transaction.atomic
def release_legal_hold(*, actor: User, hold: LegalHold) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise ValidationError(_("This legal hold was released already."))
    hold.released_at = timezone.now()
    hold.released_by = actor
    hold.save(update_fields=["released_at", "released_by"])
    record_event(
        actor=actor,
        action="youth.legal_hold_released",
        obj=hold.youth,
        detail={"hold": str(hold.pk)},
    )
    return hold
