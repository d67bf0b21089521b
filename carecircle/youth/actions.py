"""Every change to a youth record goes through these functions."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, County, User
from carecircle.audit.actions import changed_fields, record_event
from carecircle.sharing.items import shared_fields
from carecircle.youth.matching import normalise_identifier
from carecircle.youth.models import (
    ExploitationStatus,
    Identification,
    Youth,
    YouthAlias,
    YouthIdentifier,
)
from carecircle.youth.search import rebuild_keys

IDENTITY_FIELDS = ("first_name", "last_name", "preferred_name", "date_of_birth")


class StaleEdit(Exception):
    """Someone else saved the record after this edit began."""


def _snapshot(youth: Youth, agencies: list[Agency]) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(youth, name) for name in IDENTITY_FIELDS}
    values["date_of_birth"] = youth.date_of_birth.isoformat()
    values["agencies"] = sorted(a.pk for a in agencies)
    return values


def _check_agencies(county: County, agencies: list[Agency]) -> None:
    if any(a.county_id != county.pk for a in agencies):
        raise ValidationError(_("Every agency serving a youth must belong to the youth's county."))


@transaction.atomic
def create_youth(
    *,
    actor: User | None,
    county: County,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    preferred_name: str = "",
    agencies: list[Agency] = (),  # type: ignore[assignment]
    other_names: list[tuple[str, str]] = (),  # type: ignore[assignment]
    identifiers: list[tuple[str, str]] = (),  # type: ignore[assignment]
    source: str = "",
) -> Youth:
    agencies = list(agencies)
    other_names = [(n, k) for n, k in other_names if n.strip()]
    identifiers = [(k, v) for k, v in identifiers if normalise_identifier(v)]
    _check_agencies(county, agencies)
    youth = Youth(
        county=county,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        preferred_name=preferred_name.strip(),
        date_of_birth=date_of_birth,
    )
    youth.full_clean(exclude=["agencies"])
    youth.save()
    youth.agencies.set(agencies)
    for name, kind in other_names:
        YouthAlias.objects.create(youth=youth, county=county, name=name.strip(), kind=kind)
    for kind, value in identifiers:
        YouthIdentifier.objects.create(
            youth=youth,
            county=county,
            kind=kind,
            value=value.strip(),
            normalized=normalise_identifier(value),
        )
    rebuild_keys(youth)
    detail: dict[str, Any] = {
        "new": _snapshot(youth, agencies),
        "other_names": [name for name, _kind in other_names],
        "identifiers": [f"{kind}:{value}" for kind, value in identifiers],
    }
    if source:
        detail["source"] = source
    record_event(actor=actor, action="youth.create", obj=youth, county=county, detail=detail)
    return youth


@transaction.atomic
def update_youth(
    *,
    actor: User,
    youth: Youth,
    expected_version: int,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    preferred_name: str = "",
    agencies: list[Agency],
) -> Youth:
    """Change a youth's identifying details and serving agencies.

    Raises ``StaleEdit`` when the record changed since ``expected_version`` was read:
    of two people saving at once, exactly one wins and the other is told.
    """
    agencies = list(agencies)
    _check_agencies(youth.county, agencies)
    current = Youth.objects.select_for_update().get(pk=youth.pk)
    before = _snapshot(current, list(current.agencies.all()))
    current.first_name = first_name.strip()
    current.last_name = last_name.strip()
    current.preferred_name = preferred_name.strip()
    current.date_of_birth = date_of_birth
    current.full_clean(exclude=["agencies"])
    after = _snapshot(current, agencies)
    changes = changed_fields(before, after)
    if not changes:
        return current
    # The version check and the increment are one UPDATE, so it holds on SQLite too.
    updated = Youth.objects.filter(pk=youth.pk, version=expected_version).update(
        first_name=current.first_name,
        last_name=current.last_name,
        preferred_name=current.preferred_name,
        date_of_birth=current.date_of_birth,
        version=expected_version + 1,
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise StaleEdit
    current.agencies.set(agencies)
    rebuild_keys(current)
    record_event(actor=actor, action="youth.update", obj=current, detail={"changes": changes})
    current.refresh_from_db()
    return current


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
) -> Identification:
    """A concern raised, and the exploitation status it establishes."""
    if identified_on > timezone.localdate():
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
        },
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
