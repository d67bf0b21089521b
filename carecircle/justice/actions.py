"""Every change to a youth's justice involvement goes through these functions."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.justice.models import (
    DIVERSION_NEXT,
    Detention,
    Diversion,
    DiversionStatus,
    Hearing,
    JusticeContact,
    Petition,
)
from carecircle.lib.dates import county_today
from carecircle.sharing.items import shared_fields
from carecircle.youth.models import Youth

KINDS: dict[str, type] = {
    "contact": JusticeContact,
    "petition": Petition,
    "detention": Detention,
    "diversion": Diversion,
    "hearing": Hearing,
}
# The date each kind happened on, which cannot be in the future.
DATE_FIELDS = {
    "contact": "contacted_on",
    "petition": "filed_on",
    "detention": "started_on",
    "diversion": "offered_on",
    "hearing": "held_on",
}


@transaction.atomic
def record_justice_item(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    what: str,
    **values: Any,
):
    """A contact with law enforcement, a petition, a detention, a diversion offer or a
    court hearing, under its record class."""
    model = KINDS.get(what)
    if model is None:
        raise ValidationError(_("Choose what to record."))
    happened: date = values[DATE_FIELDS[what]]
    if happened > county_today(youth.county.time_zone):
        raise ValidationError(_("The date cannot be in the future."))
    if what == "detention" and values.get("ended_on") and values["ended_on"] < happened:
        raise ValidationError(_("A release cannot come before the detention."))
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    item = model(**shared, **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()})
    item.full_clean()
    item.save()
    record_event(
        actor=actor,
        action=f"justice.{what}",
        obj=item,
        record_class=record_class,
        detail={
            "date": happened.isoformat(),
            **({"status": values["status"]} if "status" in values else {}),
        },
    )
    return item


@transaction.atomic
def move_diversion(
    *, actor: User, diversion: Diversion, status: str, on: date, outcome: str = ""
) -> Diversion:
    diversion = Diversion.objects.select_for_update().get(pk=diversion.pk)
    if status not in DIVERSION_NEXT.get(diversion.status, ()):
        raise ValidationError(_("That step does not follow the diversion's current status."))
    if on > county_today(diversion.county.time_zone) or on < diversion.offered_on:
        raise ValidationError(_("The date must be between the offer and today."))
    if status in (DiversionStatus.COMPLETED, DiversionStatus.NOT_COMPLETED) and not outcome.strip():
        raise ValidationError(_("Say how the diversion ended."))
    before = diversion.status
    diversion.status = status
    diversion.decided_on = on
    if outcome.strip():
        diversion.outcome = outcome.strip()
    diversion.save(update_fields=["status", "decided_on", "outcome"])
    record_event(
        actor=actor,
        action="justice.diversion_move",
        obj=diversion,
        record_class=diversion.record_class,
        detail={"changes": {"status": [before, status]}, "on": on.isoformat()},
    )
    return diversion
