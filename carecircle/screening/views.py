from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from carecircle.lib.dates import county_today
from carecircle.screening import access, actions
from carecircle.screening.forms import InstrumentChoiceForm, form_for
from carecircle.screening.models import Level, ScreeningContext
from carecircle.sharing import policy
from carecircle.youth.access import youth_or_404

# Fields of a stale form that are carried over to the form on the newer version.
NOT_CARRIED_OVER = frozenset({"version", "csrfmiddlewaretoken"})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def screening_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """Choose an instrument (GET), see its form (GET ?instrument=key), record it (POST)."""
    youth = youth_or_404(request.user, youth_id)
    if not policy.can_write_items(request.user):
        raise PermissionDenied(_("Your role does not record screenings."))
    agencies = policy.case_agencies(request.user)
    source = request.POST if request.method == "POST" else request.GET
    key = source.get("instrument", "")
    version = access.latest_version_or_none(key) if key else None
    if version is None:
        choice = InstrumentChoiceForm(
            request.GET if key else None,
            instruments=access.offered_instruments(),
            initial={"context": request.GET.get("context")},
        )
        if key:
            choice.is_valid()  # says the instrument is not offered
        return render(request, "screening/choose.html", {"youth": youth, "form": choice})
    form_class = form_for(version)
    context = request.GET.get("context", "")
    initial = {
        "version": version.number,
        "context": context if context in ScreeningContext.values else "",
        "screener": request.user.display_name,
        "screened_on": county_today(youth.county.time_zone),
    }
    stale_from = None
    if request.method == "POST" and request.POST.get("version") != str(version.number):
        # The instrument changed after this form was shown: scoring the answers against
        # the new version's questions would be wrong, so show the new version instead.
        stale_from = request.POST.get("version", "")
        initial.update(
            (name, value) for name, value in request.POST.items() if name not in NOT_CARRIED_OVER
        )
        form = form_class(initial=initial, agencies=agencies, version=version)
    elif request.method == "POST":
        form = form_class(request.POST, agencies=agencies, version=version)
        if form.is_valid():
            try:
                screening = actions.record_screening(
                    actor=request.user,
                    youth=youth,
                    instrument_version=version,
                    **form.action_data(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if screening.level == Level.CLEAR_CONCERN:
                    messages.success(
                        request,
                        _(
                            "Screening recorded: clear concern. A task to refer the youth to "
                            "the MDT is now open for the CSEC coordinator."
                        ),
                    )
                else:
                    messages.success(request, _("Screening recorded."))
                return redirect("screening:detail", youth_id=youth.pk, screening_id=screening.pk)
    else:
        form = form_class(initial=initial, agencies=agencies, version=version)
    return render(
        request,
        "screening/new.html",
        {"youth": youth, "form": form, "version": version, "stale_from": stale_from},
    )


@require_safe
@login_required
def screening_detail(request: HttpRequest, youth_id: UUID, screening_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    opened = access.open_screening(request.user, youth, screening_id)
    screening = opened.screening
    version = screening.instrument_version
    answers = []
    if version.is_scored:
        definition = version.definition
        groups = {g["key"]: g["label"] for g in definition["indicator_groups"]}
        for item in definition["items"]:
            chosen = screening.answers.get(item["key"])
            option = next((o for o in item["options"] if o["key"] == chosen), None)
            answers.append(
                {
                    "group": groups[item["group"]],
                    "text": item["text"],
                    "answer": option["label"] if option else _("Not answered"),
                    "points": option["points"] if option else None,
                }
            )
    return render(
        request,
        "screening/detail.html",
        {
            "youth": youth,
            "screening": screening,
            "version": version,
            "decision": opened.decision,
            "answers": answers,
            "level_labels": dict(Level.choices),
        },
    )
