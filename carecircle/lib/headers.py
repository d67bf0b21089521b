"""Response headers that neither Django's SecurityMiddleware nor django-csp sets.

- ``Permissions-Policy``: no page of Care Circle uses the camera, microphone, location,
  payments or devices, so no page (nor anything injected into one) may ask for them.
  Passkeys (WebAuthn) stay allowed for the site itself: sign-in with them is coming.
- ``Cache-Control: no-store`` on every answer the app builds, pages, JSON and files
  alike: county computers are shared and proxies sit in between, and neither may keep a
  copy of a youth's record. Only the public statewide figures, to visitors who are not
  signed in, keep whatever caching their view chose. Static files never reach this
  middleware (WhiteNoise answers them first), so they stay cacheable.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Features a page may use: "()" is nobody, "(self)" is Care Circle itself. Only names
# Chromium recognises, so that the browser console stays free of warnings.
PERMISSIONS = {
    "accelerometer": "()",
    "autoplay": "()",
    "browsing-topics": "()",
    "camera": "()",
    "display-capture": "()",
    "encrypted-media": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "idle-detection": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "picture-in-picture": "()",
    "publickey-credentials-create": "(self)",
    "publickey-credentials-get": "(self)",
    "screen-wake-lock": "()",
    "serial": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
}
PERMISSIONS_POLICY = ", ".join(f"{feature}={allow}" for feature, allow in PERMISSIONS.items())

# Published, de-identified figures: the same for everyone, so they may be cached.
PUBLIC_PREFIXES = ("/public/",)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not _may_be_cached(request):
            patch_cache_control(response, no_store=True)
        return response


def _may_be_cached(request: HttpRequest) -> bool:
    # A session cookie means someone may be signed in, and every page shows who is: the
    # cookie is enough to decide, without asking the database who it belongs to.
    return (
        request.path_info.startswith(PUBLIC_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )
