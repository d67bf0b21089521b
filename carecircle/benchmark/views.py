"""The benchmark's own pages."""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from carecircle.accounts.models import County
from carecircle.audit import actions as audit_actions
from carecircle.youth.views import youth_detail


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """The least a signed-in page does: the same server, middleware, session and roles as
    every page, and one query by primary key."""
    name = County.objects.filter(pk=request.user.county_id).values_list("name", flat=True).first()
    return HttpResponse(name or "", content_type="text/plain")


@login_required
def floor_as_a_page(request: HttpRequest) -> HttpResponse:
    """About what every page of youth data does before its own work: the floor's one
    query, one audit entry written, and the site's layout with its header, which shows
    the viewer's task counts. How much the header costs depends on the viewer and on
    whether their counts are kept (``clocks.access.kept_header_counts``)."""
    county = County.objects.filter(pk=request.user.county_id).first()
    audit_actions.record_event(actor=request.user, action="benchmark.viewed", county=county)
    return render(request, "benchmark/floor_as_a_page.html", {"county": county})


# The real function, kept once: a nested or overlapping use restores this one, never a
# stand-in saved by another.
_RECORD_EVENT = audit_actions.record_event
_SWAPPING = threading.RLock()


@contextmanager
def audit_writes_left_out() -> Iterator[None]:
    """Every module's ``record_event`` does nothing while the block runs. Only in the
    benchmark's server (one request at a time in each of gunicorn's sync workers)."""
    if not settings.BENCHMARK or settings.PRODUCTION:
        raise ImproperlyConfigured("Audit entries are left out only in the benchmark.")

    def left_out(**_kwargs) -> None:
        return None

    with _SWAPPING:
        modules = [
            module
            for name, module in list(sys.modules.items())
            if name.startswith("carecircle.")
            and getattr(module, "record_event", None) is _RECORD_EVENT
        ]
        for module in modules:
            module.record_event = left_out
        try:
            yield
        finally:
            for module in modules:
                module.record_event = _RECORD_EVENT


def youth_detail_unaudited(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """The youth profile exactly as served, without writing its audit entry."""
    with audit_writes_left_out():
        return youth_detail(request, youth_id=youth_id)
