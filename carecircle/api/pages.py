"""The page where people make and revoke their own API tokens."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from carecircle.api import actions
from carecircle.api.models import ApiToken, Scope, TokenKind

LIFETIMES = [
    ("30", gettext_lazy("30 days")),
    ("90", gettext_lazy("90 days")),
    ("365", gettext_lazy("A year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What it is for"),
        max_length=100,
        help_text=gettext_lazy("For example: the county's case management import."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("It may"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    lifetime = forms.ChoiceField(label=gettext_lazy("It expires after"), choices=LIFETIMES)


def _may_use_api(user) -> None:
    if user.county_id is None:
        raise PermissionDenied(_("API tokens are for people and systems of a county."))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    _may_use_api(request.user)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = actions.issue_token(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=timezone.now() + timedelta(days=int(form.cleaned_data["lifetime"])),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    mine = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "api/tokens.html",
        {"form": form, "issued": issued, "tokens": mine, "now": timezone.now()},
    )


@require_POST
@login_required
def revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    _may_use_api(request.user)
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404(_("No token found at this address."))
    actions.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens")


class SystemTokenForm(TokenForm):
    user = forms.ChoiceField(
        label=gettext_lazy("The system's account"),
        help_text=gettext_lazy(
            "An account of the county made for the agency system; the token acts as it, "
            "with its roles."
        ),
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["user"].choices = [(p.pk, f"{p.display_name} ({p.username})") for p in people]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def county_tokens(request: HttpRequest) -> HttpResponse:
    """The county administrator's page: system tokens, and every token of the county."""
    from carecircle.accounts import access as account_access
    from carecircle.accounts.models import User

    county = account_access.county_for_admin(request.user)
    people = list(
        User.objects.filter(county=county, is_active=True).order_by("last_name", "username")
    )
    form = SystemTokenForm(request.POST or None, people=people)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = actions.issue_token(
                actor=request.user,
                user=form.people[form.cleaned_data["user"]],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=timezone.now() + timedelta(days=int(form.cleaned_data["lifetime"])),
                kind=TokenKind.SYSTEM,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = SystemTokenForm(people=people)
    tokens_of_county = ApiToken.objects.filter(county=county).select_related("user")
    return render(
        request,
        "api/county_tokens.html",
        {"form": form, "issued": issued, "tokens": tokens_of_county, "now": timezone.now()},
    )


@require_POST
@login_required
def county_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    from carecircle.accounts import access as account_access

    county = account_access.county_for_admin(request.user)
    token = ApiToken.objects.filter(pk=token_id, county=county).first()
    if token is None:
        raise Http404(_("No token found at this address."))
    actions.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("county_api_tokens")
