from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.accounts import access, actions
from carecircle.accounts.forms import (
    CompositionPolicyForm,
    CountySignInForm,
    NewPasswordForm,
    NewPersonForm,
    RoleForm,
    UseNoticeForm,
)
from carecircle.accounts.middleware import NOTICE_ACCEPTED
from carecircle.accounts.models import (
    Agency,
    Alert,
    County,
    CountySignIn,
    Membership,
    SignInProtocol,
    User,
)
from carecircle.accounts.reauth import recent_sign_in_required
from carecircle.accounts.roles import Role
from carecircle.sharing import policy


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to where their work starts."""
    user = request.user
    if policy.has_caseload(user):
        return redirect("youth:caseload")
    if policy.has_role(user, Role.COUNTY_ADMIN):
        return redirect("county_settings")
    if policy.has_role(user, Role.AUDITOR):
        return redirect("audit:log")
    if policy.is_state_analyst(user):
        return redirect("state_overview")
    return render(request, "accounts/no_role.html")


@require_http_methods(["GET", "HEAD", "POST"])
def use_notice(request: HttpRequest) -> HttpResponse:
    """The system use notice, accepted before the sign-in form appears."""
    form = UseNoticeForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        request.session[NOTICE_ACCEPTED] = True
        target = form.cleaned_data["next"]
        login_url = reverse("account_login")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            login_url += "?" + urlencode({"next": target})
        return redirect(login_url)
    return render(request, "account/use_notice.html", {"form": form})


@require_safe
@login_required
def county_settings(request: HttpRequest) -> HttpResponse:
    county = access.county_for_admin(request.user)
    agencies = (
        Agency.objects.filter(county=county)
        .annotate(people=Count("memberships", distinct=True))
        .order_by("name")
    )
    memberships = Membership.objects.filter(agency__county=county).select_related("user", "agency")
    return render(
        request,
        "accounts/county_settings.html",
        {
            "county": county,
            "agencies": agencies,
            "memberships": memberships.order_by("user__last_name", "user__first_name"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def composition_policy(request: HttpRequest) -> HttpResponse:
    county = access.county_for_admin(request.user)
    current = county.composition_policy
    form = CompositionPolicyForm(
        request.POST or None,
        initial={
            "preset": current.preset if current else None,
            "required_agency_types": current.required_agency_types if current else [],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            adopted = actions.set_composition_policy(
                actor=request.user,
                county=county,
                preset=form.cleaned_data["preset"],
                required_agency_types=form.cleaned_data["required_agency_types"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the composition policy is now in force.")
                % {"version": adopted.version},
            )
            return redirect("composition_policy")
    versions = county.policy_versions.select_related("created_by").order_by("-version")
    return render(
        request,
        "accounts/composition_policy.html",
        {"county": county, "form": form, "versions": versions},
    )


@require_safe
@login_required
def state_overview(request: HttpRequest) -> HttpResponse:
    """What the state program may see here: which counties take part. No youth data."""
    if not policy.is_state_analyst(request.user):
        raise PermissionDenied(_("This page is for the state program."))
    counties = County.objects.select_related("composition_policy").order_by("name")
    return render(
        request,
        "accounts/state_overview.html",
        {"counties": counties},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own alerts; posting marks them all read."""
    if request.method == "POST":
        actions.mark_alerts_read(actor=request.user)
        return redirect("alerts")
    items = Alert.objects.filter(user=request.user).order_by("-created_at")[:100]
    return render(request, "accounts/alerts.html", {"alerts": items})


@require_safe
@login_required
def county_people(request: HttpRequest) -> HttpResponse:
    """The county's accounts: disable, enable, unlock, sign out everywhere."""
    county, people = access.people_of_county(request.user)
    return render(request, "accounts/people.html", {"county": county, "people": people})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@recent_sign_in_required
def new_person(request: HttpRequest) -> HttpResponse:
    """The county administrator adds a person with their first role."""
    county = access.county_for_admin(request.user)
    form = NewPersonForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.add_person(actor=request.user, county=county, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s can sign in as %(username)s. At their first sign-in they set up "
                    "a second step."
                )
                % {"name": person.display_name, "username": person.username},
            )
            return redirect("county_people")
    return render(request, "accounts/person_new.html", {"county": county, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@recent_sign_in_required
def person_roles(request: HttpRequest, user_id: int) -> HttpResponse:
    """One person's roles: give a role in an agency of the county, or end one."""
    person = access.person_for_admin(request.user, user_id)
    form = RoleForm(request.POST or None, county=person.county)
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.grant_role(actor=request.user, user=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s, %(agency)s.")
                % {
                    "name": person.display_name,
                    "role": membership.get_role_display(),
                    "agency": membership.agency.name,
                },
            )
            return redirect("county_person_roles", user_id=person.pk)
    memberships = person.memberships.select_related("agency").order_by("-active", "agency__name")
    return render(
        request,
        "accounts/person_roles.html",
        {"person": person, "memberships": memberships, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@recent_sign_in_required
def person_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """A new password for a person who forgot theirs."""
    person = access.person_for_admin(request.user, user_id)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_new_password(
                actor=request.user, user=person, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s has a new password and is signed out everywhere. Their second "
                    "step is unchanged."
                )
                % {"name": person.display_name},
            )
            return redirect("county_people")
    return render(request, "accounts/person_password.html", {"person": person, "form": form})


@require_POST
@login_required
@recent_sign_in_required
def end_person_role(request: HttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    person = access.person_for_admin(request.user, user_id)
    membership = get_object_or_404(Membership, pk=membership_id, user=person)
    try:
        actions.end_role(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is no longer %(role)s, %(agency)s. It takes effect at once.")
            % {
                "name": person.display_name,
                "role": membership.get_role_display(),
                "agency": membership.agency.name,
            },
        )
    return redirect("county_person_roles", user_id=person.pk)


def _act_on_person(request: HttpRequest, user_id: int, act: Callable[[User], str]) -> HttpResponse:
    person = access.person_for_admin(request.user, user_id)
    try:
        message = act(person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("county_people")


@require_POST
@login_required
@recent_sign_in_required
def disable_person(request: HttpRequest, user_id: int) -> HttpResponse:
    def act(person: User) -> str:
        actions.disable_user(actor=request.user, user=person)
        return _(
            "%(name)s is disabled: signed out everywhere, and their API tokens no longer work."
        ) % {"name": person.display_name}

    return _act_on_person(request, user_id, act)


@require_POST
@login_required
@recent_sign_in_required
def enable_person(request: HttpRequest, user_id: int) -> HttpResponse:
    def act(person: User) -> str:
        actions.enable_user(actor=request.user, user=person)
        return _("%(name)s can sign in again.") % {"name": person.display_name}

    return _act_on_person(request, user_id, act)


@require_POST
@login_required
@recent_sign_in_required
def unlock_person(request: HttpRequest, user_id: int) -> HttpResponse:
    def act(person: User) -> str:
        actions.unlock_user(actor=request.user, user=person)
        return _("%(name)s is unlocked and can try to sign in again now.") % {
            "name": person.display_name
        }

    return _act_on_person(request, user_id, act)


@require_POST
@login_required
@recent_sign_in_required
def end_person_sessions(request: HttpRequest, user_id: int) -> HttpResponse:
    def act(person: User) -> str:
        ended = actions.end_user_sessions(actor=request.user, user=person)
        return ngettext(
            "%(name)s is signed out everywhere (%(count)d session ended).",
            "%(name)s is signed out everywhere (%(count)d sessions ended).",
            ended,
        ) % {"name": person.display_name, "count": ended}

    return _act_on_person(request, user_id, act)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@recent_sign_in_required
def county_sign_in(request: HttpRequest) -> HttpResponse:
    """The county's own identity provider: single sign-on for its existing accounts."""
    county = access.county_for_admin(request.user)
    current = CountySignIn.objects.filter(county=county).first()
    initial = (
        {f: getattr(current, f) for f in actions.SIGN_IN_FIELDS}
        if current
        else {
            "enabled": True,
            "protocol": SignInProtocol.OIDC,
            "label": _("%(county)s account") % {"county": county.name},
        }
    )
    form = CountySignInForm(
        request.POST or None,
        initial=initial,
        has_secret=bool(current and current.client_secret),
        has_certificate=bool(current and current.certificate),
    )
    if request.method == "POST" and form.is_valid():
        actions.save_county_sign_in(actor=request.user, county=county, **form.cleaned_data)
        messages.success(request, _("Single sign-on saved."))
        return redirect("county_sign_in")
    provider_id = f"county-{county.slug}"
    addresses = {
        "callback": reverse("openid_connect_callback", kwargs={"provider_id": provider_id}),
        "metadata": reverse("saml_metadata", kwargs={"organization_slug": provider_id}),
        "acs": reverse("saml_acs", kwargs={"organization_slug": provider_id}),
    }
    return render(
        request,
        "accounts/county_sign_in.html",
        {
            "county": county,
            "form": form,
            "current": current,
            "fingerprint": actions.certificate_fingerprint(current.certificate if current else ""),
            **{name: request.build_absolute_uri(path) for name, path in addresses.items()},
        },
    )
