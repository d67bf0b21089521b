from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from carecircle.audit import context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # REMOTE_ADDR only: forwarded headers are set by a trusted proxy in production,
        # which rewrites REMOTE_ADDR before the request reaches Django.
        token = context.set_current(
            context.RequestContext(source_address=request.META.get("REMOTE_ADDR") or None)
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
