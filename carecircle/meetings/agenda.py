"""A first agenda, from what is open or new since the youth's last meeting — as far as
the person scheduling may see it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.sharing import policy
from carecircle.youth.models import Youth


def draft_agenda(viewer: User, youth: Youth) -> str:
    from carecircle.clocks.access import open_obligations
    from carecircle.clocks.models import MissingEpisode
    from carecircle.meetings.models import ActionItem, ActionStatus, Meeting, MeetingStatus
    from carecircle.screening.models import Screening

    last = (
        Meeting.objects.filter(youth=youth, status=MeetingStatus.FINALISED)
        .order_by("-starts_at")
        .first()
    )
    since = last.starts_at if last else None
    now = timezone.now()
    lines = [_("1. Check-in: how is the youth, in their own words?")]
    overdue = [o for o in open_obligations(viewer, youth) if o.due_at and o.due_at <= now]
    if overdue:
        lines.append(
            _("2. Overdue: %(tasks)s") % {"tasks": "; ".join(o.get_kind_display() for o in overdue)}
        )
    actions = policy.visible_items(
        viewer, ActionItem.objects.filter(youth=youth, status=ActionStatus.OPEN), youth=youth
    )
    if actions.exists():
        lines.append(
            _("3. Open action items: %(items)s")
            % {"items": "; ".join(a.description for a in actions[:10])}
        )
    screenings = policy.visible_items(viewer, Screening.objects.filter(youth=youth), youth=youth)
    episodes = policy.visible_items(viewer, MissingEpisode.objects.filter(youth=youth), youth=youth)
    if since:
        screenings = screenings.filter(created_at__gt=since)
        episodes = episodes.filter(created_at__gt=since)
    if screenings.exists():
        lines.append(_("4. New screenings: %(count)s") % {"count": screenings.count()})
    if episodes.exists():
        lines.append(_("5. Missing episodes: %(count)s") % {"count": episodes.count()})
    lines.append(_("6. Services and referrals: changes, barriers"))
    lines.append(_("7. Decisions and action items; the next review"))
    return "\n".join(lines)
