"""Search before create, adding a youth, and merging two records of one youth."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.sharing import policy
from carecircle.youth import access, actions
from carecircle.youth.forms import (
    IntakeSearchForm,
    MergeConfirmForm,
    MergeForm,
)
from carecircle.youth.matching import Probe


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
    context: dict = {
        "form": form,
        "searched": False,
        "can_import": policy.can_create_youth(request.user),
    }
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
def merge(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    """Two records of one youth become one: choose the other record, compare, confirm."""
    keep = access.youth_for_merge(request.user, youth_id)
    candidates = access.merge_candidates(request.user, keep)
    chosen = MergeForm(request.GET if "duplicate" in request.GET else None, candidates=candidates)
    confirm = None
    duplicate = None
    if request.method == "POST":
        confirm = MergeConfirmForm(request.POST)
        if confirm.is_valid():
            duplicate = next(
                (y for y in candidates if y.pk == confirm.cleaned_data["duplicate"]), None
            )
            if duplicate is None:
                raise Http404(_("That record is not one this youth can be merged with."))
            try:
                actions.merge_youth(
                    actor=request.user,
                    keep=keep,
                    duplicate=duplicate,
                    keep_version=confirm.cleaned_data["keep_version"],
                    duplicate_version=confirm.cleaned_data["duplicate_version"],
                )
            except actions.StaleEdit:
                messages.error(
                    request,
                    _(
                        "One of the records changed while you were comparing them. Compare "
                        "them again below, then confirm."
                    ),
                )
                keep.refresh_from_db()
                duplicate.refresh_from_db()
                confirm = MergeConfirmForm(
                    initial={
                        "duplicate": duplicate.pk,
                        "keep_version": keep.version,
                        "duplicate_version": duplicate.version,
                    }
                )
            except ValidationError as error:
                confirm.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Records merged. Everything from the other record is now on this one."),
                )
                return redirect("youth:detail", youth_id=keep.pk)
        else:
            duplicate = next(
                (y for y in candidates if str(y.pk) == request.POST.get("duplicate")), None
            )
    elif chosen.is_bound and chosen.is_valid():
        duplicate = chosen.cleaned_data["duplicate"]
        confirm = MergeConfirmForm(
            initial={
                "duplicate": duplicate.pk,
                "keep_version": keep.version,
                "duplicate_version": duplicate.version,
            }
        )
    shown = [keep, duplicate] if duplicate else [keep]
    access.record_merge_read(viewer=request.user, youth=shown)
    return render(
        request,
        "youth/merge.html",
        {
            "youth": keep,
            "candidates": candidates,
            "chosen": chosen,
            "duplicate": duplicate,
            "confirm": confirm,
            "comparison": access.merge_comparison(request.user, keep, duplicate)
            if duplicate
            else None,
        },
    )
