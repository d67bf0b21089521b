"""Opening and satisfying obligations, and the clocks an identification starts."""

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, County, Membership, User
from carecircle.accounts.roles import AgencyType, Role
from carecircle.audit.actions import record_event
from carecircle.clocks import rules
from carecircle.clocks.models import (
    MissingEpisode,
    Obligation,
    ObligationKind,
)
from carecircle.sharing.classes import CONSENT_ONLY_CLASSES, LEGAL_BASIS, RecordClass
from carecircle.sharing.models import SharedItem
from carecircle.youth.models import Youth


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


def satisfy_open(
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


def identification_starts_clocks(*, category: str, record_class: str) -> bool:
    """Whether an identification of this category, recorded under this class, starts the
    first-response clocks at all: not for a risk alone, and not from a consent-only
    record (see ``open_obligation``). The import's dry run asks this too."""
    return category != "at_risk" and record_class not in CONSENT_ONLY_CLASSES


def open_identification_obligations(*, actor: User, identification, category: str) -> None:
    """An identification of exploitation (not only a risk) starts the first-response
    clocks: the report to law enforcement for a youth child welfare serves, the health
    exam and the first (crisis) MDT — unless one is already open."""
    if not identification_starts_clocks(
        category=category, record_class=identification.record_class
    ):
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
