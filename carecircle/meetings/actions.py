"""Every change to an MDT meeting goes through these functions."""

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.accounts.roles import AgencyType
from carecircle.audit.actions import changed_fields, record_event
from carecircle.clocks.actions import open_obligation, satisfy_obligation
from carecircle.clocks.models import REVIEW_KIND_BY_TIER, REVIEW_KINDS, Obligation, ObligationKind
from carecircle.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingStatus,
    MinuteSection,
)
from carecircle.sharing.items import shared_fields
from carecircle.sharing.models import TeamMembership
from carecircle.youth.models import Youth

EDITABLE = ("tier", "starts_at", "duration_minutes", "place", "video_link", "agenda")


def _invite(meeting: Meeting) -> None:
    from carecircle.meetings.tasks import send_invitations

    send_invitations.enqueue(str(meeting.pk))


def _check_open(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("This meeting is finalised or cancelled; it can no longer change."))


@transaction.atomic
def schedule_meeting(
    *,
    actor: User,
    youth: Youth,
    tier: str,
    starts_at: datetime,
    duration_minutes: int = 60,
    place: str = "",
    video_link: str = "",
    agenda: str = "",
) -> Meeting:
    """Schedule an MDT meeting and invite the youth's team (e-mail with an .ics)."""
    if not place.strip() and not video_link.strip():
        raise ValidationError(_("Give a place, a video link, or both."))
    meeting = Meeting(
        county=youth.county,
        youth=youth,
        tier=tier,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        video_link=video_link.strip(),
        agenda=agenda.strip(),
        uid=f"{uuid.uuid4()}@carecircle",
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    record_event(
        actor=actor,
        action="meeting.schedule",
        obj=meeting,
        detail={"tier": tier, "starts_at": starts_at.isoformat()},
    )
    _invite(meeting)
    return meeting


@transaction.atomic
def update_meeting(*, actor: User, meeting: Meeting, **values) -> Meeting:
    """Change the time, place or agenda; the invitation goes again with the same UID and
    a higher sequence."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    before = {name: str(getattr(meeting, name)) for name in EDITABLE}
    for name, value in values.items():
        if name not in EDITABLE:
            raise TypeError(name)
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    if not meeting.place and not meeting.video_link:
        raise ValidationError(_("Give a place, a video link, or both."))
    meeting.full_clean()
    after = {name: str(getattr(meeting, name)) for name in EDITABLE}
    changes = changed_fields(before, after)
    if not changes:
        return meeting
    meeting.sequence += 1
    meeting.save()
    record_event(actor=actor, action="meeting.update", obj=meeting, detail={"changes": changes})
    _invite(meeting)
    return meeting


@transaction.atomic
def cancel_meeting(*, actor: User, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    record_event(actor=actor, action="meeting.cancel", obj=meeting)
    _invite(meeting)
    return meeting


@transaction.atomic
def record_attendance(
    *,
    actor: User,
    meeting: Meeting,
    entries: list[tuple[User, Agency, str]],
    youth_participated: bool,
    caregiver_participated: bool,
) -> list[Attendance]:
    """Who came: each person on the team present, absent or excused, for their agency."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    team = set(
        TeamMembership.objects.filter(youth=meeting.youth, ended_at__isnull=True).values_list(
            "user_id", "agency_id"
        )
    )
    for user, agency, _status in entries:
        if (user.pk, agency.pk) not in team:
            raise ValidationError(_("Attendance is taken for the people on the youth's MDT."))
    meeting.attendance.all().delete()
    rows = [
        Attendance.objects.create(meeting=meeting, user=user, agency=agency, status=status)
        for user, agency, status in entries
    ]
    meeting.youth_participated = youth_participated
    meeting.caregiver_participated = caregiver_participated
    meeting.save(update_fields=["youth_participated", "caregiver_participated"])
    record_event(
        actor=actor,
        action="meeting.attendance",
        obj=meeting,
        detail={
            "attendance": {str(r.user_id): r.status for r in rows},
            "youth": youth_participated,
            "caregiver": caregiver_participated,
        },
    )
    return rows


def composition_gaps(meeting: Meeting) -> tuple[int | None, list[str]]:
    """The agency types the county's composition policy requires that no one present
    represented: (policy version, missing types in the policy's order)."""
    policy = meeting.county.composition_policy
    if policy is None:
        return None, []
    present = set(
        meeting.attendance.filter(status="present").values_list("agency__agency_type", flat=True)
    )
    missing = [t for t in policy.required_agency_types if t not in present]
    return policy.version, missing


@transaction.atomic
def finalise_meeting(*, actor: User, meeting: Meeting, missing_reason: str = "") -> Meeting:
    """Close the record of a held meeting. A meeting missing a required agency cannot be
    finalised without a recorded reason."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("county__composition_policy")
        .get(pk=meeting.pk)
    )
    _check_open(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting is finalised after it has been held."))
    if not meeting.attendance.filter(status="present").exists():
        raise ValidationError(_("Take attendance before finalising the meeting."))
    version, missing = composition_gaps(meeting)
    if missing and not missing_reason.strip():
        names = ", ".join(str(AgencyType(t).label) for t in missing)
        raise ValidationError(
            _(
                "Required agencies were not present: %(names)s. Record why before "
                "finalising, for example who was invited and what was shared with them."
            )
            % {"names": names}
        )
    meeting.status = MeetingStatus.FINALISED
    meeting.policy_version = version
    meeting.missing_agency_types = missing
    meeting.missing_reason = missing_reason.strip() if missing else ""
    meeting.finalised_at = timezone.now()
    meeting.finalised_by = actor
    meeting.save()
    record_event(
        actor=actor,
        action="meeting.finalise",
        obj=meeting,
        detail={"policy_version": version, "missing": missing, "reason": meeting.missing_reason},
    )
    # A meeting held is the evidence the MDT referral, or the review, was waiting for;
    # and it starts the clock for the next review, at the county's cadence for its tier.
    for obligation in Obligation.objects.open().filter(
        youth=meeting.youth, kind__in=[ObligationKind.MDT_REFERRAL, *REVIEW_KINDS]
    ):
        satisfy_obligation(
            actor=actor,
            obligation=obligation,
            summary=_("MDT meeting held on %(date)s") % {"date": f"{meeting.starts_at:%Y-%m-%d}"},
            evidence={"meeting": str(meeting.pk)},
        )
    open_obligation(
        actor=actor,
        trigger=meeting,
        kind=REVIEW_KIND_BY_TIER[meeting.tier],
        triggered_at=meeting.starts_at,
    )
    return meeting


@transaction.atomic
def add_section(
    *,
    actor: User,
    meeting: Meeting,
    agency: Agency,
    record_class: str,
    kind: str,
    heading: str,
    body: str,
) -> MinuteSection:
    _check_open(meeting)
    shared = shared_fields(
        actor=actor, youth=meeting.youth, agency=agency, record_class=record_class
    )
    section = MinuteSection(
        **shared, meeting=meeting, kind=kind, heading=heading.strip(), body=body.strip()
    )
    section.full_clean()
    section.save()
    record_event(
        actor=actor,
        action="meeting.section",
        obj=section,
        record_class=record_class,
        detail={"meeting": str(meeting.pk), "kind": kind},
    )
    return section


def _end_of_day(day: date, time_zone: str) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=ZoneInfo(time_zone))


@transaction.atomic
def add_action_item(
    *,
    actor: User,
    meeting: Meeting,
    agency: Agency,
    record_class: str,
    owner: User,
    description: str,
    due_on: date,
) -> ActionItem:
    """An action item agreed at the meeting; it becomes its owner's obligation, due at
    the end of its date in the county."""
    _check_open(meeting)
    if not TeamMembership.objects.filter(
        youth=meeting.youth, user=owner, ended_at__isnull=True
    ).exists():
        raise ValidationError(_("The owner must be on the youth's MDT."))
    shared = shared_fields(
        actor=actor, youth=meeting.youth, agency=agency, record_class=record_class
    )
    item = ActionItem(
        **shared, meeting=meeting, owner=owner, description=description.strip(), due_on=due_on
    )
    item.full_clean()
    item.save()
    record_event(
        actor=actor,
        action="meeting.action_item",
        obj=item,
        record_class=record_class,
        detail={"meeting": str(meeting.pk), "owner": owner.username, "due_on": due_on.isoformat()},
    )
    open_obligation(
        actor=actor,
        trigger=item,
        kind=ObligationKind.ACTION_ITEM,
        due_at=_end_of_day(due_on, meeting.county.time_zone),
        responsible_user=owner,
    )
    return item


@transaction.atomic
def complete_action_item(*, actor: User, item: ActionItem, outcome: str) -> ActionItem:
    """Done, with what was done: that is the evidence that closes its obligation."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ActionStatus.OPEN:
        raise ValidationError(_("This action item is already closed."))
    if not outcome.strip():
        raise ValidationError(_("Say what was done."))
    item.status = ActionStatus.DONE
    item.outcome = outcome.strip()
    item.save(update_fields=["status", "outcome"])
    record_event(
        actor=actor,
        action="meeting.action_item_done",
        obj=item,
        record_class=item.record_class,
    )
    for obligation in Obligation.objects.open().filter(
        kind=ObligationKind.ACTION_ITEM, trigger_id=str(item.pk)
    ):
        satisfy_obligation(
            actor=actor,
            obligation=obligation,
            summary=item.outcome,
            evidence={"action_item": str(item.pk)},
        )
    return item
