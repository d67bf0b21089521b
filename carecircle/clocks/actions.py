"""Every change to an obligation goes through these functions."""

from django.db import transaction

from carecircle.accounts.models import User
from carecircle.audit.actions import record_event
from carecircle.clocks.models import Obligation
from carecircle.youth.models import Youth


@transaction.atomic
def open_obligation(
    *,
    actor: User,
    youth: Youth,
    kind: str,
    trigger_kind: str,
    trigger_id: str,
    responsible_role: str,
) -> Obligation:
    """Open a task for the youth's county, owed by ``responsible_role``."""
    obligation = Obligation(
        county=youth.county,
        youth=youth,
        kind=kind,
        trigger_kind=trigger_kind,
        trigger_id=str(trigger_id),
        responsible_role=responsible_role,
    )
    obligation.full_clean()
    obligation.save()
    record_event(
        actor=actor,
        action="obligation.open",
        obj=obligation,
        detail={
            "kind": kind,
            "trigger": f"{trigger_kind}:{trigger_id}",
            "responsible_role": responsible_role,
        },
    )
    return obligation
