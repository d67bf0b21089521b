"""The caseload as a file: one set of columns for the caseload page's CSV and the API's
CSV and XLSX. Callers pass youth found through ``access.caseload`` and audit the export
with ``access.record_caseload_export``."""

from collections.abc import Iterable, Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.lib.spreadsheets import download
from carecircle.sharing import policy
from carecircle.youth.models import Youth


def caseload_header() -> list[str]:
    return [_("Last name"), _("First name"), _("Preferred name"), _("Date of birth"),
            _("Agencies serving")]  # fmt: skip


def caseload_rows(viewer: User, youth: Iterable[Youth]) -> Iterator[list[str]]:
    """One row a youth. The agencies named are those the pages name to the viewer: never
    a substance use program or victim advocate the viewer does not work for."""
    for y in youth:
        yield [
            y.last_name,
            y.first_name,
            y.preferred_name,
            y.date_of_birth.isoformat(),
            "; ".join(a.name for a in policy.shown_agencies(viewer, y.agencies.all())),
        ]


def caseload_file(viewer: User, youth: Iterable[Youth], *, file_format: str) -> HttpResponse:
    """``caseload.csv`` or ``caseload.xlsx``, as an attachment."""
    return download(
        caseload_header(), caseload_rows(viewer, youth), file_format=file_format, name="caseload"
    )
