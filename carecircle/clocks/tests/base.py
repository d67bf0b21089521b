from datetime import date

from carecircle.accounts.roles import AgencyType
from carecircle.youth.actions import record_identification


def a_trigger(case, youth=None, record_class="general"):
    """Something for a task to start from: an identification of risk, which opens no
    task of its own."""
    return record_identification(
        actor=case.coordinator_a,
        youth=youth or case.youth_cw_a,
        agency=case.agencies_a[AgencyType.CHILD_WELFARE],
        record_class=record_class,
        identified_on=date(2026, 1, 5),
        source="hotline",
        identified_by="Hotline",
        category="at_risk",
        certainty="suspected",
    )
