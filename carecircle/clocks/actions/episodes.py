"""Missing-from-care episodes: the report, the return, the debrief, the re-screen,
the close — each satisfying its clock."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.clocks.actions.obligations import open_obligation, satisfy_open
from carecircle.clocks.models import (
    REPORT_OBLIGATION,
    EpisodeReport,
    MissingEpisode,
    ObligationKind,
)
from carecircle.sharing.classes import CONSENT_ONLY_CLASSES
from carecircle.sharing.items import shared_fields
from carecircle.youth.models import Youth

MISSING_KINDS = [
    ObligationKind.MISSING_LAW_ENFORCEMENT,
    ObligationKind.MISSING_NCMEC,
    ObligationKind.MISSING_FAMILY,
    ObligationKind.MISSING_ATTORNEY,
]


RETURN_KINDS = [ObligationKind.RETURN_DEBRIEF, ObligationKind.RETURN_RESCREEN]


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
    satisfy_open(
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
    satisfy_open(
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
    satisfy_open(
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
