"""Fetching screenings and instruments for a request: authorise, fetch and audit."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.screening.models import Instrument, InstrumentVersion, Screening
from carecircle.sharing import policy
from carecircle.sharing.access import read_shared_item
from carecircle.youth.models import Youth


@dataclass(frozen=True)
class Opened:
    screening: Screening
    decision: policy.Decision


def screenings_for(viewer: User, youth: Youth) -> QuerySet[Screening]:
    """The youth's screenings the viewer may see, for a list (the caller audits it)."""
    qs = Screening.objects.filter(youth=youth).select_related(
        "source_agency", "instrument_version__instrument"
    )
    return policy.visible_items(viewer, qs, youth=youth)


def open_screening(viewer: User, youth: Youth, screening_id: UUID) -> Opened:
    """The screening if the viewer may see it (else 404), its read audited with its basis."""
    screening, decision = read_shared_item(
        viewer,
        Screening.objects.filter(youth=youth).select_related(
            "source_agency", "author", "instrument_version__instrument"
        ),
        screening_id,
        action="screening.view",
        not_found=_("There is no screening at this address that you can see."),
    )
    return Opened(screening=screening, decision=decision)


def offered_instruments() -> list[Instrument]:
    """The instruments offered for new screenings: active ones that have a version."""
    return list(Instrument.objects.filter(active=True, versions__isnull=False).distinct())


def latest_version_or_none(instrument_key: str) -> InstrumentVersion | None:
    """The newest version of an active instrument; instruments are not youth data, so
    this is not audited."""
    return (
        InstrumentVersion.objects.filter(instrument__key=instrument_key, instrument__active=True)
        .select_related("instrument")
        .order_by("-number")
        .first()
    )
