"""What django-axes knows about an account: whether it is locked now; unlocking it.

Axes locks by username alone here (``AXES_LOCKOUT_PARAMETERS = ["username"]``), and
keeps the username as it was typed, so one account may have attempts under several
spellings ("Ana.Ruiz", "ana.ruiz"); each spelling is counted on its own, as axes does.
"""

from collections.abc import Iterable

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum
from django.db.models.functions import Lower
from django.utils import timezone


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these accounts axes refuses now, for a whole page in one query.

    The test is axes' database handler's own (``is_locked``): the failures since start
    of the attempts within the cool-off, summed per username, at or above the limit.
    """
    if settings.AXES_LOCKOUT_PARAMETERS != ["username"]:
        # The people page reads the lock as axes keeps it: by username alone (ADR 0002).
        raise ImproperlyConfigured("AXES_LOCKOUT_PARAMETERS must be ['username'].")
    wanted = {name.lower(): name for name in usernames}
    if not wanted:
        return set()
    since = timezone.now() - get_cool_off()
    locked = (
        AccessAttempt.objects.annotate(folded=Lower("username"))
        .filter(folded__in=list(wanted), attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=get_failure_limit(None, None))
        .values_list("username", flat=True)
    )
    return {wanted[name.lower()] for name in locked}


def is_locked(username: str) -> bool:
    return bool(locked_usernames([username]))


def unlock(username: str) -> int:
    """Forget the failed attempts of every spelling of this username; how many."""
    spellings = set(
        AccessAttempt.objects.filter(username__iexact=username).values_list("username", flat=True)
    )
    return sum(reset(username=spelling) for spelling in spellings)
