"""The county's clock settings and each person's notice preferences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from carecircle.accounts.models import County, User
from carecircle.audit.actions import changed_fields, record_event
from carecircle.clocks import rules
from carecircle.clocks.models import (
    ClockProtocol,
    NotificationPreference,
    ObligationKind,
)


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
