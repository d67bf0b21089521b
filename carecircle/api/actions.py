"""Issuing and revoking API tokens. The secret is returned once and never stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.api.models import ApiToken, Scope, TokenKind
from carecircle.audit.actions import record_event

LONGEST = timedelta(days=365)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    text: str  # shown once


def issue_token(
    *,
    actor: User,
    user: User,
    name: str,
    scopes: list[str],
    expires_at: datetime,
    kind: str = TokenKind.PERSONAL,
) -> IssuedToken:
    """A personal token is issued by its owner for themselves; a system token by the
    county administrator for a system account of their county."""
    if user.county_id is None or not user.is_active:
        raise ValidationError(_("API tokens are for people and systems of a county."))
    if kind == TokenKind.PERSONAL and actor.pk != user.pk:
        raise PermissionDenied(_("People make their own personal tokens."))
    if kind == TokenKind.SYSTEM:
        from carecircle.sharing import policy

        if not policy.has_role(actor, "county_admin") or actor.county_id != user.county_id:
            raise PermissionDenied(_("The county administrator issues system tokens."))
    if not scopes or any(s not in Scope.values for s in scopes):
        raise ValidationError(_("Choose what the token may do."))
    now = timezone.now()
    if not now < expires_at <= now + LONGEST:
        raise ValidationError(_("A token must expire within a year."))
    if not name.strip():
        raise ValidationError(_("Say what the token is for."))
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            county_id=user.county_id,
            kind=kind,
            name=name.strip(),
            prefix=prefix,
            digest=digest_of(secret),
            scopes=sorted(set(scopes)),
            created_by=actor,
            expires_at=expires_at,
        )
        record_event(
            actor=actor,
            action="api_token.issue",
            obj=token,
            detail={"kind": kind, "scopes": token.scopes, "for": user.username},
        )
    return IssuedToken(token=token, text=f"cc_{prefix}_{secret}")


def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoked at once: the next request with it is refused."""
    from carecircle.sharing import policy

    mine = token.user_id == actor.pk
    admin = policy.has_role(actor, "county_admin") and actor.county_id == token.county_id
    if not (mine or admin):
        raise PermissionDenied(_("Only its owner or the county administrator revokes a token."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_event(actor=actor, action="api_token.revoke", obj=token)
    return token
