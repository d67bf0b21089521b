"""What the program measures (DOMAIN.md §7), counted from a source (``sources.py``).

Each measure runs a fixed number of queries, whatever the number of youth, and is
grouped by county so that one county's report and the statewide tables share it.
Definitions, written down once:

- a youth is **identified** in a period when their first identification falls in it;
- a youth is **served** in a period when identified by its last day and, during it, an
  MDT meeting about them was held, they were screened, or a referral was made for them;
- **status** is the category of the most recent exploitation status started by the
  period's last day and not ended before it; **age** is the age on that day;
- a task is **on time** when done by its due time; a task due in the period and not
  done is **not done**;
- a **placement move** is a placement started in the period after an earlier one.

The measures the dashboard follows over four quarters also come ``*_by_period``: one
query for adjacent periods (oldest first), each row put in the period of its day (by
the database where only counts are wanted: ``_period_of``); the one-period measure is
that with one period, so each definition is written once.

The measures of youth are in ``youth.py``, those of the work in ``activity.py``, and the
words both count by in ``common.py``; each is named here, as ``measures.<name>``.
"""

from carecircle.reports.measures.activity import (  # noqa: F401 - the measures, by one name
    EPISODE_LENGTHS,
    TIMELINESS,
    EpisodeRow,
    MeetingCoverage,
    detentions,
    detentions_by_period,
    diversions,
    diversions_by_period,
    episode_length,
    identifications_by_source,
    meeting_coverage,
    missing_episodes,
    missing_episodes_by_period,
    open_tasks,
    placements,
    placements_by_period,
    re_exploitation,
    re_exploitation_by_period,
    referral_barriers,
    referrals_by_domain,
    timeliness,
    timeliness_by_period,
)
from carecircle.reports.measures.common import (  # noqa: F401 - the measures, by one name
    AGE_BANDS,
    NO_DOMAIN,
    NO_STATUS,
    NO_TIER,
    NOT_RECORDED,
    RACE_GROUPS,
    age_band,
    age_on,
    race_group,
)
from carecircle.reports.measures.youth import (  # noqa: F401 - the measures, by one name
    YouthRow,
    caseload_now,
    identified_by_period,
    identified_youth,
    served_youth,
    statuses_on,
)
