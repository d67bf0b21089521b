"""Every change to a youth record goes through these functions."""

from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, County, User
from carecircle.audit.actions import changed_fields, record_event
from carecircle.lib.dates import county_today
from carecircle.sharing.items import shared_fields
from carecircle.youth.matching import normalise_identifier
from carecircle.youth.models import (
    Placement,
    Youth,
    YouthAlias,
    YouthContact,
    YouthIdentifier,
    YouthSearchKey,
)
from carecircle.youth.search import rebuild_keys

IDENTITY_FIELDS = ("first_name", "last_name", "preferred_name", "date_of_birth")
# Everything the profile form changes, under the one version number.
PROFILE_FIELDS = (
    *IDENTITY_FIELDS,
    "gender_identity",
    "gender_description",
    "pronouns",
    "preferred_language",
    "interpreter_needed",
    "races",
    "hispanic_latino",
    "tribal_affiliation",
    "icwa_status",
    "school_name",
    "school_grade",
    "school_enrollment",
)


class StaleEdit(Exception):
    """Someone else saved the record after this edit began."""

    def __init__(self, current: Youth) -> None:
        super().__init__("stale edit")
        self.current = current


def _snapshot(youth: Youth, agencies: list[Agency]) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(youth, name) for name in PROFILE_FIELDS}
    values["date_of_birth"] = youth.date_of_birth.isoformat()
    values["races"] = sorted(youth.races or [])
    values["agencies"] = sorted(a.pk for a in agencies)
    return values


def _check_agencies(county: County, agencies: list[Agency]) -> None:
    if any(a.county_id != county.pk for a in agencies):
        raise ValidationError(_("Every agency serving a youth must belong to the youth's county."))


@transaction.atomic
def create_youth(
    *,
    actor: User | None,
    county: County,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    preferred_name: str = "",
    agencies: list[Agency] = (),  # type: ignore[assignment]
    other_names: list[tuple[str, str]] = (),  # type: ignore[assignment]
    identifiers: list[tuple[str, str]] = (),  # type: ignore[assignment]
    source: str = "",
    profile: dict[str, Any] | None = None,
) -> Youth:
    """A new youth record; ``profile`` holds any further ``PROFILE_FIELDS``."""
    agencies = list(agencies)
    other_names = [(n, k) for n, k in other_names if n.strip()]
    identifiers = [(k, v) for k, v in identifiers if normalise_identifier(v)]
    _check_agencies(county, agencies)
    youth = Youth(
        county=county,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        preferred_name=preferred_name.strip(),
        date_of_birth=date_of_birth,
    )
    extra = dict(profile or {})
    unknown = set(extra) - set(PROFILE_FIELDS[len(IDENTITY_FIELDS) :])
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    for name, value in extra.items():
        setattr(youth, name, value)
    youth.full_clean(exclude=["agencies"])
    youth.save()
    youth.agencies.set(agencies)
    for name, kind in other_names:
        YouthAlias.objects.create(youth=youth, county=county, name=name.strip(), kind=kind)
    for kind, value in identifiers:
        YouthIdentifier.objects.create(
            youth=youth,
            county=county,
            kind=kind,
            value=value.strip(),
            normalized=normalise_identifier(value),
        )
    rebuild_keys(youth)
    detail: dict[str, Any] = {
        "new": _snapshot(youth, agencies),
        "other_names": [name for name, _kind in other_names],
        "identifiers": [f"{kind}:{value}" for kind, value in identifiers],
    }
    if source:
        detail["source"] = source
    record_event(actor=actor, action="youth.create", obj=youth, county=county, detail=detail)
    return youth


@transaction.atomic
def update_youth(
    *,
    actor: User,
    youth: Youth,
    expected_version: int,
    agencies: list[Agency],
    **values: Any,
) -> Youth:
    """Change a youth's profile and serving agencies; ``values`` are profile fields
    (``PROFILE_FIELDS``), and a field left out keeps its value.

    Raises ``StaleEdit`` when the record changed since ``expected_version`` was read:
    of two people saving at once, exactly one wins and the other is told.
    """
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    agencies = list(agencies)
    _check_agencies(youth.county, agencies)
    current = Youth.objects.select_for_update().get(pk=youth.pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    before = _snapshot(current, list(current.agencies.all()))
    for name, value in values.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.races = sorted(set(current.races or []))
    current.full_clean(exclude=["agencies"])
    after = _snapshot(current, agencies)
    changes = changed_fields(before, after)
    if not changes:
        return current
    # The version check and the increment are one UPDATE, so it holds on SQLite too,
    # where SELECT … FOR UPDATE locks nothing.
    updated = Youth.objects.filter(pk=youth.pk, version=expected_version).update(
        **{name: getattr(current, name) for name in PROFILE_FIELDS},
        version=expected_version + 1,
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise StaleEdit(Youth.objects.get(pk=youth.pk))
    current.agencies.set(agencies)
    if any(name in changes for name in IDENTITY_FIELDS):
        rebuild_keys(current)
    record_event(actor=actor, action="youth.update", obj=current, detail={"changes": changes})
    current.refresh_from_db()
    return current


@transaction.atomic
def add_other_name(*, actor: User, youth: Youth, name: str, kind: str) -> YouthAlias:
    alias = YouthAlias(youth=youth, county=youth.county, name=name.strip(), kind=kind)
    alias.full_clean()
    if youth.aliases.filter(name__iexact=alias.name).exists():
        raise ValidationError(_("That name is already recorded for this youth."))
    alias.save()
    rebuild_keys(youth)
    record_event(
        actor=actor,
        action="youth.add_other_name",
        obj=youth,
        detail={"new": {"name": alias.name, "kind": kind}},
    )
    return alias


@transaction.atomic
def remove_other_name(*, actor: User, alias: YouthAlias) -> None:
    youth = alias.youth
    old = {"name": alias.name, "kind": alias.kind}
    alias.delete()
    rebuild_keys(youth)
    record_event(actor=actor, action="youth.remove_other_name", obj=youth, detail={"old": old})


@transaction.atomic
def add_identifier(
    *, actor: User, youth: Youth, kind: str, value: str, agency: Agency | None = None
) -> YouthIdentifier:
    normalized = normalise_identifier(value)
    if not normalized:
        raise ValidationError(_("Enter the number, with at least one letter or digit."))
    if agency is not None and agency.county_id != youth.county_id:
        raise ValidationError(_("The agency must be in the youth's county."))
    if youth.identifiers.filter(kind=kind, normalized=normalized).exists():
        raise ValidationError(_("That number is already recorded for this youth."))
    identifier = YouthIdentifier(
        youth=youth,
        county=youth.county,
        kind=kind,
        value=value.strip(),
        normalized=normalized,
        agency=agency,
    )
    identifier.full_clean()
    identifier.save()
    record_event(
        actor=actor,
        action="youth.add_identifier",
        obj=youth,
        detail={"new": {"kind": kind, "value": identifier.value}},
    )
    return identifier


@transaction.atomic
def remove_identifier(*, actor: User, identifier: YouthIdentifier) -> None:
    youth = identifier.youth
    old = {"kind": identifier.kind, "value": identifier.value}
    identifier.delete()
    record_event(actor=actor, action="youth.remove_identifier", obj=youth, detail={"old": old})


CONTACT_FIELDS = ("kind", "name", "organisation", "phone", "email", "notes")


@transaction.atomic
def add_contact(*, actor: User, youth: Youth, **values: str) -> YouthContact:
    contact = YouthContact(
        youth=youth,
        county=youth.county,
        **{name: values.get(name, "").strip() for name in CONTACT_FIELDS},
    )
    contact.full_clean()
    contact.save()
    record_event(
        actor=actor,
        action="youth.add_contact",
        obj=youth,
        detail={
            "contact": str(contact.pk),
            "new": {n: getattr(contact, n) for n in CONTACT_FIELDS},
        },
    )
    return contact


@transaction.atomic
def end_contact(*, actor: User, contact: YouthContact) -> None:
    """A contact who no longer applies (a new attorney, a caregiver who left) is ended,
    not deleted: the MDT may need to know who was reached before."""
    contact = YouthContact.objects.select_for_update().get(pk=contact.pk)
    if contact.ended_at is not None:
        return
    contact.ended_at = timezone.now()
    contact.save(update_fields=["ended_at"])
    record_event(
        actor=actor,
        action="youth.end_contact",
        obj=contact.youth,
        detail={
            "contact": str(contact.pk),
            "old": {n: getattr(contact, n) for n in CONTACT_FIELDS},
        },
    )


@transaction.atomic
def record_placement(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    setting: str,
    started_on: date,
    name: str = "",
    address: str = "",
) -> Placement:
    """A move: the new placement starts, and the one the youth was in ends that day."""
    if started_on > county_today(youth.county.time_zone):
        raise ValidationError(_("A placement cannot start in the future. Record it on the day."))
    shared = shared_fields(actor=actor, youth=youth, agency=agency, record_class=record_class)
    placement = Placement(
        **shared, setting=setting, name=name.strip(), address=address.strip(), started_on=started_on
    )
    placement.full_clean()
    open_ones = list(
        Placement.objects.select_for_update().filter(youth=youth, ended_on__isnull=True)
    )
    if any(p.started_on > started_on for p in open_ones):
        raise ValidationError(
            _("The youth's current placement started after that date. Check the date.")
        )
    for previous in open_ones:
        previous.ended_on = started_on
        previous.save(update_fields=["ended_on"])
    placement.save()
    record_event(
        actor=actor,
        action="placement.record",
        obj=placement,
        record_class=record_class,
        # The address itself stays out of the log: the log is read by auditors who
        # have no need to know where the youth lives.
        detail={
            "setting": setting,
            "started_on": started_on.isoformat(),
            "address_recorded": bool(placement.address),
            "ended": [str(p.pk) for p in open_ones],
        },
    )
    return placement


def _records_of(youth: Youth) -> list[tuple[Any, str]]:
    """Every model holding rows about a youth through a ``youth`` key (notes, consents,
    team, screenings, …), found from the model registry so that a model added later is
    carried by a merge without being listed here."""
    found = []
    for model in apps.get_models():
        if model is Youth or model is YouthSearchKey:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.many_to_one and field.related_model is Youth:
                found.append((model, field.name))
    return found


@transaction.atomic
def merge_youth(
    *,
    actor: User,
    keep: Youth,
    duplicate: Youth,
    keep_version: int,
    duplicate_version: int,
) -> Youth:
    """Fold ``duplicate`` into ``keep``: two records of one youth become one.

    Everything recorded about the duplicate moves to the kept record; the duplicate's
    names become other names of the youth, and the duplicate stays behind, pointing at
    the kept record, so that its links and its audit trail still resolve. The audit
    entry lists what moved from where.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records."))
    locked = {
        y.pk: y for y in Youth.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if keep.county_id != duplicate.county_id:
        raise ValidationError(_("Only records of the same county can be merged."))
    if keep.merged_into_id or duplicate.merged_into_id:
        raise ValidationError(_("One of these records has already been merged."))
    if keep.sealed_at or duplicate.sealed_at:
        # Merging would carry a sealed record's history into one that is not sealed.
        raise ValidationError(_("A sealed record cannot be merged."))
    if keep.version != keep_version:
        raise StaleEdit(keep)
    if duplicate.version != duplicate_version:
        raise StaleEdit(duplicate)
    from carecircle.clocks.models import MissingEpisode, Obligation

    open_episodes = MissingEpisode.objects.filter(
        youth__in=[keep, duplicate], returned_at__isnull=True
    ).values_list("youth_id", flat=True)
    if len(set(open_episodes)) == 2:
        raise ValidationError(
            _(
                "Both records have the youth missing now. Record the return on one of the "
                "episodes first, then merge."
            )
        )
    now = timezone.now()
    moved: dict[str, list[str]] = {}
    kept_before = _snapshot(keep, list(keep.agencies.all()))
    # Case numbers both records carry once only.
    kept_numbers = set(keep.identifiers.values_list("kind", "normalized"))
    twice = [i for i in duplicate.identifiers.all() if (i.kind, i.normalized) in kept_numbers]
    dropped_numbers = [f"{i.kind}:{i.value}" for i in twice]
    duplicate.identifiers.filter(pk__in=[i.pk for i in twice]).delete()
    # Someone on both teams stays on the kept one only.
    on_both = keep.team.filter(ended_at__isnull=True).values("user_id")
    ended_members = list(
        duplicate.team.filter(ended_at__isnull=True, user_id__in=on_both).values_list(
            "pk", flat=True
        )
    )
    duplicate.team.filter(pk__in=ended_members).update(ended_at=now)
    for model, field in _records_of(duplicate):
        rows = model._default_manager.filter(**{field: duplicate})
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        if ids:
            rows.update(**{field: keep})
            moved[model._meta.label_lower] = ids
    kept_names = {n.lower() for n in [keep.full_name, keep.preferred_name] if n}
    kept_names |= {a.name.lower() for a in keep.aliases.all()}
    new_names = []
    for name in [duplicate.full_name, duplicate.preferred_name]:
        if name and name.lower() not in kept_names:
            YouthAlias.objects.create(youth=keep, county=keep.county, name=name, kind="alias")
            kept_names.add(name.lower())
            new_names.append(name)
    # The same other name twice, once from each record: keep one.
    seen: set[str] = set()
    for alias in keep.aliases.order_by("created_at", "pk"):
        if alias.name.lower() in seen:
            alias.delete()
        seen.add(alias.name.lower())
    # One youth lives in one place: of two current placements, the later stands and the
    # earlier ends the day it began.
    current = list(
        Placement.objects.filter(youth=keep, ended_on__isnull=True).order_by("-started_on")
    )
    ended_placements = [str(p.pk) for p in current[1:]]
    for earlier in current[1:]:
        earlier.ended_on = max(current[0].started_on, earlier.started_on)
        earlier.save(update_fields=["ended_on"])
    # The same open task twice (two MDT referrals, say): the older stands; the other is
    # closed pointing at it.
    closed_tasks = []
    kept_tasks: dict[str, Obligation] = {}
    for task in (
        Obligation.objects.open()
        .filter(youth=keep, episode__isnull=True)
        .exclude(kind="action_item")
        .order_by("created_at", "pk")
    ):
        if task.kind in kept_tasks:
            task.satisfied_at = now
            task.satisfied_by = _("The same task on a merged record: see task %(task)s.") % {
                "task": kept_tasks[task.kind].pk
            }
            task.evidence = {"merged_into_task": str(kept_tasks[task.kind].pk)}
            task.satisfied_by_user = actor
            task.save(
                update_fields=["satisfied_at", "satisfied_by", "evidence", "satisfied_by_user"]
            )
            closed_tasks.append(str(task.pk))
        else:
            kept_tasks[task.kind] = task
    agencies_before = set(keep.agencies.values_list("pk", flat=True))
    keep.agencies.add(*duplicate.agencies.all())
    YouthSearchKey.objects.filter(youth=duplicate).delete()
    rebuild_keys(keep)
    Youth.objects.filter(pk=keep.pk).update(version=keep.version + 1, updated_at=now)
    Youth.objects.filter(pk=duplicate.pk).update(
        merged_into=keep, merged_at=now, version=duplicate.version + 1, updated_at=now
    )
    record_event(
        actor=actor,
        action="youth.merge",
        obj=keep,
        youth_ids=[keep.pk, duplicate.pk],
        detail={
            "kept": str(keep.pk),
            "merged_from": str(duplicate.pk),
            "duplicate": _snapshot(duplicate, list(duplicate.agencies.all())),
            "kept_before": kept_before,
            "moved": moved,
            "case_numbers_dropped_as_duplicates": dropped_numbers,
            "team_memberships_ended": [str(pk) for pk in ended_members],
            "placements_ended": ended_placements,
            "tasks_closed_as_duplicates": closed_tasks,
            "names_added": new_names,
            "agencies_added": sorted(
                set(keep.agencies.values_list("pk", flat=True)) - agencies_before
            ),
            "date_of_birth_differed": duplicate.date_of_birth != keep.date_of_birth,
        },
    )
    keep.refresh_from_db()
    return keep


# Adding many youth at once, and identifications with the status they establish, live
# in their own modules; callers import them from here.
from carecircle.youth.actions.bulk import NewYouth, create_youth_batch  # noqa: E402, F401
from carecircle.youth.actions.status import (  # noqa: E402, F401
    change_status,
    record_identification,
)
