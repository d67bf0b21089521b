from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.lib.dates import county_today
from carecircle.lib.pagination import paginate
from carecircle.lib.spreadsheets import csv_text
from carecircle.records import access as record_access
from carecircle.sharing import policy
from carecircle.sharing.classes import PART_2_NOTICE, RecordClass
from carecircle.sharing.models import TeamMembership
from carecircle.youth import access, actions
from carecircle.youth.forms import IdentificationForm, IntakeSearchForm, YouthForm
from carecircle.youth.matching import Probe
from carecircle.youth.models import Certainty, ExploitationStatus, Identification


@require_safe
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    youth, query, sort = _caseload_query(request)
    page = paginate(request, youth)
    access.record_caseload_read(
        viewer=request.user, youth=list(page.object_list), query=query, page=page.number
    )
    return render(
        request,
        "youth/caseload.html",
        {
            "page": page,
            "query": query,
            "sort": sort,
            "sorts": SORTS,
            "today": county_today(request.user.county.time_zone),
        },
    )


SORTS = {
    "name": (_("Name"), ("last_name", "first_name", "id")),
    "dob": (_("Youngest first"), ("-date_of_birth", "last_name", "id")),
    "-dob": (_("Oldest first"), ("date_of_birth", "last_name", "id")),
    "newest": (_("Newest record first"), ("-created_at", "id")),
}


def _caseload_query(request: HttpRequest):
    if not policy.has_caseload(request.user):
        raise PermissionDenied(_("Your role does not include a caseload."))
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    youth = access.caseload(request.user)
    if query:
        youth = youth.search(query)
    return youth.order_by(*SORTS[sort][1]), query, sort


@require_safe
@login_required
def caseload_export(request: HttpRequest) -> HttpResponse:
    """The caseload as the viewer may see it, as CSV; the export is audited."""
    youth, query, _sort = _caseload_query(request)
    rows = list(youth)
    access.record_caseload_export(viewer=request.user, youth=rows, query=query)
    body = csv_text(
        ["Last name", "First name", "Preferred name", "Date of birth", "Agencies serving"],
        (
            [
                y.last_name,
                y.first_name,
                y.preferred_name,
                y.date_of_birth.isoformat(),
                "; ".join(a.name for a in policy.shown_agencies(request.user, y.agencies.all())),
            ]
            for y in rows
        ),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def youth_detail(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    viewer = request.user
    youth = access.youth_or_404(viewer, youth_id)
    notes = list(record_access.notes_for(viewer, youth))
    documents = list(record_access.documents_for(viewer, youth))
    statuses = list(
        policy.visible_items(
            viewer, ExploitationStatus.objects.filter(youth=youth).select_related("source_agency")
        )
    )
    identifications = list(
        policy.visible_items(
            viewer, Identification.objects.filter(youth=youth).select_related("source_agency")
        )
    )
    # One entry for the page: the profile, and which items it listed.
    access.record_profile_read(
        viewer=viewer, youth=youth, items=notes + documents + statuses + identifications
    )
    consents = policy.consents_for_items(viewer, notes + documents)
    team = [
        member
        for member in TeamMembership.objects.filter(youth=youth, ended_at__isnull=True)
        .select_related("user", "agency")
        .order_by("agency__name")
        if policy.shown_agencies(viewer, [member.agency])
    ]
    return render(
        request,
        "youth/detail.html",
        {
            "youth": youth,
            "notes": notes,
            "documents": documents,
            "current_statuses": [st for st in statuses if st.ended_on is None],
            "status_history": [st for st in statuses if st.ended_on is not None],
            "identifications": identifications,
            "my_agency_ids": policy.case_agency_ids(viewer),
            "consents": consents,
            "team": team,
            "has_part_2": any(
                i.record_class == RecordClass.SUBSTANCE_USE for i in notes + documents
            ),
            "part_2_notice": PART_2_NOTICE,
            "can_edit": policy.can_edit_youth(viewer, youth),
            "can_write": policy.can_write_items(viewer),
            "can_break_glass": policy.can_break_glass(viewer),
            "can_read_access_report": policy.can_read_access_reports(viewer),
            "today": county_today(youth.county.time_zone),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def youth_edit(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.get_youth_for_editing(request.user, youth_id)
    current = list(youth.agencies.all())
    shown = policy.shown_agencies(request.user, current)
    # Protected agencies the editor may not be told about stay as they are, unseen.
    kept = [a for a in current if a not in shown]
    initial = {
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "preferred_name": youth.preferred_name,
        "date_of_birth": youth.date_of_birth,
        "agencies": shown,
        "version": youth.version,
    }
    form = YouthForm(
        request.POST or None,
        initial=initial,
        county=youth.county,
        choices=policy.shown_agencies(request.user, youth.county.agencies.filter(active=True)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_youth(
                actor=request.user,
                youth=youth,
                expected_version=data["version"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                preferred_name=data["preferred_name"],
                date_of_birth=data["date_of_birth"],
                agencies=[*data["agencies"], *kept],
            )
        except actions.StaleEdit:
            form.add_error(
                None,
                _(
                    "Someone else changed this record while you were editing. Nothing of "
                    "yours was saved. Open the record again to see their change, then "
                    "make yours."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("youth:detail", youth_id=youth.pk)
    return render(request, "youth/edit.html", {"youth": youth, "form": form})


def _probe(data: dict) -> Probe:
    return Probe(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data.get("date_of_birth"),
        other_name=data.get("other_name", ""),
        identifier=data.get("identifier", ""),
    )


@require_safe
@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """Search before create: the youth the county may already know."""
    if not policy.has_caseload(request.user):
        raise PermissionDenied(_("Your role does not include intake."))
    form = IntakeSearchForm(request.GET if "search" in request.GET else None)
    context: dict = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        result = access.search_before_create(request.user, _probe(form.cleaned_data))
        context.update(
            searched=True,
            matches=result.visible,
            hidden_matches=result.hidden,
            elsewhere=result.elsewhere,
            can_create=policy.can_create_youth(request.user),
        )
    return render(request, "youth/intake.html", context)


@require_POST
@login_required
def youth_create(request: HttpRequest) -> HttpResponse:
    """Add a youth after searching: the record starts with the creator's agency."""
    if not policy.can_create_youth(request.user):
        raise PermissionDenied(_("Your role does not add youth records."))
    form = IntakeSearchForm(request.POST)
    if not form.is_valid() or not form.cleaned_data.get("date_of_birth"):
        messages.error(
            request, _("Search with the youth's names and date of birth before adding them.")
        )
        return redirect("youth:intake")
    data = form.cleaned_data
    try:
        youth = actions.create_youth(
            actor=request.user,
            county=request.user.county,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            agencies=policy.case_agencies(request.user)[:1],
            other_names=[(data["other_name"], "alias")] if data["other_name"] else [],
            identifiers=[(data["identifier_kind"] or "other", data["identifier"])]
            if data["identifier"]
            else [],
            source="intake",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("youth:intake")
    messages.success(request, _("Youth added. Add the team and what was identified next."))
    return redirect("youth:detail", youth_id=youth.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def identification_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.youth_or_404(request.user, youth_id)
    if not policy.can_write_items(request.user):
        raise PermissionDenied(_("Your role does not record identifications."))
    form = IdentificationForm(request.POST or None, agencies=policy.case_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_identification(actor=request.user, youth=youth, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Identification and status recorded."))
            return redirect("youth:detail", youth_id=youth.pk)
    return render(request, "youth/identification_new.html", {"youth": youth, "form": form})


@require_POST
@login_required
def status_change(request: HttpRequest, youth_id: UUID, status_id: UUID) -> HttpResponse:
    """Confirm a suspected status, or end a status, from the profile."""
    youth = access.youth_or_404(request.user, youth_id)
    status = access.status_for_change(request.user, youth, status_id)
    step = request.POST.get("step")
    try:
        actions.change_status(
            actor=request.user,
            status=status,
            on=county_today(youth.county.time_zone),
            certainty=Certainty.CONFIRMED if step == "confirm" else None,
            end_only=step == "end",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status updated; the earlier entry stays in the history."))
    return redirect("youth:detail", youth_id=youth.pk)
