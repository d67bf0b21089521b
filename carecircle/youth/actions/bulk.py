"""Adding many youth at once (a county moving off its spreadsheet): the same records
``create_youth`` writes, in a few statements per batch instead of a dozen per youth.
Part of ``carecircle.youth.actions``; import it from there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, County, User
from carecircle.audit.actions import record_event
from carecircle.youth.matching import normalise_identifier
from carecircle.youth.models import (
    AliasKind,
    GenderIdentity,
    IdentifierKind,
    Youth,
    YouthAlias,
    YouthIdentifier,
    YouthSearchKey,
)
from carecircle.youth.search import keys_for


@dataclass
class NewYouth:
    first_name: str
    last_name: str
    date_of_birth: date
    preferred_name: str = ""
    other_names: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    gender_identity: str = ""
    pronouns: str = ""
    preferred_language: str = ""


def _checked(new: NewYouth) -> None:
    """What ``full_clean`` would refuse, without a query per youth."""
    if not new.first_name.strip() or not new.last_name.strip():
        raise ValidationError(_("Every youth needs a first and a last name."))
    if new.gender_identity and new.gender_identity not in GenderIdentity.values:
        raise ValidationError(_("Unknown gender identity."))
    if any(kind not in IdentifierKind.values for kind, _value in new.identifiers):
        raise ValidationError(_("Unknown kind of case number."))


@transaction.atomic
def create_youth_batch(
    *, actor: User, county: County, agency: Agency, youth: list[NewYouth], source: str
) -> list[Youth]:
    """Create the youth, served by ``agency``, with their other names, case numbers and
    search keys; one audit entry names every youth created (and links each)."""
    if agency.county_id != county.pk:
        raise ValidationError(_("The agency must be in the youth's county."))
    for new in youth:
        _checked(new)
    records = Youth.objects.bulk_create(
        Youth(
            county=county,
            first_name=new.first_name.strip(),
            last_name=new.last_name.strip(),
            preferred_name=new.preferred_name.strip(),
            date_of_birth=new.date_of_birth,
            gender_identity=new.gender_identity,
            pronouns=new.pronouns.strip(),
            preferred_language=new.preferred_language.strip(),
        )
        for new in youth
    )
    Youth.agencies.through.objects.bulk_create(
        Youth.agencies.through(youth_id=record.pk, agency_id=agency.pk) for record in records
    )
    aliases = [
        YouthAlias(youth=record, county=county, name=name.strip(), kind=AliasKind.ALIAS)
        for record, new in zip(records, youth, strict=True)
        for name in new.other_names
    ]
    YouthAlias.objects.bulk_create(aliases)
    YouthIdentifier.objects.bulk_create(
        YouthIdentifier(
            youth=record,
            county=county,
            kind=kind,
            value=value.strip(),
            normalized=normalise_identifier(value),
        )
        for record, new in zip(records, youth, strict=True)
        for kind, value in new.identifiers
    )
    by_youth: dict = {}
    for alias in aliases:
        by_youth.setdefault(alias.youth_id, []).append(alias)
    YouthSearchKey.objects.bulk_create(
        YouthSearchKey(youth=record, county=county, key=key)
        for record in records
        for key in keys_for(record, aliases=by_youth.get(record.pk, []))
    )
    record_event(
        actor=actor,
        action="youth.create_many",
        county=county,
        youth_ids=[r.pk for r in records],
        detail={
            "source": source,
            "agency": agency.name,
            "youth": [str(r.pk) for r in records],
        },
    )
    return records
