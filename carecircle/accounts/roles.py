"""The vocabulary of organisations and roles: agency types, personas, composition presets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    PROBATION = "probation", _("Probation")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PUBLIC_HEALTH = "public_health", _("Public health")
    JUVENILE_COURT = "juvenile_court", _("Juvenile court")
    SUBSTANCE_USE = "substance_use", _("Substance use treatment")
    COUNTY_EDUCATION = "county_education", _("County office of education")
    SHERIFF = "sheriff", _("Sheriff")
    LAW_ENFORCEMENT = "law_enforcement", _("Local law enforcement")
    DISTRICT_ATTORNEY = "district_attorney", _("District attorney")
    YOUTH_ATTORNEY = "youth_attorney", _("Youth's attorney / public defender")
    VICTIM_ADVOCATE = "victim_advocate", _("Victim advocate / rape crisis center")
    SURVIVOR_MENTOR = "survivor_mentor", _("Survivor mentor organisation")
    TRIBE = "tribe", _("Tribe")
    SCHOOL_DISTRICT = "school_district", _("School district")
    COMMUNITY_PROVIDER = "community_provider", _("Community provider")
    COUNTY_ADMINISTRATION = "county_administration", _("County administration")


class Role(models.TextChoices):
    """The personas of a county. Each membership gives one role in one agency."""

    COORDINATOR = "coordinator", _("CSEC coordinator")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PROBATION_OFFICER = "probation_officer", _("Probation officer")
    CLINICIAN = "clinician", _("Clinician")
    COUNSELOR = "counselor", _("Substance use counselor")
    PUBLIC_HEALTH_NURSE = "public_health_nurse", _("Public health nurse")
    COURT_LIAISON = "court_liaison", _("Court liaison")
    VICTIM_ADVOCATE = "victim_advocate", _("Victim advocate")
    SURVIVOR_MENTOR = "survivor_mentor", _("Survivor mentor")
    SUPERVISOR = "supervisor", _("Supervisor")
    COUNTY_ADMIN = "county_admin", _("County administrator")
    AUDITOR = "auditor", _("Auditor")


class StateRole(models.TextChoices):
    """Roles that belong to the state program, not to any county."""

    NONE = "", _("None")
    STATE_ANALYST = "state_analyst", _("State analyst")


# Roles that work with youth: they have a caseload. County administrators and auditors
# run the county's set-up and read the audit log; they never open a youth's case.
CASE_ROLES = frozenset(
    {
        Role.COORDINATOR,
        Role.SOCIAL_WORKER,
        Role.PROBATION_OFFICER,
        Role.CLINICIAN,
        Role.COUNSELOR,
        Role.PUBLIC_HEALTH_NURSE,
        Role.COURT_LIAISON,
        Role.VICTIM_ADVOCATE,
        Role.SURVIVOR_MENTOR,
        Role.SUPERVISOR,
    }
)

# Roles that may change a youth's identifying details.
YOUTH_EDITOR_ROLES = frozenset(
    {Role.COORDINATOR, Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR}
)

# The lead-agency coordinator watches every clock in the county, so sees every youth.
COUNTY_WIDE_ROLES = frozenset({Role.COORDINATOR})


class CompositionPreset(models.TextChoices):
    FIRST_DESCRIBED = "first_described", _("CSEC Program as first described")
    WIC_16524_8 = "wic_16524_8_2017", _("WIC §16524.8 (2017)")
    CUSTOM = "custom", _("Custom")


COMPOSITION_PRESETS: dict[str, list[str]] = {
    CompositionPreset.FIRST_DESCRIBED: [
        AgencyType.CHILD_WELFARE,
        AgencyType.PROBATION,
        AgencyType.MENTAL_HEALTH,
        AgencyType.PUBLIC_HEALTH,
        AgencyType.JUVENILE_COURT,
        AgencyType.SUBSTANCE_USE,
    ],
    # The 2017 amendment names a protocol team led by the human services department.
    CompositionPreset.WIC_16524_8: [
        AgencyType.CHILD_WELFARE,
        AgencyType.PROBATION,
        AgencyType.MENTAL_HEALTH,
        AgencyType.PUBLIC_HEALTH,
        AgencyType.JUVENILE_COURT,
        AgencyType.COUNTY_EDUCATION,
        AgencyType.SHERIFF,
    ],
}
DEFAULT_COMPOSITION_PRESET = CompositionPreset.FIRST_DESCRIBED
