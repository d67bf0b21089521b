from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carecircle.audit import access
from carecircle.audit.actions import record_event
from carecircle.lib.pagination import paginate


@require_safe
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    events = access.county_log(request.user)
    page = paginate(request, events, per_page=50)
    with transaction.atomic():
        # Reading the log is itself recorded, after the page was chosen so the
        # entry does not appear on the page it describes.
        shown = list(page.object_list)
        record_event(
            actor=request.user,
            action="audit.read",
            detail={"page": page.number, "first": shown[0].pk if shown else None},
        )
    return render(request, "audit/log.html", {"page": page, "events": shown})
