"""Background work for the clocks, run by the django-tasks database worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from carecircle.clocks.models import ClockNotification


@task()
def send_notice_email(notice_id: int) -> bool:
    """E-mail one notice, at most once: the notice is claimed before it is sent, so a
    retried or duplicated task finds it taken and sends nothing."""
    claimed = ClockNotification.objects.filter(pk=notice_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notice = ClockNotification.objects.select_related(
        "obligation__county", "obligation__youth", "user"
    ).get(pk=notice_id)
    if not notice.user.is_active or notice.user.email == "":
        return False
    if notice.obligation.youth.sealed_at is not None:
        return False  # sealed after the notice was written: its clocks have stopped
    from carecircle.clocks.sweep import _message

    body = _(
        "%(message)s\n\nSign in to Care Circle to see the task: %(url)s\n\n"
        "This e-mail names no youth on purpose. Change how you are told at %(preferences)s."
    ) % {
        "message": _message(notice.obligation, notice.transition),
        "url": settings.CARECIRCLE_BASE_URL + f"/clocks/{notice.obligation_id}/",
        "preferences": settings.CARECIRCLE_BASE_URL + "/clocks/preferences/",
    }
    send_mail(
        subject=_("Care Circle: %(task)s") % {"task": notice.obligation.get_kind_display()},
        message=body,
        from_email=None,
        recipient_list=[notice.user.email],
    )
    return True


@task()
def send_digest_email(user_id: int) -> bool:
    """The morning digest: how many of the person's tasks are overdue or due today, and
    what they are — never which youth."""
    from carecircle.accounts.models import User
    from carecircle.clocks.access import header_counts, obligations_in_scope
    from carecircle.sharing import policy

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not policy.has_caseload(user):
        return False
    counts = header_counts(user)
    tasks = list(obligations_in_scope(user, "mine")[:20])
    from carecircle.audit.actions import record_event

    record_event(
        actor=None,
        action="obligation.digest",
        county=user.county,
        youth_ids=sorted({t.youth_id for t in tasks}, key=str),
        detail={"to": user.username, "obligations": [str(t.pk) for t in tasks]},
    )
    lines = [f"- {o.get_kind_display()}" for o in tasks]
    body = _(
        "Good morning. You have %(overdue)s overdue and %(soon)s due-soon tasks in Care "
        "Circle.\n\n%(lines)s\n\nSign in to see them: %(url)s"
    ) % {
        "overdue": counts["overdue"],
        "soon": counts["due_soon"],
        "lines": "\n".join(lines) or _("(no open tasks)"),
        "url": settings.CARECIRCLE_BASE_URL + "/clocks/",
    }
    send_mail(
        subject=_("Care Circle: your tasks today"),
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )
    return True
