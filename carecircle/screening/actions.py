"""Every change to a screening goes through these functions."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.clocks.actions import link_rescreen, open_obligation
from carecircle.clocks.models import Obligation, ObligationKind
from carecircle.lib.dates import county_today
from carecircle.screening import scoring
from carecircle.screening.models import InstrumentVersion, Level, Screening, ScreeningContext
from carecircle.sharing.items import shared_fields
from carecircle.youth.models import Youth


def _check_date(youth: Youth, screened_on: date) -> None:
    if screened_on > county_today(youth.county.time_zone):
        raise ValidationError(_("The screening date cannot be in the future."))
    if screened_on < youth.date_of_birth:
        raise ValidationError(_("The screening date cannot be before the youth was born."))


@transaction.atomic
def record_screening(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    instrument_version: InstrumentVersion,
    context: str,
    screened_on: date,
    answers: Mapping[str, str] | None = None,
    tool_name: str = "",
    tool_version: str = "",
    level: str | None = None,
    indicator_levels: Iterable[tuple[str, str]] = (),
    screener: str = "",
) -> Screening:
    """Record one screening. A scored instrument is scored here from ``answers``
    (option keys) and its version's definition; a result-only instrument records the
    external tool's ``level`` and ``indicator_levels`` as (indicator name, level) pairs.

    A clear concern opens the MDT referral task in the same transaction.
    """
    definition = instrument_version.definition
    _check_date(youth, screened_on)
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    screening = Screening(
        **shared,
        instrument_version=instrument_version,
        context=context,
        screened_on=screened_on,
        screener=(screener or actor.display_name).strip(),
    )
    if instrument_version.is_scored:
        if level is not None or tool_name or tool_version or indicator_levels:
            raise ValidationError(_("A scored screening's level is worked out from its answers."))
        minimum_age = definition.get("minimum_age", 0)
        age = youth.age_on(screened_on)
        if age < minimum_age:
            raise ValidationError(
                _(
                    "This screening is for youth aged %(minimum)s and over. On the screening "
                    "date the youth was %(age)s, so it cannot be used."
                )
                % {"minimum": minimum_age, "age": age}
            )
        try:
            result = scoring.score(definition, dict(answers or {}))
        except scoring.AnswerError as error:
            raise ValidationError(
                _("Some questions are not answered or not answered with an offered choice.")
            ) from error
        screening.answers = {k: v for k, v in (answers or {}).items() if v}
        screening.total_score = result.total
        screening.level = result.level
        screening.indicator_levels = [
            {"key": g.key, "label": g.label, "score": g.score, "level": g.level}
            for g in result.groups
        ]
    else:
        if answers:
            raise ValidationError(_("A result-only screening records the result, not answers."))
        if not tool_name.strip():
            raise ValidationError(_("Name the screening tool that was used."))
        screening.tool_name = tool_name.strip()
        screening.tool_version = tool_version.strip()
        screening.level = level or ""
        rows = [(name.strip(), row_level) for name, row_level in indicator_levels if name.strip()]
        limit = definition.get("indicator_rows", 0)
        if len(rows) > limit:
            raise ValidationError(
                _("At most %(limit)s indicator levels can be recorded.") % {"limit": limit}
            )
        if any(row_level not in Level.values for _name, row_level in rows):
            raise ValidationError(_("Each indicator needs a level."))
        screening.indicator_levels = [
            {"label": name, "level": row_level} for name, row_level in rows
        ]
    screening.full_clean()
    screening.save()
    detail: dict[str, Any] = {
        "instrument": instrument_version.instrument.key,
        "version": instrument_version.number,
        "context": context,
        "screened_on": screened_on.isoformat(),
        "level": screening.level,
        "score": screening.total_score,
    }
    if not instrument_version.is_scored:
        detail["tool"] = f"{screening.tool_name} {screening.tool_version}".strip()
    if screening.level == Level.CLEAR_CONCERN:
        already = Obligation.objects.open().filter(youth=youth, kind=ObligationKind.MDT_REFERRAL)
        obligation = already.first() or open_obligation(
            actor=actor, trigger=screening, kind=ObligationKind.MDT_REFERRAL
        )
        if obligation is not None:
            detail["mdt_referral"] = str(obligation.pk)
    if context == ScreeningContext.RETURN_FROM_MISSING:
        episode = link_rescreen(actor=actor, screening=screening)
        if episode is not None:
            detail["missing_episode"] = str(episode.pk)
    record_event(
        actor=actor,
        action="screening.record",
        obj=screening,
        record_class=record_class,
        detail=detail,
    )
    return screening
