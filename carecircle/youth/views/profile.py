"""The youth profile and its parts: details, names and numbers, contacts,
placements, identifications and status, the timeline."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.clocks import access as clock_access
from carecircle.lib.dates import county_today
from carecircle.lib.pagination import paginate
from carecircle.records import access as record_access
from carecircle.screening import access as screening_access
from carecircle.sharing import policy
from carecircle.sharing.classes import PART_2_NOTICE, RecordClass
from carecircle.sharing.models import TeamMembership
from carecircle.youth import access, actions, timeline
from carecircle.youth.forms import (
    ContactForm,
    IdentificationForm,
    IdentifierForm,
    OtherNameForm,
    PlacementForm,
    TimelineFilterForm,
    YouthForm,
)
from carecircle.youth.models import Certainty, ExploitationStatus, Identification, Race, Youth

NOTES_SHOWN = 20


@require_safe
@login_required
def youth_detail(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    viewer = request.user
    try:
        youth = access.youth_or_404(viewer, youth_id)
    except Http404:
        merged_into = access.merged_target(viewer, youth_id)
        if merged_into is None:
            raise
        messages.info(request, _("That record was merged into this one."))
        return redirect("youth:detail", youth_id=merged_into.pk)
    # The most recent notes; a case file holds hundreds, all of them in the timeline.
    notes = list(record_access.notes_for(viewer, youth)[: NOTES_SHOWN + 1])
    more_notes = len(notes) > NOTES_SHOWN
    notes = notes[:NOTES_SHOWN]
    documents = list(record_access.documents_for(viewer, youth))
    statuses = list(
        policy.visible_items(
            viewer,
            ExploitationStatus.objects.filter(youth=youth).select_related("source_agency"),
            youth=youth,
        )
    )
    identifications = list(
        policy.visible_items(
            viewer,
            Identification.objects.filter(youth=youth).select_related("source_agency"),
            youth=youth,
        )
    )
    placements = list(access.placements_for(viewer, youth))
    screenings = list(screening_access.screenings_for(viewer, youth))
    episodes = list(clock_access.episodes_for(viewer, youth))
    obligations = clock_access.open_obligations(viewer, youth)
    # One entry for the page: the profile, and which items it listed.
    access.record_profile_read(
        viewer=viewer,
        youth=youth,
        items=[
            *notes,
            *documents,
            *statuses,
            *identifications,
            *placements,
            *screenings,
            *episodes,
            *obligations,
        ],
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
            "more_notes": more_notes,
            "notes_shown": NOTES_SHOWN,
            "documents": documents,
            "current_statuses": [st for st in statuses if st.ended_on is None],
            "status_history": [st for st in statuses if st.ended_on is not None],
            "identifications": identifications,
            "screenings": screenings,
            "open_obligations": obligations,
            "episodes": episodes,
            "can_record_missing": policy.can_record_missing(viewer),
            "now": timezone.now(),
            "soon": timezone.now() + clock_access.DUE_SOON,
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
            "can_merge": policy.can_merge_youth(viewer),
            "can_seal": policy.can_record_sealing_order(viewer),
            "can_record_placement": policy.can_record_placement(viewer),
            "can_see_addresses": policy.can_open_protected_locations(viewer),
            "placement": next((p for p in placements if p.ended_on is None), None),
            "past_placements": [p for p in placements if p.ended_on is not None],
            "contacts": policy.shown_contacts(
                viewer, [c for c in youth.contacts.all() if c.ended_at is None]
            ),
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
    initial = {name: getattr(youth, name) for name in actions.PROFILE_FIELDS}
    initial.update(agencies=shown, version=youth.version)
    form_options = {
        "initial": initial,
        "county": youth.county,
        "choices": policy.shown_agencies(request.user, youth.county.agencies.filter(active=True)),
    }
    form = YouthForm(request.POST or None, **form_options)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_youth(
                actor=request.user,
                youth=youth,
                expected_version=data["version"],
                agencies=[*data["agencies"], *kept],
                **{name: data[name] for name in actions.PROFILE_FIELDS},
            )
        except actions.StaleEdit as stale:
            # Keep everything typed; move the form onto the version now saved, and say
            # where the saved record differs from it, so saving again is a choice.
            conflicts = _differences(stale.current, data)
            retry = request.POST.copy()
            retry["version"] = str(stale.current.version)
            form = YouthForm(retry, **form_options)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else changed this record while you were editing, so nothing "
                    "of yours was saved yet. What you typed is still below. Compare it with "
                    "the saved record, then save again to keep your version."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("youth:detail", youth_id=youth.pk)
    return render(
        request, "youth/edit.html", {"youth": youth, "form": form, "conflicts": conflicts}
    )


def _differences(saved: Youth, typed: dict) -> list[tuple[str, str]]:
    """(field label, what the saved record says) where it differs from what was typed."""
    differences = []
    for name in actions.PROFILE_FIELDS:
        field = Youth._meta.get_field(name)
        now, mine = getattr(saved, name), typed.get(name)
        if name == "races":
            if sorted(now or []) == sorted(mine or []):
                continue
            shown = ", ".join(str(Race(code).label) for code in now) or _("(empty)")
        else:
            if now == mine:
                continue
            shown = str(getattr(saved, f"get_{name}_display")() if field.choices else now)
        differences.append((str(field.verbose_name).capitalize(), shown or _("(empty)")))
    return differences


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


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def other_names(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """Other names, street names and case numbers: what search before create finds."""
    youth = access.youth_for_profile_change(request.user, youth_id)
    name_form = OtherNameForm(request.POST if request.POST.get("add") == "name" else None)
    number_form = IdentifierForm(request.POST if request.POST.get("add") == "number" else None)
    if request.method == "POST":
        try:
            if name_form.is_bound and name_form.is_valid():
                actions.add_other_name(actor=request.user, youth=youth, **name_form.cleaned_data)
            elif number_form.is_bound and number_form.is_valid():
                actions.add_identifier(actor=request.user, youth=youth, **number_form.cleaned_data)
            elif "remove_name" in request.POST:
                alias = get_object_or_404(youth.aliases, pk=request.POST["remove_name"])
                actions.remove_other_name(actor=request.user, alias=alias)
            elif "remove_number" in request.POST:
                number = get_object_or_404(youth.identifiers, pk=request.POST["remove_number"])
                actions.remove_identifier(actor=request.user, identifier=number)
            else:
                raise ValidationError(_("Check the entry below and try again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect("youth:other_names", youth_id=youth.pk)
    access.record_profile_part_read(viewer=request.user, youth=youth, part="other_names")
    return render(
        request,
        "youth/other_names.html",
        {
            "youth": youth,
            "aliases": youth.aliases.all(),
            "identifiers": youth.identifiers.all(),
            "name_form": name_form,
            "number_form": number_form,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def contacts(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """Caregivers, the youth's attorney, the CASA, the tribe: who to reach."""
    youth = access.youth_or_404(request.user, youth_id)
    can_change = policy.can_edit_youth(request.user, youth)
    form = ContactForm(request.POST if request.POST.get("add") else None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("You can see this youth's contacts but not change them."))
        if "end" in request.POST:
            contact = get_object_or_404(youth.contacts, pk=request.POST["end"])
            actions.end_contact(actor=request.user, contact=contact)
            messages.success(request, _("Contact ended; it stays in the list of past contacts."))
            return redirect("youth:contacts", youth_id=youth.pk)
        if form.is_valid():
            try:
                actions.add_contact(actor=request.user, youth=youth, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Contact added."))
                return redirect("youth:contacts", youth_id=youth.pk)
    access.record_profile_part_read(viewer=request.user, youth=youth, part="contacts")
    everyone = policy.shown_contacts(request.user, youth.contacts.all())
    return render(
        request,
        "youth/contacts.html",
        {
            "youth": youth,
            "current": [c for c in everyone if c.ended_at is None],
            "past": [c for c in everyone if c.ended_at is not None],
            "form": form,
            "can_change": can_change,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def placement_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = access.youth_or_404(request.user, youth_id)
    if not policy.can_record_placement(request.user):
        raise PermissionDenied(
            _("Placements are recorded by social workers, probation officers and coordinators.")
        )
    form = PlacementForm(request.POST or None, agencies=policy.case_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_placement(actor=request.user, youth=youth, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Placement recorded; the previous one ended that day."))
            return redirect("youth:detail", youth_id=youth.pk)
    return render(request, "youth/placement_new.html", {"youth": youth, "form": form})


@require_safe
@login_required
def placement_address(request: HttpRequest, youth_id: UUID, placement_id: UUID) -> HttpResponse:
    youth = access.youth_or_404(request.user, youth_id)
    placement = access.placement_address(request.user, youth, placement_id)
    response = render(
        request, "youth/placement_address.html", {"youth": youth, "placement": placement}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def youth_timeline(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """Everything that happened, in order, as far as the viewer may see it."""
    viewer = request.user
    youth = access.youth_or_404(viewer, youth_id)
    shown = policy.shown_agencies(viewer, list(youth.county.agencies.order_by("name")))
    filters = TimelineFilterForm(request.GET, agencies=shown)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    entries = timeline.timeline(
        viewer, youth, kinds=set(chosen.get("kinds") or []), agency_id=chosen.get("agency")
    )
    page = paginate(request, entries)
    access.record_profile_read(
        viewer=viewer, youth=youth, items=list({e.item for e in page.object_list})
    )
    return render(
        request,
        "youth/timeline.html",
        {
            "youth": youth,
            "page": page,
            "filters": filters,
            "list_query": request.GET.copy(),
        },
    )
