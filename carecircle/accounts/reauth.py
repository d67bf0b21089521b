"""Sensitive actions ask who is there again: exports and prints of youth records,
consent changes and emergency access need a sign-in (or a confirmation of the password
or the second step) within the last few minutes. A form posted after that is kept,
the person confirms, and the form is carried out as sent."""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


def authenticated_recently(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    window = settings.CARECIRCLE_REAUTHENTICATE_MINUTES * 60
    return bool(records) and time.time() - records[-1]["at"] < window


def recent_sign_in_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated and not authenticated_recently(request):
            confirm = reverse("account_reauthenticate")
            if request.method == "POST":
                return suspend_request(request, confirm)
            return HttpResponseRedirect(f"{confirm}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper
