from rest_framework.permissions import BasePermission

from carecircle.api.models import ApiToken

SAFE = {"GET", "HEAD", "OPTIONS"}


class HasScope(BasePermission):
    """Default deny: a signed-in person (the session) or a token's owner, and for a
    token, the scope the view names for the method. The sharing policy then decides
    what they see, exactly as on the pages."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if not isinstance(request.auth, ApiToken):
            return True
        scopes = getattr(view, "scopes", None) or {}
        needed = scopes.get("read" if request.method in SAFE else "write")
        return needed is not None and needed in request.auth.scopes
