"""The sweep: once a minute, find obligations that became due soon or overdue and write
each notice once — in the app at once, by e-mail through the task queue.

Idempotent by construction: a notice is a row with a unique (obligation, transition,
person) key, written in the same transaction as its in-app alert and its e-mail task,
under a lock on the obligation row that a second worker skips. A sweep killed half way
leaves whole obligations done or untouched, and the next sweep finishes the rest.
"""

import logging
import os
import signal
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.actions import send_alert
from carecircle.accounts.models import Membership, User
from carecircle.accounts.roles import Role
from carecircle.audit.actions import record_event
from carecircle.clocks.models import (
    ClockNotification,
    NotificationPreference,
    Obligation,
    Transition,
)
from carecircle.lib.dates import in_county_zone

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    examined: int = 0
    notices: list[ClockNotification] = field(default_factory=list)
    digests: int = 0


def responsible_people(obligation: Obligation) -> list[User]:
    """Whose task it is: the person named on it, else everyone holding its role who
    works with the youth (their agency serves the youth, or they are on the MDT), else
    the county's coordinators, so that no task is nobody's."""
    if obligation.responsible_user_id:
        return [obligation.responsible_user]
    holders = Membership.objects.filter(
        role=obligation.responsible_role,
        active=True,
        user__is_active=True,
        agency__county_id=obligation.county_id,
    ).select_related("user")
    close = holders.filter(
        Q(agency__youth=obligation.youth_id)
        | Q(user__team_memberships__youth=obligation.youth_id,
            user__team_memberships__ended_at__isnull=True)
    )  # fmt: skip
    chosen = list(close)
    if not chosen:
        # Nobody in that role works with the youth: the coordinator, who sees every
        # youth of the county, is told instead of someone who may not know the youth.
        chosen = list(
            Membership.objects.filter(
                role=Role.COORDINATOR,
                active=True,
                user__is_active=True,
                agency__county_id=obligation.county_id,
            ).select_related("user")
        )
    return sorted({m.user for m in chosen}, key=lambda u: u.pk)


def supervisors_of(obligation: Obligation, people: list[User]) -> list[User]:
    """Escalation goes to the supervisors of the agencies the responsible people work
    for (or of the county, when none of them has one) who may see the youth; failing
    them, to the coordinator."""
    supervisors = Membership.objects.filter(
        role=Role.SUPERVISOR,
        active=True,
        user__is_active=True,
        agency__county_id=obligation.county_id,
    ).select_related("user")
    from carecircle.sharing import policy

    agencies = Membership.objects.filter(user__in=people, active=True).values("agency_id")
    chosen = list(supervisors.filter(agency_id__in=agencies)) or list(supervisors)
    # Only supervisors who may see the youth: a notice is no use to one who cannot open
    # the task, and would tell them a youth they do not know is overdue for something.
    users = [m.user for m in chosen if policy.can_see_youth(m.user, obligation.youth)]
    if not users:
        users = [
            m.user
            for m in Membership.objects.filter(
                role=Role.COORDINATOR,
                active=True,
                user__is_active=True,
                agency__county_id=obligation.county_id,
            ).select_related("user")
        ]
    return sorted(set(users), key=lambda u: u.pk)


def _lead(user: User) -> timedelta:
    preference = NotificationPreference.objects.filter(user=user).first()
    return timedelta(hours=preference.lead_hours if preference else 4)


def _message(obligation: Obligation, transition: str) -> str:
    # No name and no detail of the youth: alerts and e-mail say where to look, only.
    due = in_county_zone(obligation.due_at, obligation.county.time_zone)
    task = obligation.get_kind_display()
    if transition == Transition.DUE_SOON:
        return _("Due soon: %(task)s, by %(due)s.") % {"task": task, "due": f"{due:%Y-%m-%d %H:%M}"}
    if transition == Transition.OVERDUE:
        return _("Overdue: %(task)s was due %(due)s.") % {
            "task": task,
            "due": f"{due:%Y-%m-%d %H:%M}",
        }
    return _("Escalated to you, overdue: %(task)s was due %(due)s.") % {
        "task": task,
        "due": f"{due:%Y-%m-%d %H:%M}",
    }


def _notify(obligation: Obligation, transition: str, user: User) -> ClockNotification | None:
    """Write one notice, its alert and its e-mail task — or nothing, if it exists."""
    from carecircle.clocks.tasks import send_notice_email

    if ClockNotification.objects.filter(
        obligation=obligation, transition=transition, user=user
    ).exists():
        return None
    try:
        with transaction.atomic():
            notice = ClockNotification.objects.create(
                obligation=obligation, transition=transition, user=user
            )
    except IntegrityError:
        return None  # another worker wrote it first
    link = reverse("clocks:obligation", kwargs={"obligation_id": obligation.pk})
    send_alert(actor=None, user=user, message=_message(obligation, transition), link=link)
    preference = NotificationPreference.objects.filter(user=user).first()
    wants_now = preference is None or (
        preference.email and (not preference.daily_digest or transition == Transition.ESCALATION)
    )
    if user.email and wants_now:
        send_notice_email.enqueue(notice.pk)
    record_event(
        actor=None,
        action="obligation.notify",
        obj=obligation,
        detail={"transition": transition, "to": user.username},
    )
    return notice


# A fault-injection switch for the crash test: the sweep kills its own process after
# this many obligations, as a power cut or an OOM kill would.
CRASH_AFTER_ENV = "CARECIRCLE_SWEEP_CRASH_AFTER"


def sweep(*, now: datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    horizon = now + timedelta(hours=settings.CLOCK_MAX_LEAD_HOURS)
    candidates = list(
        Obligation.objects.open()
        # A sealed record's clocks stop: no notice would say where to look.
        .filter(youth__sealed_at__isnull=True)
        .filter(due_at__isnull=False, due_at__lte=horizon, overdue_swept_at__isnull=True)
        .order_by("due_at", "id")
        .values_list("pk", flat=True)
    )
    crash_after = int(os.environ.get(CRASH_AFTER_ENV, "0") or 0)
    for number, pk in enumerate(candidates, start=1):
        with transaction.atomic():
            obligation = (
                Obligation.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("county", "responsible_user", "youth")
                .filter(pk=pk, satisfied_at__isnull=True, overdue_swept_at__isnull=True)
                .first()
            )
            if obligation is None:
                continue  # done meanwhile, or another worker holds it
            result.examined += 1
            people = responsible_people(obligation)
            if obligation.due_at <= now:
                for user in people:
                    result.notices.append(_notify(obligation, Transition.OVERDUE, user))
                for user in supervisors_of(obligation, people):
                    result.notices.append(_notify(obligation, Transition.ESCALATION, user))
                obligation.overdue_swept_at = now
                obligation.save(update_fields=["overdue_swept_at"])
            else:
                for user in people:
                    if obligation.due_at - _lead(user) <= now:
                        result.notices.append(_notify(obligation, Transition.DUE_SOON, user))
        if crash_after and number >= crash_after:
            log.warning("Sweep killing itself after %s obligations (crash test).", number)
            os.kill(os.getpid(), signal.SIGKILL)
    result.notices = [n for n in result.notices if n is not None]
    result.digests = send_digests(now)
    return result


def send_digests(now: datetime) -> int:
    """Once a day, after the digest hour in the person's county, one e-mail to each
    person who asked for a digest. Claimed by date, so it goes once a day however many
    sweeps or workers run."""
    from carecircle.clocks.tasks import send_digest_email

    sent = 0
    wanted = NotificationPreference.objects.filter(
        daily_digest=True, email=True, user__is_active=True, user__county__isnull=False
    ).select_related("user__county")
    for preference in wanted:
        local = now.astimezone(ZoneInfo(preference.user.county.time_zone))
        if local.hour < settings.CLOCK_DIGEST_HOUR or not preference.user.email:
            continue
        with transaction.atomic():
            claimed = (
                NotificationPreference.objects.filter(pk=preference.pk)
                .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=local.date()))
                .update(last_digest_on=local.date())
            )
            if claimed:
                send_digest_email.enqueue(preference.user_id)
                sent += 1
    return sent
