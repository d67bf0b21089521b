"""Identifications and the exploitation status they establish, and changes of status.
Part of ``carecircle.youth.actions``; import them from there."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.clocks.actions import open_identification_obligations
from carecircle.lib.dates import county_today
from carecircle.sharing.items import shared_fields
from carecircle.youth.models import ExploitationStatus, Identification, Youth


@transaction.atomic
def record_identification(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    identified_on: date,
    source: str,
    identified_by: str,
    category: str,
    certainty: str,
    labor_trafficking: bool = False,
    summary: str = "",
    open_clocks: bool = True,
    imported_from: str = "",
) -> Identification:
    """A concern raised, and the exploitation status it establishes.

    ``open_clocks=False`` is for the import of a county's earlier identifications only:
    an old identification is history (its status and its date count) and opens no
    tasks; ``imported_from`` names the import in the audit entry. See
    carecircle/imports/identifications.py for when the import opens the clocks."""
    if not open_clocks and not imported_from:
        # Not a choice for the pages or the API: a new identification always starts its
        # clocks. Only an import of earlier records, named in the log, may leave them.
        raise ValueError("open_clocks=False needs imported_from: it is for imports only")
    if identified_on > county_today(youth.county.time_zone):
        raise ValidationError(_("The identification cannot be in the future."))
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    identification = Identification(
        **shared,
        identified_on=identified_on,
        source=source,
        identified_by=identified_by.strip(),
        summary=summary.strip(),
    )
    identification.full_clean()
    identification.save()
    status = ExploitationStatus(
        **shared,
        category=category,
        certainty=certainty,
        labor_trafficking=labor_trafficking,
        started_on=identified_on,
        identification=identification,
    )
    status.full_clean()
    status.save()
    record_event(
        actor=actor,
        action="identification.record",
        obj=identification,
        record_class=record_class,
        detail={
            "source": source,
            "identified_on": identified_on.isoformat(),
            "status": f"{category}:{certainty}",
            "labor_trafficking": labor_trafficking,
            "status_id": str(status.pk),
            **(
                {"imported_from": imported_from, "clocks_opened": open_clocks}
                if imported_from
                else {}
            ),
        },
    )
    if open_clocks:
        open_identification_obligations(
            actor=actor, identification=identification, category=category
        )
    return identification


@transaction.atomic
def change_status(
    *,
    actor: User,
    status: ExploitationStatus,
    on: date,
    certainty: str | None = None,
    end_only: bool = False,
) -> ExploitationStatus | None:
    """End a status period on ``on``; unless ``end_only``, start the next period with the
    new certainty (suspected becomes confirmed, say). The old period stays as history."""
    status = ExploitationStatus.objects.select_for_update().get(pk=status.pk)
    if status.ended_on is not None:
        raise ValidationError(_("This status has already ended."))
    if on < status.started_on:
        raise ValidationError(_("A status cannot end before it started."))
    status.ended_on = on
    status.save(update_fields=["ended_on"])
    successor = None
    if not end_only:
        successor = ExploitationStatus.objects.create(
            county=status.county,
            youth=status.youth,
            record_class=status.record_class,
            source_agency=status.source_agency,
            author=actor,
            legal_basis=status.legal_basis,
            category=status.category,
            certainty=certainty or status.certainty,
            labor_trafficking=status.labor_trafficking,
            started_on=on,
            identification=status.identification,
        )
    record_event(
        actor=actor,
        action="exploitation_status.end" if end_only else "exploitation_status.change",
        obj=status,
        record_class=status.record_class,
        detail={
            "ended_on": on.isoformat(),
            "certainty": [status.certainty, successor.certainty if successor else None],
        },
    )
    return successor
