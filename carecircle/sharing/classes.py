"""Record classes: the kind of record decides how it may be shared (DOMAIN.md §5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.roles import AgencyType


class RecordClass(models.TextChoices):
    CHILD_WELFARE = "child_welfare", _("Child welfare case")
    JUVENILE_COURT = "juvenile_court", _("Juvenile court file")
    PROBATION = "probation", _("Probation")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    HEALTH = "health", _("Health")
    SUBSTANCE_USE = "substance_use", _("Substance use treatment (42 CFR Part 2)")
    EDUCATION = "education", _("Education")
    VICTIM_ADVOCATE = "victim_advocate", _("Victim advocate (privileged)")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    CHILD_AND_FAMILY_TEAM = "cft", _("Child and family team")
    GENERAL = "general", _("General")


# The law each class is shared under, recorded on every item.
LEGAL_BASIS = {
    RecordClass.CHILD_WELFARE: "WIC 10850, 830, 18961.7",
    RecordClass.JUVENILE_COURT: "WIC 827",
    RecordClass.PROBATION: "WIC 827, 828, 830",
    RecordClass.MENTAL_HEALTH: "WIC 5328, 5328.04; HIPAA; CMIA",
    RecordClass.HEALTH: "HIPAA; CMIA",
    RecordClass.SUBSTANCE_USE: "42 CFR Part 2",
    RecordClass.EDUCATION: "FERPA",
    RecordClass.VICTIM_ADVOCATE: "VAWA/VOCA; Evid. Code 1035.4, 1038",
    RecordClass.LAW_ENFORCEMENT: "Agency discretion under the county protocol",
    RecordClass.CHILD_AND_FAMILY_TEAM: "WIC 832",
    RecordClass.GENERAL: "WIC 830 (MDT)",
}

# Shared with the youth's MDT members for the abuse-related purpose.
MDT_CLASSES = frozenset(
    {
        RecordClass.GENERAL,
        RecordClass.PROBATION,
        RecordClass.JUVENILE_COURT,
        RecordClass.LAW_ENFORCEMENT,
        RecordClass.MENTAL_HEALTH,
        RecordClass.HEALTH,
    }
)
# Shared with MDT members only while a WIC §18961.7 window is open.
WINDOW_CLASSES = frozenset({RecordClass.CHILD_WELFARE})
# Shared with a child welfare worker on the team (the youth in foster care), otherwise
# only under consent.
EDUCATION_CLASSES = frozenset({RecordClass.EDUCATION})
# Never shared without a consent naming the viewer or the viewer's agency.
CONSENT_ONLY_CLASSES = frozenset(
    {
        RecordClass.SUBSTANCE_USE,
        RecordClass.VICTIM_ADVOCATE,
        RecordClass.CHILD_AND_FAMILY_TEAM,
    }
)
# Where the youth consented to their own treatment, the youth controls disclosure.
YOUTH_CONTROLLABLE_CLASSES = frozenset(
    {RecordClass.MENTAL_HEALTH, RecordClass.HEALTH, RecordClass.SUBSTANCE_USE}
)
# View only: no download, print or export without a recorded court order.
COURT_ORDER_CLASSES = frozenset({RecordClass.JUVENILE_COURT, RecordClass.PROBATION})

# The classes an agency's staff may write, first one the default.
AUTHORED_CLASSES: dict[str, list[str]] = {
    AgencyType.CHILD_WELFARE: [
        RecordClass.CHILD_WELFARE,
        RecordClass.CHILD_AND_FAMILY_TEAM,
        RecordClass.GENERAL,
    ],
    AgencyType.PROBATION: [RecordClass.PROBATION, RecordClass.GENERAL],
    AgencyType.MENTAL_HEALTH: [RecordClass.MENTAL_HEALTH, RecordClass.GENERAL],
    AgencyType.PUBLIC_HEALTH: [RecordClass.HEALTH, RecordClass.GENERAL],
    AgencyType.JUVENILE_COURT: [RecordClass.JUVENILE_COURT],
    AgencyType.SUBSTANCE_USE: [RecordClass.SUBSTANCE_USE],
    AgencyType.COUNTY_EDUCATION: [RecordClass.EDUCATION, RecordClass.GENERAL],
    AgencyType.SCHOOL_DISTRICT: [RecordClass.EDUCATION, RecordClass.GENERAL],
    AgencyType.SHERIFF: [RecordClass.LAW_ENFORCEMENT, RecordClass.GENERAL],
    AgencyType.LAW_ENFORCEMENT: [RecordClass.LAW_ENFORCEMENT, RecordClass.GENERAL],
    AgencyType.VICTIM_ADVOCATE: [RecordClass.VICTIM_ADVOCATE],
    AgencyType.SURVIVOR_MENTOR: [RecordClass.VICTIM_ADVOCATE, RecordClass.GENERAL],
}
DEFAULT_AUTHORED_CLASSES = [RecordClass.GENERAL]


def classes_for_agency(agency_type: str) -> list[str]:
    return AUTHORED_CLASSES.get(agency_type, DEFAULT_AUTHORED_CLASSES)


PART_2_NOTICE = _("42 CFR part 2 prohibits unauthorized use or disclosure of these records.")
PART_2_NOTICE_LONG = _(
    "This record, from a federally assisted substance use disorder program, has been "
    "disclosed to you from records protected by federal confidentiality rules (42 CFR "
    "part 2). The federal rules prohibit you from making any further disclosure of this "
    "record unless further disclosure is expressly permitted by the written consent of "
    "the individual whose information is being disclosed in this record or, is otherwise "
    "permitted by 42 CFR part 2. A general authorization for the release of medical or "
    "other information is NOT sufficient for this purpose (see 42 CFR 2.31). The federal "
    "rules restrict any use of the information to investigate or prosecute with regard "
    "to a crime any patient with a substance use disorder, except as provided at 42 CFR "
    "2.12(c)(5) and 2.65."
)
