"""Every change to a service plan, the provider directory or a referral goes through
these functions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, County, User
from carecircle.audit.actions import record_event
from carecircle.lib.dates import county_today
from carecircle.referrals.models import (
    NEXT_STATUSES,
    Domain,
    Need,
    NeedStatus,
    Provider,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from carecircle.sharing.items import shared_fields
from carecircle.sharing.models import Consent
from carecircle.youth.models import Youth


@transaction.atomic
def add_need(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    domain: str,
    description: str,
    youth_goal: str = "",
) -> Need:
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    need = Need(
        **shared, domain=domain, description=description.strip(), youth_goal=youth_goal.strip()
    )
    need.full_clean()
    need.save()
    record_event(
        actor=actor,
        action="need.add",
        obj=need,
        record_class=record_class,
        detail={"domain": domain},
    )
    return need


@transaction.atomic
def set_need_status(*, actor: User, need: Need, status: str) -> Need:
    need = Need.objects.select_for_update().get(pk=need.pk)
    if status not in NeedStatus.values:
        raise ValidationError(_("Choose one of the listed statuses."))
    before = need.status
    need.status = status
    need.save(update_fields=["status"])
    record_event(
        actor=actor,
        action="need.status",
        obj=need,
        record_class=need.record_class,
        detail={"changes": {"status": [before, status]}},
    )
    return need


@transaction.atomic
def add_provider(
    *,
    actor: User | None,
    county: County,
    name: str,
    domains: list[str],
    languages: str = "",
    counties_served: str = "",
    capacity_notes: str = "",
    contact: str = "",
) -> Provider:
    if not domains or any(d not in Domain.values for d in domains):
        raise ValidationError(_("Choose at least one service the provider offers."))
    if Provider.objects.filter(county=county, name__iexact=name.strip()).exists():
        raise ValidationError(_("The directory already has a provider of that name."))
    provider = Provider(
        county=county,
        name=name.strip(),
        domains=sorted(set(domains), key=Domain.values.index),
        languages=languages.strip(),
        counties_served=counties_served.strip(),
        capacity_notes=capacity_notes.strip(),
        contact=contact.strip(),
    )
    provider.full_clean()
    provider.save()
    record_event(
        actor=actor,
        action="provider.add",
        obj=provider,
        county=county,
        detail={"name": provider.name, "domains": provider.domains},
    )
    return provider


def _event(referral: Referral, status: str, on: date, actor: User, note: str) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral, status=status, on=on, note=note.strip(), recorded_by=actor
    )


@transaction.atomic
def propose_referral(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    provider: Provider,
    need: Need | None = None,
    note: str = "",
) -> Referral:
    if provider.county_id != youth.county_id or not provider.active:
        raise ValidationError(
            _("Choose a provider from the county's directory that takes referrals.")
        )
    if need is not None and need.youth_id != youth.pk:
        raise ValidationError(_("The need must be one of this youth's."))
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    referral = Referral(**shared, provider=provider, need=need)
    referral.full_clean()
    referral.save()
    _event(referral, ReferralStatus.PROPOSED, county_today(youth.county.time_zone), actor, note)
    record_event(
        actor=actor,
        action="referral.propose",
        obj=referral,
        record_class=record_class,
        detail={"provider": provider.name, "need": str(need.pk) if need else None},
    )
    return referral


@transaction.atomic
def move_referral(
    *,
    actor: User,
    referral: Referral,
    status: str,
    on: date,
    note: str = "",
    shared_information: str = "",
    consent: Consent | None = None,
    barriers: str = "",
    outcome: str = "",
) -> Referral:
    """The next step of a referral's lifecycle. Sending it to the provider discloses
    information: it needs a consent in force, given by the referring agency for the
    referral's kind of record, and a note of what was shared — the disclosure is
    audited with both."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if status not in NEXT_STATUSES.get(referral.status, ()):
        raise ValidationError(
            _("A referral that is %(now)s cannot become %(next)s.")
            % {
                "now": referral.get_status_display().lower(),
                "next": ReferralStatus(status).label.lower()
                if status in ReferralStatus.values
                else status,
            }
        )
    today = county_today(referral.county.time_zone)
    if on > today:
        raise ValidationError(_("The date cannot be in the future."))
    last = referral.events.order_by("-on", "-created_at").first()
    if last is not None and on < last.on:
        raise ValidationError(_("The date cannot be before the referral's last step."))
    if status == ReferralStatus.SENT:
        if not shared_information.strip():
            raise ValidationError(_("Say what was shared with the provider."))
        if consent is None or not consent_covers(consent, referral):
            raise ValidationError(
                _(
                    "Sending a referral to a provider needs a release of information in "
                    "force, given by your agency for this kind of record. Record the "
                    "consent first."
                )
            )
        referral.shared_information = shared_information.strip()
        referral.consent = consent
    if barriers.strip():
        referral.barriers = barriers.strip()
    if outcome.strip():
        referral.outcome = outcome.strip()
    before = referral.status
    referral.status = status
    referral.save()
    _event(referral, status, on, actor, note)
    record_event(
        actor=actor,
        action="referral.send" if status == ReferralStatus.SENT else "referral.move",
        obj=referral,
        record_class=referral.record_class,
        disclosure=status == ReferralStatus.SENT,
        legal_basis=referral.legal_basis if status != ReferralStatus.SENT else "consent",
        detail={
            "changes": {"status": [before, status]},
            "on": on.isoformat(),
            "provider": referral.provider.name,
            **(
                {"consent": str(consent.pk), "shared": referral.shared_information}
                if status == ReferralStatus.SENT
                else {}
            ),
        },
    )
    return referral


@transaction.atomic
def record_imported_referral(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    provider: Provider,
    status: str,
    on: date,
    imported_from: str,
    domain: str = "",
) -> Referral:
    """A referral from the county's earlier records (an import of a services file), in
    the status those records give it, with one step of history: that status on ``on``.

    Its status is recorded as given, without the steps ``move_referral`` asks for: a
    referral sent before Care Circle was sent under whatever release the county held
    then, which is in the county's earlier records, not here. No consent is linked or
    made up; ``shared_information`` says that the referral was imported and where to
    look, and the audit entry (``referral.import``, not a disclosure: nothing left Care
    Circle) says that the status came from the import. From here on the referral moves
    on like any other, and a later step that sends it needs a consent as always.

    With a ``domain``, the referral is linked to the youth's need in that domain that
    the same agency recorded under the same class (the first one), or to a new one: so
    the service plan and the reports show the service under its domain. A provider that
    no longer takes referrals is accepted: the referral is history.
    """
    if status not in ReferralStatus.values:
        raise ValidationError(_("Choose one of the listed statuses."))
    if domain and domain not in Domain.values:
        raise ValidationError(_("Choose one of the listed domains."))
    if provider.county_id != youth.county_id:
        raise ValidationError(_("Choose a provider from the county's directory."))
    if on > county_today(youth.county.time_zone):
        raise ValidationError(_("The date cannot be in the future."))
    if not imported_from:
        raise ValueError("record_imported_referral is for imports: name the import")
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    need = None
    if domain:
        need = (
            Need.objects.filter(
                youth=youth, domain=domain, source_agency=agency, record_class=record_class
            )
            .order_by("created_at", "pk")
            .first()
        ) or add_need(
            actor=actor,
            youth=youth,
            agency=agency,
            record_class=record_class,
            domain=domain,
            description=_("Services recorded from the county's earlier records (import)."),
        )
    referral = Referral(
        **shared,
        provider=provider,
        need=need,
        status=status,
        shared_information=_(
            "Imported from the county's earlier records. What was shared with the "
            "provider, and under which release, is in those records."
        ),
    )
    referral.full_clean()
    referral.save()
    _event(referral, status, on, actor, _("Imported from the county's earlier records."))
    record_event(
        actor=actor,
        action="referral.import",
        obj=referral,
        record_class=record_class,
        detail={
            "provider": provider.name,
            "need": str(need.pk) if need else None,
            "status": status,
            "status_from": "import",
            "on": on.isoformat(),
            "imported_from": imported_from,
            "consent": None,
        },
    )
    return referral


def consent_covers(consent: Consent, referral: Referral) -> bool:
    now = timezone.now()
    return (
        consent.youth_id == referral.youth_id
        and consent.disclosing_agency_id == referral.source_agency_id
        and consent.is_in_force(now)
        and consent.classes.filter(record_class=referral.record_class).exists()
    )
