"""The sharing policy's consent rule (rule 5 of ``carecircle.sharing.policy``) as a
condition on items.

The county's consents in force that name the viewer are read first, once per
read-only request (``read_once``): usually a handful. The item condition then asks
for a covering class among those consents by their keys, and is left out altogether
when there are none. Asking instead, in every item query, for "a consent in force that
names the viewer" (joins to recipients and signers, again for each class of rule)
made each query several times slower to plan and run. Part of
``carecircle.sharing.policy``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from carecircle.sharing.classes import RecordClass
from carecircle.sharing.models import ConsentClass, ConsentSigner, SignerType
from carecircle.sharing.policy import _consents_in_force
from carecircle.sharing.policy.read_once import read_once

if TYPE_CHECKING:
    from carecircle.accounts.models import User


@dataclass(frozen=True)
class NamingConsent:
    """A consent in force that names the viewer, and how."""

    pk: object
    youth_id: object
    names_viewer: bool  # the viewer or one of the viewer's agencies is a recipient
    as_participant: bool  # the viewer signed as a child and family team participant
    youth_signed: bool


def viewer_consents(viewer: User, agency_ids: set[int], now: datetime) -> list[NamingConsent]:
    """The consents in force in the viewer's county that name the viewer: one query,
    once per read-only request."""
    return read_once(("consents", viewer.pk), lambda: _read_consents(viewer, agency_ids, now))


def _read_consents(viewer: User, agency_ids: set[int], now: datetime) -> list[NamingConsent]:
    in_force = _consents_in_force(now).filter(county_id=viewer.county_id)
    named = in_force.filter(
        Q(recipient_users=viewer) | Q(recipient_agencies__in=agency_ids)
    ).values("pk")
    participant = in_force.filter(
        signers__user=viewer, signers__signer_type=SignerType.CFT_PARTICIPANT
    ).values("pk")
    youth_signer = ConsentSigner.objects.filter(
        consent_id=OuterRef("pk"), signer_type=SignerType.YOUTH
    )
    rows = (
        in_force.filter(Q(pk__in=named) | Q(pk__in=participant))
        .annotate(
            names_viewer=ExpressionWrapper(Q(pk__in=named), output_field=BooleanField()),
            as_participant=ExpressionWrapper(Q(pk__in=participant), output_field=BooleanField()),
            youth_signed=Exists(youth_signer),
        )
        .values_list("pk", "youth_id", "names_viewer", "as_participant", "youth_signed")
        .order_by()
    )
    return [NamingConsent(*row) for row in rows]


def consent_condition(
    viewer: User, agency_ids: set[int], now: datetime, *, youth_id: object = None
) -> Q | None:
    """Items a consent in force opens to the viewer, as a condition on the item; None
    when no consent in force names the viewer (of the youth ``youth_id``, if given).

    A consent opens an item when it covers the item's class, is for the item's youth,
    was given by the agency the item comes from, names the viewer or the viewer's
    agency (a child and family team consent: the viewer as a signing participant), and
    — where the youth controls the item — was signed by the youth."""
    consents = [
        c
        for c in viewer_consents(viewer, agency_ids, now)
        if youth_id is None or c.youth_id == youth_id
    ]
    covering = ConsentClass.objects.filter(
        consent__youth_id=OuterRef("youth_id"),
        record_class=OuterRef("record_class"),
        consent__disclosing_agency_id=OuterRef("source_agency_id"),
    )

    def opened(chosen: list[NamingConsent]):
        named = [c.pk for c in chosen if c.names_viewer]
        participant = [c.pk for c in chosen if c.as_participant]
        parts = []
        if named:
            parts.append(
                Exists(
                    covering.exclude(record_class=RecordClass.CHILD_AND_FAMILY_TEAM).filter(
                        consent_id__in=named
                    )
                )
            )
        if participant:
            parts.append(
                Exists(
                    covering.filter(
                        record_class=RecordClass.CHILD_AND_FAMILY_TEAM,
                        consent_id__in=participant,
                    )
                )
            )
        return reduce(or_, parts) if parts else None

    any_consent = opened(consents)
    if any_consent is None:
        return None
    condition = Q(youth_controlled=False) & any_consent
    signed = opened([c for c in consents if c.youth_signed])
    if signed is not None:
        condition |= Q(youth_controlled=True) & signed
    return condition
