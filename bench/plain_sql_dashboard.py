"""The county dashboard (``carecircle/reports/dashboard.py``) written again as plain SQL
for PostgreSQL, for the benchmark. The viewer, the policy and the shape of the result
are those of ``plain_sql_program`` (read its docstring first).

Covered — every figure of ``build_dashboard``:

- the caseload now: youth by status today and the tier of their last finalised MDT
  meeting, school enrollment, and episodes still open ("missing now");
- open tasks by kind and by the agency whose record started them, overdue, due within
  24 hours or later;
- for the period: timeliness, MDT coverage, services, missing episodes by length (and
  how many episodes, youth and days missing), diversion — the program report's own
  statements, run again;
- the outcome trends over the four quarters ending with the period's (identified,
  episodes, days missing, placement moves, re-exploited, detentions, diversions
  offered and completed, and the three shares done on time).

Left out: nothing the dashboard counts; its labels, percentages of a table's row and
the charts are presentation. "Today", for the status of the caseload, is the county's
date at ``now`` (the dashboard takes the clock's), so give it the report's ``now``.

Shape: ``{table key: {"row/column": n}}`` as for the program report (a task's agency
is its name), plus ``"headline"`` (``missing_now``, ``episodes``, ``youth``, ``days``)
and ``"trends"`` (``"measure/2026-Q3"``: a count, or the share done on time as the
dashboard rounds it). Zero counts, and shares of nothing, are left out of both.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection
from django.utils.translation import gettext_lazy

from bench.plain_sql_program import (
    DIVERSIONS_SQL,
    LAYOUT,
    PRELUDE,
    N,
    _visible,
    coverage_counts,
    episode_counts,
    one_column,
    parameters,
    services_counts,
    table_counts,
    tally,
    timeliness_counts,
)
from carecircle.clocks.models import ObligationKind
from carecircle.meetings.models import Tier
from carecircle.reports.suppression import percentage
from carecircle.reports.tables import (
    KIND_ROWS,
    SCREEN_KINDS,
    STATUS_ROWS,
    STATUTORY_REPORT_KINDS,
)
from carecircle.youth.models import SchoolEnrollment

Counts = dict[str, dict]

# The caseload now (build_dashboard's first part): status on the county's date today
# (as statuses_on) by the tier of the last finalised meeting (current_tiers), school
# enrollment as last recorded, and episodes not yet ended.
NOW_SQL = f"""{PRELUDE},
    today AS (SELECT (%(now)s::timestamptz AT TIME ZONE %(tz)s)::date AS day),
    status_now AS (
        SELECT DISTINCT ON (s.youth_id) s.youth_id, s.category
        FROM statuses s CROSS JOIN today t
        WHERE s.started_on <= t.day AND (s.ended_on IS NULL OR s.ended_on >= t.day)
        ORDER BY s.youth_id, s.started_on DESC, s.created_at DESC
    ),
    tier_now AS (
        SELECT DISTINCT ON (youth_id) youth_id, tier FROM meetings
        WHERE status = 'finalised'
        ORDER BY youth_id, starts_at DESC
    ),
    described AS (
        SELECT COALESCE(s.category, 'none') AS status, COALESCE(t.tier, 'none') AS tier,
               COALESCE(NULLIF(y.school_enrollment, ''), 'unknown') AS school
        FROM youth y
        LEFT JOIN status_now s ON s.youth_id = y.id
        LEFT JOIN tier_now t ON t.youth_id = y.id
    )
SELECT CASE WHEN GROUPING(school) = 0 THEN 'school' ELSE 'caseload' END,
       COALESCE(school, status), COALESCE(tier, 'n'), count(*)
FROM described
GROUP BY GROUPING SETS ((status, tier), (school))
UNION ALL
SELECT 'missing_now', '', '', count(*) FROM missing WHERE returned_at IS NULL"""

# open_tasks: tasks not done, by kind and the name of the agency their record came from.
TASKS_SQL = f"""{PRELUDE},
    soon AS (SELECT %(now)s::timestamptz + interval '24 hours' AS at)
SELECT o.kind, a.name,
       count(*) FILTER (WHERE o.due_at < %(now)s),
       count(*) FILTER (WHERE o.due_at >= %(now)s AND o.due_at < soon.at),
       count(*) FILTER (WHERE o.due_at >= soon.at OR o.due_at IS NULL)
FROM obligations o
JOIN accounts_agency a ON a.id = o.source_agency_id
CROSS JOIN soon
WHERE o.satisfied_at IS NULL
GROUP BY o.kind, a.name"""

# trends: one row per quarter, the four ending with the period's last day
# (recent_quarters), one column per outcome measure.
TRENDS_SQL = f"""{PRELUDE},
    quarters AS (
        SELECT to_char(q, 'YYYY-"Q"Q') AS key, q::date AS first_on,
               (q + interval '3 months')::date - 1 AS last_on,
               q AT TIME ZONE %(tz)s AS q_start,
               (q + interval '3 months') AT TIME ZONE %(tz)s AS q_end
        -- Counting back over integers, the planner knows there are four: with the
        -- thousand rows it assumes for a series of timestamps, the cost estimate
        -- passes jit_above_cost and JIT compiling takes seconds.
        FROM generate_series(0, 3) AS back
        CROSS JOIN LATERAL (
            SELECT date_trunc('quarter', %(last)s::date::timestamp) - back * interval '3 months'
        ) AS start (q)
    )
SELECT q.key,
    -- identified_youth
    (SELECT count(DISTINCT i.youth_id) FROM identifications i
     WHERE i.identified_on BETWEEN q.first_on AND q.last_on
       AND NOT EXISTS (SELECT 1 FROM identifications e
                       WHERE e.youth_id = i.youth_id AND e.identified_on < q.first_on)),
    -- missing_episodes: how many began, and days missing so far
    (SELECT count(*) FROM missing e
     WHERE e.last_seen_at >= q.q_start AND e.last_seen_at < q.q_end),
    (SELECT sum(extract(epoch FROM COALESCE(e.returned_at, %(now)s) - e.last_seen_at) / 86400)
     FROM missing e WHERE e.last_seen_at >= q.q_start AND e.last_seen_at < q.q_end),
    -- placements: moves, placements begun after an earlier countable one
    (SELECT count(*) FROM placements p
     WHERE p.started_on BETWEEN q.first_on AND q.last_on
       AND EXISTS (SELECT 1 FROM youth_placement e
                   WHERE e.youth_id = p.youth_id AND e.county_id = %(county)s
                     AND e.started_on < p.started_on AND {_visible("e")})),
    -- re_exploitation: youth with a status other than "at risk" begun in the quarter
    -- after such a status of another identification ended. As the ORM's exclude(), a
    -- status with no identification never follows one that has one.
    (SELECT count(DISTINCT s.youth_id) FROM statuses s
     WHERE s.started_on BETWEEN q.first_on AND q.last_on AND s.category <> 'at_risk'
       AND EXISTS (
           SELECT 1 FROM statuses w
           WHERE w.youth_id = s.youth_id AND w.ended_on IS NOT NULL
             AND w.ended_on <= s.started_on AND w.category <> 'at_risk'
             AND (w.identification_id IS NULL OR w.identification_id <> s.identification_id))),
    -- detentions
    (SELECT count(*) FROM detentions d WHERE d.started_on BETWEEN q.first_on AND q.last_on),
    -- diversions offered, and of them completed
    (SELECT count(*) FROM diversions d WHERE d.offered_on BETWEEN q.first_on AND q.last_on),
    (SELECT count(*) FROM diversions d
     WHERE d.offered_on BETWEEN q.first_on AND q.last_on AND d.status = 'completed'),
    -- timeliness of the statutory reports, health exams and post-return screens:
    -- done on time, of those due in the quarter and by now
    t.reports_on_time, t.reports_due, t.health_on_time, t.health_due,
    t.screens_on_time, t.screens_due
FROM quarters q
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE o.kind = ANY(%(report_kinds)s) AND o.satisfied_at <= o.due_at)
               AS reports_on_time,
           count(*) FILTER (WHERE o.kind = ANY(%(report_kinds)s)) AS reports_due,
           count(*) FILTER (WHERE o.kind = %(health_kind)s AND o.satisfied_at <= o.due_at)
               AS health_on_time,
           count(*) FILTER (WHERE o.kind = %(health_kind)s) AS health_due,
           count(*) FILTER (WHERE o.kind = ANY(%(screen_kinds)s) AND o.satisfied_at <= o.due_at)
               AS screens_on_time,
           count(*) FILTER (WHERE o.kind = ANY(%(screen_kinds)s)) AS screens_due
    FROM obligations o
    WHERE o.due_at >= q.q_start AND o.due_at < LEAST(q.q_end, %(now)s)
) t
ORDER BY q.first_on"""

TREND_COUNTS = (
    "identified",
    "episodes",
    "days_missing",
    "moves",
    "re_exploited",
    "detentions",
    "diversions_offered",
    "diversions_completed",
)
TREND_SHARES = ("reports_on_time", "health_on_time", "screens_on_time")

TASK_COLUMNS = [
    ("overdue", gettext_lazy("Overdue")),
    ("due_soon", gettext_lazy("Due in the next 24 hours")),
    ("later", gettext_lazy("Due later")),
]
DASHBOARD_LAYOUT = {
    "caseload": (STATUS_ROWS, [*Tier.choices, ("none", gettext_lazy("No MDT meeting yet"))]),
    "school": (list(SchoolEnrollment.choices), N),
    "tasks_by_kind": (KIND_ROWS, TASK_COLUMNS),
    "tasks_by_agency": (None, TASK_COLUMNS),  # rows: the agencies' names
    "timeliness": LAYOUT["timeliness"],
    "mdt_coverage": LAYOUT["mdt_coverage"],
    "services": LAYOUT["services_by_domain"],
    "missing": LAYOUT["missing_episodes"],
    "diversion": LAYOUT["diversion"],
}


def now_counts(cursor, params) -> tuple[dict[str, int], dict[str, int], int]:
    cursor.execute(NOW_SQL, params)
    caseload, school, missing_now = {}, {}, 0
    for part, row, col, n in cursor.fetchall():
        if part == "caseload":
            caseload[(row, col)] = n
        elif part == "school":
            school[(row, "n")] = n
        else:
            missing_now = n
    return (
        tally(DASHBOARD_LAYOUT["caseload"], caseload),
        tally(DASHBOARD_LAYOUT["school"], school),
        missing_now,
    )


def task_counts(cursor, params) -> tuple[dict[str, int], dict[str, int]]:
    cursor.execute(TASKS_SQL, params)
    by_kind: dict[tuple[str, str], int] = {}
    by_agency: dict[tuple[str, str], int] = {}
    for kind, agency, *states in cursor.fetchall():
        for (state, _label), n in zip(TASK_COLUMNS, states, strict=True):
            by_kind[(kind, state)] = by_kind.get((kind, state), 0) + n
            by_agency[(agency, state)] = by_agency.get((agency, state), 0) + n
    return (
        tally(DASHBOARD_LAYOUT["tasks_by_kind"], by_kind),
        tally(DASHBOARD_LAYOUT["tasks_by_agency"], by_agency),
    )


def trend_values(cursor, params) -> dict:
    cursor.execute(TRENDS_SQL, params)
    values: dict = {}
    for key, *figures in cursor.fetchall():
        counts = dict(zip(TREND_COUNTS, figures[: len(TREND_COUNTS)], strict=True))
        counts["days_missing"] = round(float(counts["days_missing"] or 0))
        shares = figures[len(TREND_COUNTS) :]
        for index, name in enumerate(TREND_SHARES):
            counts[name] = percentage(shares[2 * index], shares[2 * index + 1])
        values |= {f"{name}/{key}": value for name, value in counts.items() if value}
    return values


def dashboard_sql(county_id: int, viewer_id: int, first: date, last: date, now: datetime) -> Counts:
    """The dashboard's figures for the period ``first`` to ``last``, counted in plain SQL:
    eight statements and the check of the viewer."""
    with connection.cursor() as cursor:
        params = parameters(cursor, county_id, viewer_id, first, last, now)
        params |= {
            "report_kinds": sorted(STATUTORY_REPORT_KINDS),
            "screen_kinds": sorted(SCREEN_KINDS),
            "health_kind": ObligationKind.HEALTH_EXAM.value,
        }
        counts: Counts = {}
        counts["caseload"], counts["school"], missing_now = now_counts(cursor, params)
        counts["tasks_by_kind"], counts["tasks_by_agency"] = task_counts(cursor, params)
        counts["timeliness"] = timeliness_counts(cursor, params)
        counts["mdt_coverage"] = coverage_counts(cursor, params)
        counts["services"], _barriers = services_counts(cursor, params)
        counts["missing"], whole = episode_counts(cursor, params)
        counts["diversion"] = one_column(cursor, DIVERSIONS_SQL, params, "diversion")
        counts["headline"] = {
            name: value for name, value in {"missing_now": missing_now, **whole}.items() if value
        }
        counts["trends"] = trend_values(cursor, params)
    return counts


def dashboard_counts(dashboard) -> Counts:
    """The same shape as ``dashboard_sql``, from a built ``Dashboard``."""
    counts: Counts = {
        key: table_counts(table, DASHBOARD_LAYOUT.get(key))
        for key, table in dashboard.tables.items()
    }
    headline = {"missing_now": dashboard.missing_now, **dashboard.episode_summary}
    counts["headline"] = {name: value for name, value in headline.items() if value}
    counts["trends"] = {
        f"{trend.key}/{quarter.key}": value
        for trend in dashboard.trends
        for quarter, value in zip(dashboard.quarters, trend.values, strict=True)
        if value
    }
    return counts
