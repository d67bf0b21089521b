"""Every change to teams, sharing windows, consents and emergency access."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.actions import send_alert
from carecircle.accounts.models import Agency, User
from carecircle.accounts.roles import Role
from carecircle.audit.actions import record_event
from carecircle.lib.files import check_upload, removed_on_failure, stored_name
from carecircle.sharing.classes import RecordClass
from carecircle.sharing.models import (
    BreakGlassGrant,
    BreakGlassReview,
    Consent,
    ConsentClass,
    ConsentSigner,
    SharingWindow,
    SignerType,
    TeamMembership,
)
from carecircle.youth.models import Youth

# Team -------------------------------------------------------------------------


@transaction.atomic
def add_team_member(
    *,
    actor: User,
    youth: Youth,
    user: User,
    agency: Agency,
    started_at: datetime | None = None,
    team_role: str = "",
    lead: bool = False,
) -> TeamMembership:
    if user.county_id != youth.county_id or agency.county_id != youth.county_id:
        raise ValidationError(_("Team members come from the youth's own county."))
    if not user.memberships.filter(agency=agency, active=True).exists():
        raise ValidationError(_("That person does not work for that agency."))
    now = timezone.now()
    already = TeamMembership.objects.filter(youth=youth, user=user, ended_at__isnull=True)
    if already.exists():
        raise ValidationError(_("That person is already on this youth's team."))
    member = TeamMembership.objects.create(
        county=youth.county,
        youth=youth,
        user=user,
        agency=agency,
        started_at=started_at or now,
        added_by=actor,
        team_role=team_role.strip(),
    )
    record_event(
        actor=actor,
        action="team.add",
        obj=member,
        detail={"user": user.username, "agency": agency.name, "team_role": member.team_role},
    )
    if lead:
        set_team_lead(actor=actor, member=member)
    return member


@transaction.atomic
def set_team_lead(*, actor: User, member: TeamMembership) -> TeamMembership:
    """One person leads a youth's MDT; naming a new lead ends the old one's lead."""
    member = TeamMembership.objects.select_for_update().get(pk=member.pk)
    if member.ended_at is not None:
        raise ValidationError(_("Only someone on the team now can lead it."))
    before = list(
        TeamMembership.objects.filter(youth=member.youth, is_lead=True).values_list(
            "user__username", flat=True
        )
    )
    TeamMembership.objects.filter(youth=member.youth, is_lead=True).update(is_lead=False)
    member.is_lead = True
    member.save(update_fields=["is_lead"])
    record_event(
        actor=actor,
        action="team.lead",
        obj=member,
        detail={"changes": {"lead": [before, [member.user.username]]}},
    )
    return member


@transaction.atomic
def end_team_membership(*, actor: User, member: TeamMembership) -> TeamMembership:
    member = TeamMembership.objects.select_for_update().get(pk=member.pk)
    if member.ended_at is not None:
        raise ValidationError(_("That person has already left the team."))
    member.ended_at = timezone.now()
    member.save(update_fields=["ended_at"])
    record_event(actor=actor, action="team.end", obj=member, detail={"user": member.user.username})
    return member


# WIC §18961.7 window ----------------------------------------------------------


@transaction.atomic
def record_sharing_window(*, actor: User, youth: Youth, reported_at: datetime) -> SharingWindow:
    if reported_at > timezone.now():
        raise ValidationError(_("The report cannot be in the future."))
    if SharingWindow.objects.filter(youth=youth, ends_at__gt=timezone.now()).exists():
        raise ValidationError(
            _("A sharing window is already open. Extend it, with good cause, instead.")
        )
    window = SharingWindow.objects.create(
        county=youth.county,
        youth=youth,
        reported_at=reported_at,
        ends_at=reported_at + timedelta(days=settings.SHARING_WINDOW_DAYS),
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action="sharing_window.open",
        obj=window,
        legal_basis="WIC 18961.7",
        detail={"reported_at": reported_at.isoformat(), "ends_at": window.ends_at.isoformat()},
    )
    return window


@transaction.atomic
def extend_sharing_window(
    *, actor: User, window: SharingWindow, ends_at: datetime, good_cause: str
) -> SharingWindow:
    if not good_cause.strip():
        raise ValidationError(_("Write the good cause for extending the window."))
    window = SharingWindow.objects.select_for_update().get(pk=window.pk)
    if ends_at <= window.ends_at:
        raise ValidationError(_("The new end must be later than the current end."))
    before = window.ends_at
    window.ends_at = ends_at
    window.good_cause = good_cause.strip()
    window.version += 1
    window.save(update_fields=["ends_at", "good_cause", "version"])
    record_event(
        actor=actor,
        action="sharing_window.extend",
        obj=window,
        legal_basis="WIC 18961.7",
        detail={
            "ends_at": [before.isoformat(), ends_at.isoformat()],
            "good_cause": window.good_cause,
        },
    )
    return window


# Consents ---------------------------------------------------------------------


@dataclass(frozen=True)
class SignerInput:
    signer_type: str
    name: str
    signed_on: date
    non_abusing: bool = False
    user: User | None = None


def _age_on(youth: Youth, day: date) -> int:
    return youth.age_on(day)


def check_signers(
    *,
    youth: Youth,
    classes: list[str],
    signers: list[SignerInput],
    youth_self_consented: bool,
    recipient_users: list[User],
    recipient_agencies: list[Agency],
    on: date,
) -> None:
    """The signer rule of each record class the consent covers (DOMAIN.md §5)."""
    kinds = {s.signer_type for s in signers}
    adult = _age_on(youth, on) >= 18
    errors: list[str] = []
    if adult and SignerType.YOUTH not in kinds:
        errors.append(_("The youth is 18 or older and signs their own consent."))
    for record_class in classes:
        label = RecordClass(record_class).label
        if record_class in (
            RecordClass.SUBSTANCE_USE,
            RecordClass.MENTAL_HEALTH,
            RecordClass.HEALTH,
        ):
            if youth_self_consented:
                if kinds != {SignerType.YOUTH}:
                    errors.append(
                        _(
                            "%(class)s: the youth consented to their own treatment, so the "
                            "youth alone signs."
                        )
                        % {"class": label}
                    )
            elif record_class == RecordClass.SUBSTANCE_USE and not adult:
                if not {SignerType.YOUTH, SignerType.PARENT_GUARDIAN} <= kinds:
                    errors.append(
                        _("%(class)s: the youth and a parent or guardian both sign.")
                        % {"class": label}
                    )
            elif not (kinds & {SignerType.YOUTH, SignerType.PARENT_GUARDIAN}):
                errors.append(
                    _("%(class)s: the youth or a parent or guardian signs.") % {"class": label}
                )
        elif record_class == RecordClass.VICTIM_ADVOCATE:
            non_abusing_parent = any(
                s.signer_type == SignerType.PARENT_GUARDIAN and s.non_abusing for s in signers
            )
            if SignerType.YOUTH not in kinds or (not adult and not non_abusing_parent):
                errors.append(
                    _(
                        "%(class)s: the youth signs, and for a youth under 18 also a parent "
                        "or guardian who is not suspected of abusing or exploiting them."
                    )
                    % {"class": label}
                )
        elif record_class == RecordClass.CHILD_AND_FAMILY_TEAM:
            participants = {
                s.user.pk
                for s in signers
                if s.signer_type == SignerType.CFT_PARTICIPANT and s.user is not None
            }
            if (
                SignerType.YOUTH not in kinds
                or recipient_agencies
                or not recipient_users
                or {u.pk for u in recipient_users} - participants
            ):
                errors.append(
                    _(
                        "%(class)s: the youth and each team participant sign, and only "
                        "those participants receive it (no whole agencies)."
                    )
                    % {"class": label}
                )
        elif record_class == RecordClass.EDUCATION:
            if not (kinds & {SignerType.PARENT_GUARDIAN}) and not (
                adult and SignerType.YOUTH in kinds
            ):
                errors.append(
                    _("%(class)s: a parent or guardian signs, or the youth once 18.")
                    % {"class": label}
                )
        elif not kinds & {SignerType.YOUTH, SignerType.PARENT_GUARDIAN, SignerType.ATTORNEY}:
            errors.append(
                _("%(class)s: the youth, a parent or guardian, or the youth's attorney signs.")
                % {"class": label}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_consent(
    *,
    actor: User,
    youth: Youth,
    purpose: str,
    classes: list[str],
    signers: list[SignerInput],
    effective_at: datetime,
    expires_at: datetime,
    signed_form: UploadedFile,
    recipient_agencies: list[Agency] = (),  # type: ignore[assignment]
    recipient_users: list[User] = (),  # type: ignore[assignment]
    disclosing_agency: Agency,
    information_description: str = "",
    youth_self_consented: bool = False,
    told_of_right_to_revoke: bool = False,
) -> Consent:
    recipient_agencies = list(recipient_agencies)
    recipient_users = list(recipient_users)
    classes = sorted(set(classes))
    errors: list[str] = []
    if not classes:
        errors.append(_("Choose at least one kind of record the consent covers."))
    if not signers:
        errors.append(_("Add who signed the consent."))
    if not (recipient_agencies or recipient_users):
        errors.append(_("Name at least one recipient: an agency or a person."))
    if expires_at <= effective_at:
        errors.append(_("The consent must expire after it takes effect."))
    if any(a.county_id != youth.county_id for a in recipient_agencies) or any(
        u.county_id != youth.county_id for u in recipient_users
    ):
        errors.append(_("Recipients must be in the youth's county."))
    # Only the agency whose records are released records the release: nobody can
    # write themselves a consent to another agency's records.
    if (
        disclosing_agency is None
        or not actor.memberships.filter(agency=disclosing_agency, active=True).exists()
    ):
        errors.append(
            _(
                "A consent is recorded by the agency whose records it releases. Ask that "
                "agency to record it."
            )
        )
    if RecordClass.SUBSTANCE_USE in classes:
        # The elements a 42 CFR 2.31 consent must have.
        if not information_description.strip():
            errors.append(_("Part 2: describe how much and what kind of information."))
        if not told_of_right_to_revoke:
            errors.append(_("Part 2: the signers must be told of their right to revoke."))
    if errors:
        raise ValidationError(errors)
    check_signers(
        youth=youth,
        classes=classes,
        signers=signers,
        youth_self_consented=youth_self_consented,
        recipient_users=recipient_users,
        recipient_agencies=recipient_agencies,
        on=timezone.localdate(effective_at),
    )
    checked = check_upload(signed_form, scans_only=True)
    consent = Consent(
        county=youth.county,
        youth=youth,
        purpose=purpose,
        disclosing_agency=disclosing_agency,
        information_description=information_description.strip(),
        youth_self_consented=youth_self_consented,
        told_of_right_to_revoke=told_of_right_to_revoke,
        effective_at=effective_at,
        expires_at=expires_at,
        signed_form_name=signed_form.name[:200],
        signed_form_type=checked.content_type,
        recorded_by=actor,
    )
    consent.signed_form.save(stored_name("consents", checked.content_type), signed_form, save=False)
    with removed_on_failure(consent.signed_form):
        _save_consent(consent, classes, signers, recipient_agencies, recipient_users, actor)
    return consent


def _save_consent(
    consent: Consent,
    classes: list[str],
    signers: list[SignerInput],
    recipient_agencies: list[Agency],
    recipient_users: list[User],
    actor: User,
) -> None:
    consent.save()
    consent.recipient_agencies.set(recipient_agencies)
    consent.recipient_users.set(recipient_users)
    ConsentClass.objects.bulk_create(ConsentClass(consent=consent, record_class=c) for c in classes)
    ConsentSigner.objects.bulk_create(
        ConsentSigner(
            consent=consent,
            signer_type=s.signer_type,
            name=s.name,
            non_abusing=s.non_abusing,
            user=s.user,
            signed_on=s.signed_on,
        )
        for s in signers
    )
    record_event(
        actor=actor,
        action="consent.record",
        obj=consent,
        detail={
            "classes": classes,
            "purpose": consent.purpose,
            "recipient_agencies": sorted(a.name for a in recipient_agencies),
            "recipient_users": sorted(u.username for u in recipient_users),
            "signers": [f"{s.name} ({s.signer_type})" for s in signers],
            "disclosing_agency": consent.disclosing_agency.name,
            "effective_at": consent.effective_at.isoformat(),
            "expires_at": consent.expires_at.isoformat(),
        },
    )


@transaction.atomic
def revoke_consent(*, actor: User, consent: Consent, note: str) -> Consent:
    """Revocation takes effect at once: the next page anyone opens no longer shows it."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ValidationError(_("This consent was already revoked."))
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor
    consent.revocation_note = note.strip()[:300]
    consent.save(update_fields=["revoked_at", "revoked_by", "revocation_note"])
    record_event(
        actor=actor, action="consent.revoke", obj=consent, detail={"note": consent.revocation_note}
    )
    return consent


# Break-glass ------------------------------------------------------------------


@transaction.atomic
def break_glass(*, actor: User, youth: Youth, reason: str) -> BreakGlassGrant:
    if len(reason.strip()) < 20:
        raise ValidationError(
            _("Write the emergency in a sentence or two (at least 20 characters).")
        )
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        county=youth.county,
        youth=youth,
        user=actor,
        reason=reason.strip(),
        started_at=now,
        expires_at=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    record_event(
        actor=actor,
        action="break_glass.open",
        obj=grant,
        legal_basis="break_glass",
        detail={"reason": grant.reason, "expires_at": grant.expires_at.isoformat()},
    )
    supervisors = User.objects.filter(
        county=youth.county,
        is_active=True,
        memberships__role=Role.SUPERVISOR,
        memberships__active=True,
    ).distinct()
    for supervisor in supervisors:
        send_alert(
            actor=actor,
            user=supervisor,
            message=_("%(user)s used emergency access on a youth's record. Please review it.")
            % {"user": actor.display_name},
            link=reverse("sharing:break_glass_reviews"),
        )
    return grant


@transaction.atomic
def review_break_glass(
    *, actor: User, grant: BreakGlassGrant, justified: bool, note: str
) -> BreakGlassGrant:
    grant = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.review != BreakGlassReview.PENDING:
        raise ValidationError(_("This emergency access was already reviewed."))
    if grant.user_id == actor.pk:
        raise ValidationError(_("Someone else must review your own emergency access."))
    if not justified and not note.strip():
        raise ValidationError(_("Say why the access was not justified."))
    grant.review = BreakGlassReview.JUSTIFIED if justified else BreakGlassReview.NOT_JUSTIFIED
    grant.reviewed_by = actor
    grant.reviewed_at = timezone.now()
    grant.review_note = note.strip()
    grant.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    record_event(
        actor=actor,
        action="break_glass.review",
        obj=grant,
        detail={"review": grant.review, "note": grant.review_note},
    )
    return grant
