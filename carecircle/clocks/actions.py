"""Every change to an obligation, a missing episode or a clock setting goes through
these functions."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, County, Membership, User
from carecircle.accounts.roles import AgencyType, Role
from carecircle.audit.actions import changed_fields, record_event
from carecircle.clocks import rules
from carecircle.clocks.models import (
    REPORT_OBLIGATION,
    ClockProtocol,
    EpisodeReport,
    MissingEpisode,
    NotificationPreference,
    Obligation,
    ObligationKind,
)
from carecircle.sharing.classes import CONSENT_ONLY_CLASSES, LEGAL_BASIS, RecordClass
from carecircle.sharing.items import shared_fields
from carecircle.sharing.models import SharedItem
from carecircle.youth.models import Youth

MISSING_KINDS = [
    ObligationKind.MISSING_LAW_ENFORCEMENT,
    ObligationKind.MISSING_NCMEC,
    ObligationKind.MISSING_FAMILY,
    ObligationKind.MISSING_ATTORNEY,
]
RETURN_KINDS = [ObligationKind.RETURN_DEBRIEF, ObligationKind.RETURN_RESCREEN]


def case_manager_role(youth: Youth) -> str:
    types = set(youth.agencies.values_list("agency_type", flat=True))
    if AgencyType.PROBATION in types and AgencyType.CHILD_WELFARE not in types:
        return Role.PROBATION_OFFICER
    return Role.SOCIAL_WORKER


def _agency_in_county(user: User, county: County) -> Agency:
    membership = (
        Membership.objects.filter(user=user, active=True, agency__county=county)
        .select_related("agency")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise ValidationError(_("The person must work for an agency of the youth's county."))
    return membership.agency


def _role_in_county(user: User, county: County) -> str:
    membership = (
        Membership.objects.filter(user=user, active=True, agency__county=county)
        .order_by("id")
        .first()
    )
    if membership is None:
        raise ValidationError(_("The person must work for an agency of the youth's county."))
    return membership.role


def _holds_role(user: User | None, county: County, role: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, role=role, active=True, agency__county=county
    ).exists()


TRIGGER_KINDS = {
    "screening": "screening",
    "identification": "identification",
    "missingepisode": "missing_episode",
    "actionitem": "action_item",
    "meeting": "meeting",
}


@transaction.atomic
def open_obligation(
    *,
    actor: User | None,
    trigger: SharedItem | Any,
    kind: str,
    triggered_at: datetime | None = None,
    episode: MissingEpisode | None = None,
    due_at: datetime | None = None,
    responsible_user: User | None = None,
) -> Obligation | None:
    """Open what the county owes the youth because of ``trigger`` (a screening, an
    identification, a missing episode), under the county's protocol in force: due that
    many real hours after the trigger, owed by the role the protocol names (the actor,
    if they hold it). The task is shared as its trigger is. None when the protocol says
    the obligation does not apply in this county."""
    if kind not in ObligationKind.values:
        raise ValidationError(_("Unknown kind of task."))
    if (
        getattr(trigger, "record_class", None) in CONSENT_ONLY_CLASSES
        and kind != ObligationKind.ACTION_ITEM
    ):
        # What a Part 2 program, a victim advocate or a child and family team holds
        # reaches others only under a consent; it does not start another agency's task
        # (a privileged disclosure must not become a police report task).
        return None
    youth = trigger.youth
    triggered_at = triggered_at or timezone.now()
    if due_at is not None and responsible_user is not None:
        # Set by the people who made it (an action item's owner and date), not the protocol.
        role = _role_in_county(responsible_user, youth.county)
        protocol = rules.current_protocol(youth.county)
        rule = rules.Rule(kind, True, 0, role, protocol.version if protocol else 0)
    else:
        rule = rules.rules_for(youth.county)[kind]
        if not rule.applies:
            return None
        if kind in rules.DAY_KINDS and rule.due_hours % 24 == 0:
            due_at = rules.on_local_day(triggered_at, rule.due_hours // 24, youth.county.time_zone)
        else:
            due_at = rules.due_after(triggered_at, rule.due_hours)
    role = case_manager_role(youth) if rule.responsible == rules.CASE_MANAGER else rule.responsible
    if responsible_user is None and _holds_role(actor, youth.county, role):
        responsible_user = actor
    if isinstance(trigger, SharedItem):
        sharing = {
            "record_class": trigger.record_class,
            "source_agency": trigger.source_agency,
            "author": trigger.author,
            "legal_basis": trigger.legal_basis,
            "youth_controlled": trigger.youth_controlled,
        }
    else:
        # A meeting: the team's shared calendar, so a general item of the convener's agency.
        sharing = {
            "record_class": RecordClass.GENERAL,
            "source_agency": _agency_in_county(actor, youth.county),
            "author": actor,
            "legal_basis": LEGAL_BASIS[RecordClass.GENERAL],
            "youth_controlled": False,
        }
    obligation = Obligation(
        county=youth.county,
        youth=youth,
        **sharing,
        kind=kind,
        trigger_kind=TRIGGER_KINDS[trigger._meta.model_name],
        trigger_id=str(trigger.pk),
        triggered_at=triggered_at,
        episode=episode,
        protocol_version=rule.protocol_version,
        responsible_role=role,
        responsible_user=responsible_user,
        due_at=due_at,
    )
    obligation.full_clean()
    obligation.save()
    record_event(
        actor=actor,
        action="obligation.open",
        obj=obligation,
        record_class=obligation.record_class,
        detail={
            "kind": kind,
            "trigger": f"{obligation.trigger_kind}:{obligation.trigger_id}",
            "responsible_role": role,
            "due_at": obligation.due_at.isoformat(),
            "protocol_version": rule.protocol_version,
        },
    )
    return obligation


@transaction.atomic
def satisfy_obligation(
    *,
    actor: User | None,
    obligation: Obligation,
    summary: str,
    evidence: dict[str, Any],
    done_at: datetime | None = None,
) -> Obligation:
    """Close an obligation with the evidence that it was done, and when it was done (a
    report made on time and entered later was not late)."""
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.satisfied_at is not None:
        raise ValidationError(_("This task is already done."))
    if not summary.strip():
        raise ValidationError(_("Say what was done: the evidence closes the task."))
    if done_at is not None and done_at > timezone.now():
        raise ValidationError(_("It cannot have been done in the future."))
    obligation.satisfied_at = done_at or timezone.now()
    obligation.satisfied_by = summary.strip()
    obligation.evidence = evidence
    obligation.satisfied_by_user = actor if getattr(actor, "is_authenticated", False) else None
    obligation.save(update_fields=["satisfied_at", "satisfied_by", "evidence", "satisfied_by_user"])
    record_event(
        actor=actor,
        action="obligation.satisfy",
        obj=obligation,
        detail={
            "kind": obligation.kind,
            "evidence": evidence,
            "late": bool(obligation.due_at and obligation.satisfied_at > obligation.due_at),
        },
    )
    return obligation


def _satisfy_open(
    *, actor, youth: Youth, kind: str, summary: str, evidence: dict, episode=None, done_at=None
) -> list[Obligation]:
    found = Obligation.objects.open().filter(youth=youth, kind=kind)
    if episode is not None:
        found = found.filter(episode=episode)
    return [
        satisfy_obligation(
            actor=actor, obligation=o, summary=summary, evidence=evidence, done_at=done_at
        )
        for o in found
    ]


def open_identification_obligations(*, actor: User, identification, category: str) -> None:
    """An identification of exploitation (not only a risk) starts the first-response
    clocks: the report to law enforcement for a youth child welfare serves, the health
    exam and the first (crisis) MDT — unless one is already open."""
    if category == "at_risk":
        return
    youth = identification.youth
    # The clocks run from the identification, not from its entry: an identification
    # entered days later is already late. Its time of day is not recorded, so an earlier
    # day counts from its start in the county.
    moment = timezone.now()
    zone = ZoneInfo(youth.county.time_zone)
    if identification.identified_on < moment.astimezone(zone).date():
        moment = datetime.combine(identification.identified_on, time(0), tzinfo=zone)
    kinds = [ObligationKind.HEALTH_EXAM, ObligationKind.MDT_REFERRAL]
    if youth.agencies.filter(agency_type=AgencyType.CHILD_WELFARE).exists():
        kinds.insert(0, ObligationKind.LAW_ENFORCEMENT_REPORT)
    already = set(Obligation.objects.open().filter(youth=youth).values_list("kind", flat=True))
    for kind in kinds:
        if kind not in already:
            open_obligation(actor=actor, trigger=identification, kind=kind, triggered_at=moment)


# Missing from care -------------------------------------------------------------


@transaction.atomic
def record_missing_episode(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    last_seen_at: datetime,
    reported_by: str,
    circumstances: str = "",
    whereabouts: str = "",
    reported_missing_at: datetime | None = None,
) -> MissingEpisode:
    """The youth is missing from care: the episode starts, and so do the 24-hour clocks
    (law enforcement for NCIC, NCMEC, family and tribe, the attorney). They run from
    when the county learned of it — now, or earlier when a report taken by phone is
    entered later."""
    now = reported_missing_at or timezone.now()
    if now > timezone.now():
        raise ValidationError(_("The report of the absence cannot be in the future."))
    if last_seen_at > now:
        raise ValidationError(_("'Last seen' cannot be after the youth was reported missing."))
    if MissingEpisode.objects.filter(youth=youth, returned_at__isnull=True).exists():
        raise ValidationError(
            _("This youth is already recorded as missing. Record the return of that episode.")
        )
    if record_class in CONSENT_ONLY_CLASSES:
        raise ValidationError(
            _(
                "A missing episode starts reports the law requires: record it as a child "
                "welfare, probation or general record."
            )
        )
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    episode = MissingEpisode(
        **shared,
        last_seen_at=last_seen_at,
        reported_missing_at=now,
        reported_by=reported_by.strip(),
        circumstances=circumstances.strip(),
        whereabouts=whereabouts.strip(),
    )
    episode.full_clean()
    episode.save()
    record_event(
        actor=actor,
        action="missing_episode.record",
        obj=episode,
        record_class=record_class,
        detail={
            "last_seen_at": last_seen_at.isoformat(),
            "whereabouts_recorded": bool(episode.whereabouts),
        },
    )
    # The clocks run from when the county learned of it: the report of the absence.
    for kind in MISSING_KINDS:
        open_obligation(actor=actor, trigger=episode, kind=kind, triggered_at=now, episode=episode)
    return episode


@transaction.atomic
def record_episode_report(
    *,
    actor: User,
    episode: MissingEpisode,
    kind: str,
    made_at: datetime,
    recipient: str,
    reference: str = "",
    notes: str = "",
) -> EpisodeReport:
    """A report made about the episode; it satisfies its obligation. Law enforcement and
    NCMEC give a number, and the report is not complete without it."""
    from carecircle.clocks.models import ReportKind

    if made_at > timezone.now():
        raise ValidationError(_("A report cannot be made in the future."))
    if made_at < episode.last_seen_at:
        raise ValidationError(_("A report cannot be made before the youth was last seen."))
    if kind in (ReportKind.LAW_ENFORCEMENT, ReportKind.NCMEC) and not reference.strip():
        raise ValidationError(
            _("Enter the number the agency gave: it is the evidence that the report was made.")
        )
    report = EpisodeReport(
        episode=episode,
        kind=kind,
        made_at=made_at,
        recipient=recipient.strip(),
        reference=reference.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    report.full_clean()
    report.save()
    record_event(
        actor=actor,
        action="missing_episode.report",
        obj=episode,
        record_class=episode.record_class,
        detail={"kind": kind, "reference": report.reference, "made_at": made_at.isoformat()},
    )
    label = report.get_kind_display()
    summary = f"{label}: {report.recipient}" + (f", {report.reference}" if report.reference else "")
    _satisfy_open(
        actor=actor,
        youth=episode.youth,
        kind=REPORT_OBLIGATION[kind],
        summary=summary,
        evidence={"report": report.pk, "reference": report.reference},
        episode=episode,
        done_at=made_at,
    )
    return report


@transaction.atomic
def record_return(
    *,
    actor: User,
    episode: MissingEpisode,
    returned_at: datetime,
    how_found: str,
    notes: str = "",
) -> MissingEpisode:
    """The youth is back: the debrief and the re-screen clocks start."""
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    if episode.returned_at is not None:
        raise ValidationError(_("The return is already recorded."))
    if returned_at > timezone.now():
        raise ValidationError(_("The return cannot be in the future."))
    if returned_at < episode.last_seen_at:
        raise ValidationError(_("The return cannot be before the youth was last seen."))
    episode.returned_at = returned_at
    episode.how_found = how_found
    episode.return_notes = notes.strip()
    episode.full_clean()
    episode.save(update_fields=["returned_at", "how_found", "return_notes"])
    record_event(
        actor=actor,
        action="missing_episode.return",
        obj=episode,
        record_class=episode.record_class,
        detail={"returned_at": returned_at.isoformat(), "how_found": how_found},
    )
    for kind in RETURN_KINDS:
        open_obligation(
            actor=actor, trigger=episode, kind=kind, triggered_at=returned_at, episode=episode
        )
    return episode


@transaction.atomic
def record_debrief(
    *,
    actor: User,
    episode: MissingEpisode,
    debriefed_at: datetime,
    why_left: str,
    while_away: str,
) -> MissingEpisode:
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    if episode.returned_at is None:
        raise ValidationError(_("Record the return before the debrief."))
    if episode.debriefed_at is not None:
        raise ValidationError(_("The debrief is already recorded."))
    if debriefed_at > timezone.now() or debriefed_at < episode.returned_at:
        raise ValidationError(_("The debrief must be between the return and now."))
    if not why_left.strip() or not while_away.strip():
        raise ValidationError(
            _("Record both why the youth left and what happened while they were away.")
        )
    episode.debriefed_at = debriefed_at
    episode.debriefed_by = actor.display_name
    episode.why_left = why_left.strip()
    episode.while_away = while_away.strip()
    episode.save(update_fields=["debriefed_at", "debriefed_by", "why_left", "while_away"])
    record_event(
        actor=actor,
        action="missing_episode.debrief",
        obj=episode,
        record_class=episode.record_class,
        detail={"debriefed_at": debriefed_at.isoformat()},
    )
    _satisfy_open(
        actor=actor,
        youth=episode.youth,
        kind=ObligationKind.RETURN_DEBRIEF,
        summary=_("Debrief recorded on %(date)s") % {"date": f"{debriefed_at:%Y-%m-%d}"},
        evidence={"episode": str(episode.pk)},
        episode=episode,
        done_at=debriefed_at,
    )
    return episode


def link_rescreen(*, actor: User, screening) -> MissingEpisode | None:
    """A screening after a return from missing is the re-screen of the latest returned
    episode still waiting for one; it satisfies that episode's re-screen obligation.
    Called inside the screening's own transaction."""
    from carecircle.sharing import policy

    if screening.record_class in CONSENT_ONLY_CLASSES:
        return None  # a Part 2 or privileged screening is not shared with the episode
    zone = ZoneInfo(screening.county.time_zone)
    next_day = datetime.combine(screening.screened_on + timedelta(days=1), time(0), tzinfo=zone)
    episode = (
        MissingEpisode.objects.select_for_update()
        .filter(
            youth=screening.youth,
            returned_at__isnull=False,
            rescreen__isnull=True,
            returned_at__lt=next_day,
        )
        .order_by("-returned_at")
        .first()
    )
    # Only someone who may see the episode re-screens it: a screening must not close, or
    # tell of, an episode its screener was never shown.
    if episode is None or policy.decide(actor, episode) is None:
        return None
    episode.rescreen = screening
    episode.save(update_fields=["rescreen"])
    record_event(
        actor=actor,
        action="missing_episode.rescreen",
        obj=episode,
        record_class=episode.record_class,
        detail={"screening": str(screening.pk)},
    )
    _satisfy_open(
        actor=actor,
        youth=episode.youth,
        kind=ObligationKind.RETURN_RESCREEN,
        summary=_("Re-screen recorded on %(date)s") % {"date": f"{screening.screened_on:%Y-%m-%d}"},
        evidence={"screening": str(screening.pk)},
        episode=episode,
    )
    return episode


@transaction.atomic
def close_episode(*, actor: User, episode: MissingEpisode) -> MissingEpisode:
    """An episode closes only once the youth is back, debriefed and re-screened."""
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    if episode.closed_at is not None:
        raise ValidationError(_("This episode is already closed."))
    missing = []
    if episode.returned_at is None:
        missing.append(_("the return"))
    if episode.debriefed_at is None:
        missing.append(_("the debrief (why the youth left, what happened while away)"))
    if episode.rescreen_id is None:
        missing.append(_("the exploitation re-screen after the return"))
    if missing:
        raise ValidationError(
            _("This episode cannot be closed yet. Still to record: %(missing)s.")
            % {"missing": "; ".join(str(m) for m in missing)}
        )
    episode.closed_at = timezone.now()
    episode.save(update_fields=["closed_at"])
    record_event(
        actor=actor,
        action="missing_episode.close",
        obj=episode,
        record_class=episode.record_class,
    )
    return episode


# Settings ----------------------------------------------------------------------


@transaction.atomic
def set_clock_protocol(
    *, actor: User, county: County, rules_by_kind: dict[str, dict], note: str = ""
) -> ClockProtocol:
    """Adopt a new version of the county's clock settings. Obligations opened before
    keep the due times they were given."""
    clean: dict[str, dict] = {}
    responsible = {value for value, _label in rules.RESPONSIBLE_CHOICES}
    for kind, given in rules_by_kind.items():
        if kind not in rules.DEFAULT_RULES:
            raise ValidationError(_("Unknown kind of task."))
        hours = int(given["due_hours"])
        if hours < 1 or hours > 24 * 90:
            raise ValidationError(_("A due time must be between 1 hour and 90 days."))
        if kind in rules.MAX_HOURS and not given.get("applies", True):
            raise ValidationError(
                _("%(task)s is required by law; it cannot be turned off.")
                % {"task": ObligationKind(kind).label}
            )
        limit = rules.MAX_HOURS.get(kind)
        if limit is not None and hours > limit:
            raise ValidationError(
                _("%(task)s is due by law within %(hours)s hours; it cannot be later.")
                % {"task": ObligationKind(kind).label, "hours": limit}
            )
        if given["responsible"] not in responsible:
            raise ValidationError(_("Choose whose task it is from the list."))
        clean[kind] = {
            "applies": bool(given.get("applies", True)),
            "due_hours": hours,
            "responsible": given["responsible"],
        }
    county = County.objects.select_for_update().get(pk=county.pk)
    before = rules.current_protocol(county)
    protocol = ClockProtocol.objects.create(
        county=county,
        version=(before.version + 1) if before else 1,
        rules=clean,
        note=note.strip(),
        created_by=actor,
    )
    previous = (
        before.rules
        if before
        else {k: {"applies": True, **v} for k, v in rules.DEFAULT_RULES.items()}
    )
    record_event(
        actor=actor,
        action="clock_protocol.adopt",
        obj=protocol,
        county=county,
        detail={"version": protocol.version, "changes": changed_fields(previous, clean)},
    )
    return protocol


@transaction.atomic
def set_notification_preference(
    *, actor: User, email: bool, lead_hours: int, daily_digest: bool
) -> NotificationPreference:
    if not 1 <= lead_hours <= 72:
        raise ValidationError(_("Choose between 1 and 72 hours."))
    preference, _created = NotificationPreference.objects.get_or_create(user=actor)
    before = {"email": preference.email, "lead_hours": preference.lead_hours,
              "daily_digest": preference.daily_digest}  # fmt: skip
    preference.email, preference.lead_hours, preference.daily_digest = (
        email,
        lead_hours,
        daily_digest,
    )
    preference.save(update_fields=["email", "lead_hours", "daily_digest"])
    after = {"email": email, "lead_hours": lead_hours, "daily_digest": daily_digest}
    record_event(
        actor=actor,
        action="notification_preference.set",
        obj=preference,
        county=actor.county,
        detail={"changes": changed_fields(before, after)},
    )
    return preference
