"""One youth's history in one list: identifications, status changes, screenings,
placements, notes and documents, each read through the policy."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carecircle.accounts.models import User
from carecircle.sharing import policy
from carecircle.youth.models import ExploitationStatus, Identification, Placement, Youth

KINDS = {
    "identification": gettext_lazy("Identification"),
    "status": gettext_lazy("Status change"),
    "screening": gettext_lazy("Screening"),
    "placement": gettext_lazy("Placement"),
    "missing": gettext_lazy("Missing from care"),
    "note": gettext_lazy("Note"),
    "document": gettext_lazy("Document"),
}


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str
    title: str
    agency: Any
    item: Any
    url: str = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def _local(moment, youth: Youth) -> date:
    """The day a moment fell on in the youth's county, not in UTC."""
    return moment.astimezone(ZoneInfo(youth.county.time_zone)).date()


def _identifications(youth: Youth, items) -> Iterator[Entry]:
    for item in items(Identification):
        title = f"{item.get_source_display()}: {item.identified_by}"
        yield Entry(item.identified_on, "identification", title, item.source_agency, item)


def _statuses(youth: Youth, items) -> Iterator[Entry]:
    for item in items(ExploitationStatus):
        label = f"{item.get_category_display()} ({item.get_certainty_display().lower()})"
        yield Entry(item.started_on, "status", _("From: %s") % label, item.source_agency, item)
        if item.ended_on:
            yield Entry(item.ended_on, "status", _("Ended: %s") % label, item.source_agency, item)


def _placements(youth: Youth, items) -> Iterator[Entry]:
    for item in items(Placement):
        title = item.get_setting_display() + (f": {item.name}" if item.name else "")
        yield Entry(item.started_on, "placement", title, item.source_agency, item)


def _screenings(youth: Youth, items) -> Iterator[Entry]:
    from carecircle.screening.models import Screening

    for item in items(Screening, "instrument_version__instrument"):
        name = item.tool_name or item.instrument_version.instrument.name
        url = reverse("screening:detail", kwargs={"youth_id": youth.pk, "screening_id": item.pk})
        title = f"{name}: {item.get_level_display()}"
        yield Entry(item.screened_on, "screening", title, item.source_agency, item, url)


def _missing(youth: Youth, items) -> Iterator[Entry]:
    from carecircle.clocks.models import MissingEpisode

    for item in items(MissingEpisode):
        url = reverse("missing:episode", kwargs={"youth_id": youth.pk, "episode_id": item.pk})
        yield Entry(
            _local(item.last_seen_at, youth),
            "missing",
            _("Missing from care"),
            item.source_agency,
            item,
            url,
        )
        if item.returned_at:
            title = _("Returned: %s") % item.get_how_found_display()
            yield Entry(
                _local(item.returned_at, youth), "missing", title, item.source_agency, item, url
            )


def _notes(youth: Youth, items) -> Iterator[Entry]:
    from carecircle.records.models import Note

    for item in items(Note):
        url = reverse("records:note", kwargs={"youth_id": youth.pk, "item_id": item.pk})
        yield Entry(
            _local(item.created_at, youth), "note", item.subject, item.source_agency, item, url
        )


def _documents(youth: Youth, items) -> Iterator[Entry]:
    from carecircle.records.models import Document

    for item in items(Document):
        url = reverse("records:document", kwargs={"youth_id": youth.pk, "item_id": item.pk})
        yield Entry(
            _local(item.created_at, youth), "document", item.title, item.source_agency, item, url
        )


SOURCES: dict[str, Callable[..., Iterator[Entry]]] = {
    "identification": _identifications,
    "status": _statuses,
    "screening": _screenings,
    "placement": _placements,
    "missing": _missing,
    "note": _notes,
    "document": _documents,
}


def timeline(
    viewer: User, youth: Youth, *, kinds: set[str] | None = None, agency_id: int | None = None
) -> list[Entry]:
    """The entries the viewer may see, newest first; one query per kind shown."""

    def items(model, *related: str):
        qs = model.objects.filter(youth=youth).select_related("source_agency", *related)
        if agency_id is not None:
            qs = qs.filter(source_agency_id=agency_id)
        return policy.visible_items(viewer, qs, youth=youth)

    entries: list[Entry] = []
    for kind, source in SOURCES.items():
        if kinds and kind not in kinds:
            continue
        entries.extend(source(youth, items))
    entries.sort(key=lambda e: (e.on, e.item.created_at), reverse=True)
    return entries
