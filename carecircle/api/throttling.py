from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from carecircle.api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    """A rate per token (per person for the session), kept in the shared cache so it
    holds across server processes."""

    scope = "api"

    def get_rate(self) -> str:
        # Read when asked, not when the class was defined: settings can change.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{request.user.pk}"}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
