"""Per-request help for the sharing policy."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from carecircle.sharing.policy.read_once import facts_read_once

READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


class PolicyFactsMiddleware:
    """On a request that changes nothing, the sharing policy reads its facts (the
    consents that name the viewer; a youth's team, window and emergency access) once
    for all the lists of the page. A request that may change them (a POST) reads them
    afresh each time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_ONLY_METHODS:
            return self.get_response(request)
        with facts_read_once():
            return self.get_response(request)
