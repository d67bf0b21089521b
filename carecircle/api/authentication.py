"""``Authorization: Bearer cc_<prefix>_<secret>``. A wrong, revoked or expired token is
refused with 401, and so is a token whose owner left or changed county."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from carecircle.api.actions import digest_of
from carecircle.api.models import ApiToken

# Last use is written at most this often, so reads do not each cost a write.
TOUCH_EVERY = timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2 or not header[1].startswith("cc_") or header[1].count("_") < 2:
            raise exceptions.AuthenticationFailed(_("That is not a Care Circle API token."))
        _cc, prefix, secret = header[1].split("_", 2)
        token = ApiToken.objects.select_related("user", "county").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.digest, digest_of(secret)):
            raise exceptions.AuthenticationFailed(_("That token is not known."))
        now = timezone.now()
        if not token.is_usable(now):
            raise exceptions.AuthenticationFailed(
                _("That token was revoked or has expired. Make a new one.")
            )
        user = token.user
        if not user.is_active or user.county_id != token.county_id:
            raise exceptions.AuthenticationFailed(_("That token's owner can no longer use it."))
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
