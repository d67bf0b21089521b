"""Every change to counties, agencies, users and memberships goes through these functions."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts import lockout, sessions
from carecircle.accounts.models import (
    Agency,
    Alert,
    CompositionPolicy,
    County,
    CountySignIn,
    Membership,
    SessionEnd,
    SignInProtocol,
    User,
)
from carecircle.accounts.roles import (
    COMPOSITION_PRESETS,
    DEFAULT_COMPOSITION_PRESET,
    AgencyType,
    CompositionPreset,
    Role,
    StateRole,
)
from carecircle.audit.actions import record_event


@transaction.atomic
def create_county(
    *,
    actor: User | None,
    name: str,
    slug: str,
    program_year: int,
    time_zone: str = "America/Los_Angeles",
    opted_in: bool = True,
) -> County:
    county = County(
        name=name, slug=slug, program_year=program_year, time_zone=time_zone, opted_in=opted_in
    )
    county.full_clean(exclude=["composition_policy"])
    county.save()
    record_event(
        actor=actor,
        action="county.create",
        obj=county,
        county=county,
        detail={"name": name, "program_year": program_year, "time_zone": time_zone},
    )
    set_composition_policy(
        actor=actor,
        county=county,
        preset=DEFAULT_COMPOSITION_PRESET,
        note=_("Default when the county was set up."),
    )
    county.refresh_from_db()
    return county


@transaction.atomic
def set_composition_policy(
    *,
    actor: User | None,
    county: County,
    preset: str,
    required_agency_types: list[str] | None = None,
    note: str = "",
) -> CompositionPolicy:
    """Adopt a new version of the county's MDT composition policy.

    A preset brings its own list of agency types; ``custom`` needs the list. Earlier
    versions stay as they were.
    """
    if preset == CompositionPreset.CUSTOM:
        types = list(required_agency_types or [])
    elif preset in COMPOSITION_PRESETS:
        types = [str(t) for t in COMPOSITION_PRESETS[preset]]
    else:
        raise ValidationError(_("Choose one of the listed policies."))
    unknown = [t for t in types if t not in AgencyType.values]
    if unknown or not types:
        raise ValidationError(_("Choose at least one agency type from the list."))
    county = County.objects.select_for_update().get(pk=county.pk)
    previous = county.composition_policy
    latest = county.policy_versions.order_by("-version").first()
    policy = CompositionPolicy.objects.create(
        county=county,
        version=(latest.version + 1) if latest else 1,
        preset=preset,
        required_agency_types=sorted(set(types), key=AgencyType.values.index),
        note=note,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    county.composition_policy = policy
    county.save(update_fields=["composition_policy"])
    record_event(
        actor=actor,
        action="composition_policy.adopt",
        obj=policy,
        county=county,
        detail={
            "version": policy.version,
            "preset": preset,
            "required_agency_types": policy.required_agency_types,
            "previous_version": previous.version if previous else None,
        },
    )
    return policy


@transaction.atomic
def create_agency(*, actor: User | None, county: County, name: str, agency_type: str) -> Agency:
    agency = Agency(county=county, name=name, agency_type=agency_type)
    agency.full_clean()
    agency.save()
    record_event(
        actor=actor,
        action="agency.create",
        obj=agency,
        county=county,
        detail={"name": name, "agency_type": agency_type},
    )
    return agency


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    county: County | None = None,
    state_role: str = "",
    password_hash: str | None = None,
) -> User:
    """Add a person. County staff name their county; state staff a state role.

    ``password_hash`` lets bulk loaders (the demo) hash one password once; people
    created through the interface always give ``password``, which is validated.
    """
    if (county is None) == (state_role == StateRole.NONE):
        raise ValidationError(_("A person belongs either to one county or to the state program."))
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        county=county,
        state_role=state_role,
    )
    if password_hash is not None:
        user.password = password_hash
    elif password is not None:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record_event(
        actor=actor,
        action="user.create",
        obj=user,
        county=county,
        detail={"username": username, "state_role": state_role},
    )
    return user


@transaction.atomic
def add_membership(*, actor: User | None, user: User, agency: Agency, role: str) -> Membership:
    if user.county_id != agency.county_id:
        raise ValidationError(_("A person can only hold roles in agencies of their own county."))
    membership = Membership(user=user, agency=agency, role=role)
    membership.full_clean()
    membership.save()
    record_event(
        actor=actor,
        action="membership.create",
        obj=membership,
        county=agency.county,
        detail={"user": user.username, "agency": agency.pk, "role": role},
    )
    return membership


@transaction.atomic
def add_person(
    *,
    actor: User,
    county: County,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    agency: Agency,
    role: str,
) -> User:
    """A county administrator adds a person with their first role. Without a password
    the person signs in only through the county's own provider."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            _(
                "This username is already in use. Choose another, for example with the "
                "county's short name after a dot (%(example)s)."
            )
            % {"example": f"{username}.{county.slug}"}
        )
    email = email.strip()
    if email and User.objects.filter(county=county, email__iexact=email).exists():
        # Single sign-on matches people by e-mail address: it must name one person.
        raise ValidationError(_("Another account of the county has this e-mail address."))
    user = create_user(
        actor=actor, username=username, password=password or None, first_name=first_name,
        last_name=last_name, email=email, county=county,
    )  # fmt: skip
    add_membership(actor=actor, user=user, agency=agency, role=role)
    return user


@transaction.atomic
def grant_role(*, actor: User, user: User, agency: Agency, role: str) -> Membership:
    """Give a person a role in an agency of their county, or give back one that ended.
    Not to oneself: an administrator who wants a caseload asks another."""
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot give yourself a role. Ask another administrator."))
    membership = (
        Membership.objects.select_for_update().filter(user=user, agency=agency, role=role).first()
    )
    if membership is None:
        return add_membership(actor=actor, user=user, agency=agency, role=role)
    if membership.active:
        raise ValidationError(_("They already hold this role in this agency."))
    return _set_membership_active(actor=actor, membership=membership, active=True)


@transaction.atomic
def end_role(*, actor: User, membership: Membership) -> Membership:
    """End one role of a person; what it opened closes at their next request. The
    membership is kept (ended), so the roles page and the audit log can show it."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("agency__county", "user")
        .get(pk=membership.pk)
    )
    if membership.user_id == actor.pk and membership.role == Role.COUNTY_ADMIN:
        raise ValidationError(
            _("You cannot end your own county administrator role. Ask another administrator.")
        )
    if not membership.active:
        raise ValidationError(_("This role has already ended."))
    return _set_membership_active(actor=actor, membership=membership, active=False)


def _set_membership_active(*, actor: User, membership: Membership, active: bool) -> Membership:
    membership.active = active
    membership.save(update_fields=["active"])
    record_event(
        actor=actor,
        action="membership.restore" if active else "membership.end",
        obj=membership,
        county=membership.agency.county,
        detail={
            "user": membership.user.username,
            "agency": membership.agency_id,
            "role": membership.role,
        },
    )
    return membership


@transaction.atomic
def send_alert(*, actor: User | None, user: User, message: str, link: str = "") -> Alert:
    alert = Alert.objects.create(user=user, county=user.county, message=message[:300], link=link)
    record_event(
        actor=actor,
        action="alert.send",
        obj=alert,
        county=user.county,
        detail={"to": user.username, "link": link},
    )
    return alert


@transaction.atomic
def mark_alerts_read(*, actor: User) -> int:
    count = Alert.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        record_event(actor=actor, action="alert.read", detail={"count": count})
    return count


def _set_active(*, actor: User, user: User, active: bool, action: str) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    was = user.is_active
    if was != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    ended = 0 if active else sessions.end_sessions(user=user, reason=SessionEnd.ADMINISTRATOR)
    detail = {"username": user.username, "old": {"is_active": was}, "new": {"is_active": active}}
    if not active:
        detail["sessions_ended"] = ended
    record_event(actor=actor, action=action, obj=user, county=user.county, detail=detail)
    return user


@transaction.atomic
def disable_user(*, actor: User, user: User) -> User:
    """The person can no longer sign in; every session of theirs ends now.

    Their API tokens stop working too: a token of an inactive owner is refused.
    """
    if user.pk == actor.pk:
        raise ValidationError(
            _("You cannot disable your own account. Ask another county administrator.")
        )
    return _set_active(actor=actor, user=user, active=False, action="user.disable")


@transaction.atomic
def enable_user(*, actor: User, user: User) -> User:
    return _set_active(actor=actor, user=user, active=True, action="user.enable")


@transaction.atomic
def end_user_sessions(*, actor: User, user: User) -> int:
    """Sign the person out everywhere, without disabling them; how many sessions ended."""
    if user.pk == actor.pk:
        raise ValidationError(_("To sign yourself out, use Sign out."))
    ended = sessions.end_sessions(user=user, reason=SessionEnd.ADMINISTRATOR)
    record_event(
        actor=actor,
        action="user.sessions_end",
        obj=user,
        county=user.county,
        detail={"username": user.username, "sessions_ended": ended},
    )
    return ended


@transaction.atomic
def set_new_password(*, actor: User, user: User, password: str) -> int:
    """The county administrator gives a person who forgot theirs a new password, to be
    told in person or by phone. Every session of theirs ends; the password is not in
    the log. How many sessions ended."""
    if user.pk == actor.pk:
        raise ValidationError(_("To change your own password, use Change password."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.has_usable_password():
        raise ValidationError(
            _(
                "This person signs in only with the county's own account; their password "
                "is kept there."
            )
        )
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = sessions.end_sessions(user=user, reason=SessionEnd.ADMINISTRATOR)
    send_alert(
        actor=actor,
        user=user,
        message=_(
            "Your county administrator set a new password for your account. If you did "
            "not ask for one, tell them at once."
        ),
    )
    record_event(
        actor=actor,
        action="user.password_set",
        obj=user,
        county=user.county,
        detail={"username": user.username, "sessions_ended": ended},
    )
    return ended


@transaction.atomic
def end_other_sessions(*, user: User, keep: str | None) -> int:
    """A new sign-in ends the person's other sessions (``CARECIRCLE_SINGLE_SESSION``)."""
    ended = sessions.end_sessions(user=user, reason=SessionEnd.SIGNED_IN_ELSEWHERE, keep=keep)
    if ended:
        record_event(
            actor=user,
            action="auth.sessions_replaced",
            obj=user,
            county=user.county,
            detail={"sessions_ended": ended},
        )
    return ended


@transaction.atomic
def unlock_user(*, actor: User, user: User) -> int:
    """Lift the lockout after failed sign-ins now, rather than after the 10 minutes."""
    was_locked = lockout.is_locked(user.username)
    cleared = lockout.unlock(user.username)
    record_event(
        actor=actor,
        action="user.unlock",
        obj=user,
        county=user.county,
        detail={"username": user.username, "was_locked": was_locked, "attempts_cleared": cleared},
    )
    return cleared


SIGN_IN_FIELDS = ("protocol", "label", "issuer", "client_id", "sso_url", "asserts_mfa", "enabled")


def _sign_in_record(sign_in: CountySignIn) -> dict:
    record = {f: getattr(sign_in, f) for f in SIGN_IN_FIELDS}
    record["certificate_sha256"] = certificate_fingerprint(sign_in.certificate)
    return record


def certificate_fingerprint(pem: str) -> str:
    """The SHA-256 fingerprint of a PEM certificate, as providers show it ("" if none)."""
    if not pem:
        return ""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    certificate = x509.load_pem_x509_certificate(pem.encode())
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def save_county_sign_in(
    *,
    actor: User,
    county: County,
    label: str,
    issuer: str,
    client_id: str = "",
    client_secret: str = "",
    asserts_mfa: bool,
    enabled: bool,
    protocol: str = SignInProtocol.OIDC,
    sso_url: str = "",
    certificate: str = "",
) -> CountySignIn:
    """Set up or change the county's identity provider. A blank secret (OpenID Connect)
    or certificate (SAML) keeps the one stored; the secret itself never reaches the audit
    log, the certificate only by its fingerprint."""
    saml = protocol == SignInProtocol.SAML
    with transaction.atomic():
        sign_in = CountySignIn.objects.select_for_update().filter(county=county).first()
        old = _sign_in_record(sign_in) if sign_in else {}
        if sign_in is None:
            sign_in = CountySignIn(county=county)
        for name, value in (
            ("protocol", protocol),
            ("label", label.strip()),
            # A SAML entity ID is compared exactly: its trailing slash is part of it.
            ("issuer", issuer.strip() if saml else issuer.strip().rstrip("/")),
            ("client_id", "" if saml else client_id.strip()),
            ("sso_url", sso_url.strip() if saml else ""),
            ("asserts_mfa", asserts_mfa),
            ("enabled", enabled),
        ):
            setattr(sign_in, name, value)
        if saml:
            sign_in.client_secret = ""
            if certificate:
                sign_in.certificate = certificate.strip()
        else:
            sign_in.certificate = ""
            if client_secret:
                sign_in.client_secret = client_secret
        sign_in.save()
        new = _sign_in_record(sign_in)
        unlinked = 0
        # A new signing certificate is a new key holder: people are matched by e-mail
        # again (and linked at once) rather than trusted by their old link.
        identity = ("protocol", "issuer", "client_id", "certificate_sha256")
        if old and any(old[f] != new[f] for f in identity):
            # Subjects are unique only within one provider: another provider's "same"
            # subject is nobody we know. People are matched by e-mail again.
            from allauth.socialaccount.models import SocialAccount

            unlinked, _counts = SocialAccount.objects.filter(
                provider=sign_in.provider_id, user__county=county
            ).delete()
        record_event(
            actor=actor,
            action="county.sign_in_changed",
            obj=sign_in,
            county=county,
            detail={
                "old": old,
                "new": new,
                "secret_changed": bool(client_secret) and not saml,
                "links_removed": unlinked,
            },
        )
    return sign_in
