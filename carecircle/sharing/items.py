"""Starting a new shared item: who may write it, and the fields every item carries."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from carecircle.sharing.classes import (
    LEGAL_BASIS,
    YOUTH_CONTROLLABLE_CLASSES,
    RecordClass,
    classes_for_agency,
)


def shared_fields(
    *, actor: Any, youth: Any, agency: Any, record_class: str, youth_controlled: bool = False
) -> dict[str, Any]:
    """The ``SharedItem`` fields of a new item, after checking that the actor works for
    the agency, the agency is in the youth's county and keeps that class of record."""
    if agency.county_id != youth.county_id:
        raise ValidationError(_("The agency must be in the youth's county."))
    if not actor.memberships.filter(agency=agency, active=True).exists():
        raise ValidationError(_("You can only write for an agency you work for."))
    if record_class not in classes_for_agency(agency.agency_type):
        raise ValidationError(_("Your agency does not keep that kind of record."))
    if youth_controlled and record_class not in YOUTH_CONTROLLABLE_CLASSES:
        raise ValidationError(
            _("Only health, mental health and substance use records can be youth-controlled.")
        )
    return {
        "county": youth.county,
        "youth": youth,
        "record_class": record_class,
        "source_agency": agency,
        "author": actor,
        "legal_basis": LEGAL_BASIS[record_class],
        "youth_controlled": youth_controlled,
    }


def class_choices(agencies: list, *, first: str | None = None) -> list[tuple[str, str]]:
    """The record classes the given agencies keep, for a form; ``first`` leads if offered."""
    allowed: list[str] = []
    for agency in agencies:
        for value in classes_for_agency(agency.agency_type):
            if value not in allowed:
                allowed.append(value)
    if first is not None:
        allowed.sort(key=lambda value: value != first)
    return [(value, RecordClass(value).label) for value in allowed]
