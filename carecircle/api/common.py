"""What the API's write endpoints share: the agency a caller writes for, times given
with their offset, and turning an action's refusal into the API's error shape."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers

from carecircle.accounts.models import Agency
from carecircle.api.models import Scope
from carecircle.sharing import policy
from carecircle.sharing.classes import RecordClass

WRITE = {"read": Scope.YOUTH_READ, "write": Scope.YOUTH_WRITE}


def refuse(error: Exception) -> exceptions.APIException:
    """The actions speak Django; the API answers in its own error shape."""
    if isinstance(error, PermissionDenied):
        return exceptions.PermissionDenied(str(error) or None)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def agency_of(user, agency_id: int) -> Agency:
    """One of the caller's own agencies, or a 400 saying to choose one."""
    agency = Agency.objects.filter(pk=agency_id, pk__in=policy.case_agency_ids(user)).first()
    if agency is None:
        raise exceptions.ValidationError({"agency": [_("Choose an agency you work for.")]})
    return agency


class OffsetDateTimeField(serializers.DateTimeField):
    """A moment, given with its UTC offset (``2026-11-28T14:05:00-08:00``). A time
    without one is refused: the API does not guess which zone the caller meant."""

    default_error_messages = {
        "naive": gettext_lazy(
            "Give the time with its UTC offset, for example 2026-11-28T14:05:00-08:00."
        ),
    }

    def enforce_timezone(self, value: datetime) -> datetime:
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)


class SharedItemInput(serializers.Serializer):
    """The first two answers of every new shared item, as on the pages' forms."""

    agency = serializers.IntegerField(help_text="An agency you work for.")
    record_class = serializers.ChoiceField(
        choices=RecordClass.choices, help_text="Decides who on the team may see it."
    )


def run(action, **kwargs):
    """Call an action; its refusal becomes a 400 or 403 that says what to do."""
    try:
        return action(**kwargs)
    except (ValidationError, PermissionDenied) as error:
        raise refuse(error) from error
