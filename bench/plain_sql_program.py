"""The county program report (``carecircle/reports/program.py``) written again as plain
SQL for PostgreSQL, so a benchmark can time the report against the same aggregates
hand-written, and check that both give the same numbers.

The viewer is a county **coordinator**: the one county-wide role, so the sharing policy
(``carecircle/sharing/policy``) reduces, for the figures a report counts, to:

- youth (``policy.reported_youth``): every record of the county that is current (not
  merged into another) and not sealed — a sealed record is counted by nobody;
- items (``policy.reported_items``): items of those youth, of the county, that the
  viewer's own agencies wrote, or of an MDT class (general, probation, juvenile court,
  law enforcement, mental health, health) the youth does not control, or child welfare
  while the youth's WIC 18961.7 window is open, or opened by a consent in force, or
  under the viewer's running break-glass grant (never a consent-only class), or
  education when the viewer works in child welfare;
- tasks (``policy.visible_obligations``): the county's tasks of those youth, less those
  standing for a consent-only record unless the item rules above open them;
- MDT meetings: every meeting of those youth.

The policy's "now" (open windows, consents in force, break-glass grants) is the
``now`` given here, as it is the moment the report is built. Anyone but an active
coordinator of ``county_id`` is refused (``ValueError``): for other viewers the
policy needs rules this module does not write down (caseload, MDT membership).

``program_report_sql`` and ``program_report_counts`` return the same shape, so the two
can be compared with ``==``: ``{table key: {"row/column": count}}`` with the table's
own row and column keys (``"n"`` for a table of one column), plus the figures of the
notes under a table as ``"note/…"``. Zero counts are left out of both.

Where the report picks one row of several arbitrarily (two statuses started on the
same day and recorded at the same instant), so does the SQL, maybe another one.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db import connection
from django.utils.translation import gettext, gettext_lazy

from carecircle.accounts.roles import CASE_ROLES, AgencyType, Role
from carecircle.reports.tables import (
    AGE_ROWS,
    DIVERSION_ROWS,
    DOMAIN_ROWS,
    EPISODE_ROWS,
    GENDER_ROWS,
    KIND_ROWS,
    RACE_ROWS,
    REFERRAL_COLUMNS,
    SETTING_ROWS,
    SOURCE_ROWS,
    STATUS_ROWS,
    TIMELINESS_COLUMNS,
)
from carecircle.sharing.classes import (
    CONSENT_ONLY_CLASSES,
    EDUCATION_CLASSES,
    MDT_CLASSES,
    WINDOW_CLASSES,
)

Counts = dict[str, dict[str, int]]

# The policy's vocabulary is passed as parameters, so the SQL and the policy cannot
# disagree about which class is which.
VOCABULARY = {
    "case_roles": sorted(CASE_ROLES),
    "coordinator": Role.COORDINATOR.value,
    "mdt_classes": sorted(MDT_CLASSES),
    "window_classes": sorted(WINDOW_CLASSES),
    "education_classes": sorted(EDUCATION_CLASSES),
    "consent_only_classes": sorted(CONSENT_ONLY_CLASSES),
    "child_welfare": AgencyType.CHILD_WELFARE.value,
}


def _visible(i: str) -> str:
    """``policy.visible_items`` for a county-wide viewer, as a condition on the item
    ``i`` (any SharedItem table; its youth is already one the report counts)."""
    return f"""(
        {i}.source_agency_id IN (SELECT agency_id FROM mine)
        OR ({i}.record_class = ANY(%(mdt_classes)s) AND NOT {i}.youth_controlled)
        OR ({i}.record_class = ANY(%(window_classes)s)
            AND {i}.youth_id IN (SELECT youth_id FROM windows))
        OR EXISTS (
            SELECT 1 FROM consented k
            WHERE k.youth_id = {i}.youth_id AND k.record_class = {i}.record_class
              AND k.agency_id = {i}.source_agency_id
              AND (k.youth_signed OR NOT {i}.youth_controlled))
        OR ({i}.youth_id IN (SELECT youth_id FROM glass)
            AND NOT {i}.record_class = ANY(%(consent_only_classes)s))
        OR ({i}.record_class = ANY(%(education_classes)s)
            AND EXISTS (SELECT 1 FROM mine WHERE agency_type = %(child_welfare)s))
    )"""


def _items(name: str, table: str) -> str:
    """The rows of ``table`` the report may count (``ViewerSource.items``)."""
    return f"""{name} AS (
        SELECT i.* FROM {table} i JOIN youth ON youth.id = i.youth_id
        WHERE i.county_id = %(county)s AND {_visible("i")}
    )"""


# Every statement starts from these. PostgreSQL plans a CTE no statement refers to away.
PRELUDE = f"""WITH
    -- The viewer's agencies: active memberships in a case role, in an active agency.
    mine AS (
        SELECT DISTINCT m.agency_id, a.agency_type
        FROM accounts_membership m JOIN accounts_agency a ON a.id = m.agency_id
        WHERE m.user_id = %(viewer)s AND m.active AND a.active AND m.role = ANY(%(case_roles)s)
    ),
    -- policy.reported_youth: the coordinator knows every current, unsealed record.
    youth AS (
        SELECT y.* FROM youth_youth y
        WHERE y.county_id = %(county)s AND y.merged_into_id IS NULL AND y.sealed_at IS NULL
    ),
    windows AS (
        SELECT youth_id FROM sharing_sharingwindow
        WHERE reported_at <= %(now)s AND ends_at > %(now)s
    ),
    glass AS (
        SELECT youth_id FROM sharing_breakglassgrant
        WHERE user_id = %(viewer)s AND started_at <= %(now)s AND expires_at > %(now)s
    ),
    -- What consents in force open to the viewer: a child and family team consent when
    -- the viewer signed it as a participant, any other when it names the viewer or one
    -- of the viewer's agencies; an item the youth controls needs the youth's signature.
    consented AS (
        SELECT c.youth_id, cc.record_class, c.disclosing_agency_id AS agency_id,
               bool_or(EXISTS (
                   SELECT 1 FROM sharing_consentsigner s
                   WHERE s.consent_id = c.id AND s.signer_type = 'youth'
               )) AS youth_signed
        FROM sharing_consent c JOIN sharing_consentclass cc ON cc.consent_id = c.id
        WHERE c.revoked_at IS NULL AND c.effective_at <= %(now)s AND c.expires_at > %(now)s
          AND CASE WHEN cc.record_class = 'cft' THEN EXISTS (
                  SELECT 1 FROM sharing_consentsigner s
                  WHERE s.consent_id = c.id AND s.user_id = %(viewer)s
                    AND s.signer_type = 'cft_participant')
              ELSE EXISTS (
                  SELECT 1 FROM sharing_consent_recipient_users r
                  WHERE r.consent_id = c.id AND r.user_id = %(viewer)s)
                OR EXISTS (
                  SELECT 1 FROM sharing_consent_recipient_agencies r
                  WHERE r.consent_id = c.id AND r.agency_id IN (SELECT agency_id FROM mine))
              END
        GROUP BY 1, 2, 3
    ),
    {_items("identifications", "youth_identification")},
    {_items("statuses", "youth_exploitationstatus")},
    {_items("placements", "youth_placement")},
    {_items("screenings", "screening_screening")},
    {_items("referrals", "referrals_referral")},
    {_items("missing", "clocks_missingepisode")},
    {_items("diversions", "justice_diversion")},
    {_items("detentions", "justice_detention")},
    -- policy.visible_obligations: the coordinator watches every clock of the county but
    -- those standing for a consent-only record, which follow the item rules.
    obligations AS (
        SELECT i.* FROM clocks_obligation i JOIN youth ON youth.id = i.youth_id
        WHERE i.county_id = %(county)s
          AND (NOT i.record_class = ANY(%(consent_only_classes)s) OR {_visible("i")})
    ),
    meetings AS (SELECT m.* FROM meetings_meeting m JOIN youth ON youth.id = m.youth_id),
    -- The period as instants: midnight to midnight in the county's zone (Period.bounds).
    bounds AS (
        SELECT %(first)s::date::timestamp AT TIME ZONE %(tz)s AS period_start,
               (%(last)s::date + 1)::timestamp AT TIME ZONE %(tz)s AS period_end
    )"""

# Age on the day %(last)s, in whole years (measures.age_on), and its band (age_band).
_AGE = """CROSS JOIN LATERAL (
        SELECT extract(year FROM %(last)s::date)::int - extract(year FROM y.date_of_birth)::int
               - CASE WHEN to_char(%(last)s::date, 'MMDD') < to_char(y.date_of_birth, 'MMDD')
                      THEN 1 ELSE 0 END AS years
    ) age"""
_AGE_BAND = """CASE WHEN age.years < 12 THEN 'under_12' WHEN age.years >= 18 THEN '18_plus'
        ELSE (age.years - mod(age.years, 2))::text || '_'
             || (age.years - mod(age.years, 2) + 1)::text
    END"""
# The races named, less "declined" and "unknown" (measures.race_group).
_RACES = """CROSS JOIN LATERAL (
        SELECT count(*) AS named, min(r) AS one
        FROM jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(y.races) = 'array' THEN y.races ELSE '[]'::jsonb END) AS r
        WHERE r NOT IN ('declined', 'unknown')
    ) race"""
_RACE_GROUP = """CASE WHEN y.hispanic_latino = 'yes' THEN 'hispanic'
        WHEN race.named > 1 THEN 'multiple' WHEN race.named = 1 THEN race.one
        ELSE 'unknown' END"""

# identified_youth, served_youth and statuses_on, counted by status, age band, gender
# and race group in one pass (youth_tables).
YOUTH_SQL = f"""{PRELUDE},
    -- First identified in the period: identified in it and not before it
    -- (measures.identified_youth).
    identified AS (
        SELECT DISTINCT i.youth_id FROM identifications i
        WHERE i.identified_on BETWEEN %(first)s AND %(last)s
          AND NOT EXISTS (
              SELECT 1 FROM identifications e
              WHERE e.youth_id = i.youth_id AND e.identified_on < %(first)s)
    ),
    -- Identified by the period's last day, and met, screened or referred in it.
    served AS (
        SELECT y.id AS youth_id FROM youth y CROSS JOIN bounds b
        WHERE EXISTS (
            SELECT 1 FROM identifications i
            WHERE i.youth_id = y.id AND i.identified_on <= %(last)s) AND (
            y.id IN (
                SELECT youth_id FROM meetings WHERE status = 'finalised'
                  AND starts_at >= b.period_start AND starts_at < b.period_end)
            OR y.id IN (
                SELECT youth_id FROM screenings WHERE screened_on BETWEEN %(first)s AND %(last)s)
            OR y.id IN (
                SELECT youth_id FROM referrals
                WHERE created_at >= b.period_start AND created_at < b.period_end))
    ),
    counted (col, youth_id) AS (
        SELECT 'identified', youth_id FROM identified
        UNION ALL SELECT 'served', youth_id FROM served
    ),
    -- The latest status started by the last day and not ended before it.
    status_then AS (
        SELECT DISTINCT ON (youth_id) youth_id, category FROM statuses
        WHERE started_on <= %(last)s AND (ended_on IS NULL OR ended_on >= %(last)s)
        ORDER BY youth_id, started_on DESC, created_at DESC
    ),
    described AS (
        SELECT c.col, COALESCE(s.category, 'none') AS status, {_AGE_BAND} AS age,
               COALESCE(NULLIF(y.gender_identity, ''), 'not_recorded') AS gender,
               {_RACE_GROUP} AS race
        FROM counted c JOIN youth y ON y.id = c.youth_id
        LEFT JOIN status_then s ON s.youth_id = c.youth_id
        {_AGE} {_RACES}
    )
SELECT CASE WHEN GROUPING(status) = 0 THEN 'youth_by_status'
            WHEN GROUPING(age) = 0 THEN 'youth_by_age'
            WHEN GROUPING(gender) = 0 THEN 'youth_by_gender'
            ELSE 'youth_by_race' END,
       COALESCE(status, age, gender, race), col, count(*)
FROM described
GROUP BY GROUPING SETS ((col, status), (col, age), (col, gender), (col, race))"""

# identifications_by_source.
SOURCES_SQL = f"""{PRELUDE}
SELECT source, count(*) FROM identifications
WHERE identified_on BETWEEN %(first)s AND %(last)s
GROUP BY source"""

# referrals_by_domain and referral_barriers: referrals made in the period, by the domain
# of their need (any need: the join does not ask whether the need is visible) and status.
REFERRALS_SQL = f"""{PRELUDE}
SELECT COALESCE(NULLIF(n.domain, ''), 'none'), r.status, count(*),
       count(*) FILTER (WHERE r.barriers <> '')
FROM referrals r CROSS JOIN bounds b LEFT JOIN referrals_need n ON n.id = r.need_id
WHERE r.created_at >= b.period_start AND r.created_at < b.period_end
GROUP BY 1, 2"""

# placements: begun in the period by setting, and moves (a countable earlier placement).
# (The earlier placement is looked up in the table by its youth, not in the
# "placements" CTE: a CTE named twice is materialised, without an index.)
PLACEMENTS_SQL = f"""{PRELUDE}
SELECT p.setting, count(*),
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM youth_placement e
           WHERE e.youth_id = p.youth_id AND e.county_id = %(county)s
             AND e.started_on < p.started_on AND {_visible("e")}))
FROM placements p
WHERE p.started_on BETWEEN %(first)s AND %(last)s
GROUP BY p.setting"""

# timeliness: tasks due in the period and by now, by kind and whether done on time.
TIMELINESS_SQL = f"""{PRELUDE}
SELECT o.kind,
       count(*) FILTER (WHERE o.satisfied_at <= o.due_at),
       count(*) FILTER (WHERE o.satisfied_at > o.due_at),
       count(*) FILTER (WHERE o.satisfied_at IS NULL)
FROM obligations o CROSS JOIN bounds b
WHERE o.due_at >= b.period_start AND o.due_at < LEAST(b.period_end, %(now)s)
GROUP BY o.kind"""

# missing_episodes: begun in the period, by length (episode_length); the row with no
# band is the whole: how many youth, and days missing so far in all.
EPISODES_SQL = f"""{PRELUDE},
    episodes AS (
        SELECT e.youth_id, e.returned_at,
               extract(epoch FROM COALESCE(e.returned_at, %(now)s) - e.last_seen_at) / 86400
                   AS days_so_far
        FROM missing e CROSS JOIN bounds b
        WHERE e.last_seen_at >= b.period_start AND e.last_seen_at < b.period_end
    ),
    banded AS (
        SELECT youth_id, days_so_far,
               CASE WHEN returned_at IS NULL THEN 'still_missing'
                    WHEN days_so_far <= 1 THEN 'up_to_1' WHEN days_so_far <= 7 THEN '2_to_7'
                    WHEN days_so_far <= 30 THEN '8_to_30' ELSE 'over_30' END AS band
        FROM episodes
    )
SELECT band, count(*), count(DISTINCT youth_id), sum(days_so_far)
FROM banded
GROUP BY GROUPING SETS ((band), ())"""

# diversions: offered in the period, by status now.
DIVERSIONS_SQL = f"""{PRELUDE}
SELECT status, count(*) FROM diversions
WHERE offered_on BETWEEN %(first)s AND %(last)s
GROUP BY status"""

# meeting_coverage: finalised meetings held in the period, those missing no required
# agency, and how often each agency type was missing.
COVERAGE_SQL = f"""{PRELUDE},
    held AS (
        SELECT m.missing_agency_types AS absent FROM meetings m CROSS JOIN bounds b
        WHERE m.status = 'finalised'
          AND m.starts_at >= b.period_start AND m.starts_at < b.period_end
    )
SELECT 'held', count(*) FROM held
UNION ALL
SELECT 'complete', count(*) FROM held
WHERE absent IS NULL OR absent IN ('[]'::jsonb, 'null'::jsonb)
UNION ALL
SELECT agency_type, count(*)
FROM held CROSS JOIN LATERAL jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(absent) = 'array' THEN absent ELSE '[]'::jsonb END) AS agency_type
GROUP BY agency_type"""


# The row and column keys of each table, as in tables.py (an unknown value is not shown
# in the report, so it is not counted here either).
def _keys(spec) -> list[str]:
    return [str(key) for key, _label in spec]


COVERAGE_ROWS = [("held", "held"), ("complete", "complete"), *AgencyType.choices]
N = [("n", "n")]
YOUTH_COLUMNS = [("identified", gettext_lazy("Identified")), ("served", gettext_lazy("Served"))]
LAYOUT = {
    "youth_by_status": (STATUS_ROWS, YOUTH_COLUMNS),
    "youth_by_age": (AGE_ROWS, YOUTH_COLUMNS),
    "youth_by_gender": (GENDER_ROWS, YOUTH_COLUMNS),
    "youth_by_race": (RACE_ROWS, YOUTH_COLUMNS),
    "identifications_by_source": (SOURCE_ROWS, N),
    "services_by_domain": (DOMAIN_ROWS, REFERRAL_COLUMNS),
    "placements": (SETTING_ROWS, N),
    "timeliness": (KIND_ROWS, TIMELINESS_COLUMNS),
    "missing_episodes": (EPISODE_ROWS, N),
    "diversion": (DIVERSION_ROWS, N),
    "mdt_coverage": (COVERAGE_ROWS, N),
}


def tally(layout: tuple, found: dict[tuple[str, str], int]) -> dict[str, int]:
    """``{"row/column": n}`` of the non-zero counts in the table's rows and columns
    (``layout``: row and column specs as in tables.py; rows None: any row)."""
    rows = None if layout[0] is None else set(_keys(layout[0]))
    columns = set(_keys(layout[1]))
    return {
        f"{row}/{col}": int(n)
        for (row, col), n in found.items()
        if n and (rows is None or row in rows) and col in columns
    }


# Statements ----------------------------------------------------------------------


def viewer_time_zone(cursor, county_id: int, viewer_id: int) -> str:
    """The county's time zone, once the viewer is known to be an active coordinator of
    it (the only viewer the statements here are written for)."""
    cursor.execute(
        """SELECT c.time_zone FROM accounts_user u JOIN accounts_county c ON c.id = u.county_id
        WHERE u.id = %(viewer)s AND u.county_id = %(county)s AND u.is_active
          AND EXISTS (
              SELECT 1 FROM accounts_membership m JOIN accounts_agency a ON a.id = m.agency_id
              WHERE m.user_id = u.id AND m.active AND a.active AND m.role = %(coordinator)s)""",
        {"viewer": viewer_id, "county": county_id, "coordinator": VOCABULARY["coordinator"]},
    )
    row = cursor.fetchone()
    if row is None:
        raise ValueError("The plain SQL counts for an active coordinator of the county only.")
    return row[0]


def parameters(
    cursor, county_id: int, viewer_id: int, first: date, last: date, now: datetime
) -> dict:
    tz = viewer_time_zone(cursor, county_id, viewer_id)
    return {
        **VOCABULARY,
        "county": county_id,
        "viewer": viewer_id,
        "first": first,
        "last": last,
        "now": now,
        "tz": tz,
    }


def youth_counts(cursor, params) -> Counts:
    cursor.execute(YOUTH_SQL, params)
    found: dict[str, dict] = {key: {} for key in LAYOUT if key.startswith("youth_by_")}
    for table, row, col, n in cursor.fetchall():
        found[table][(row, col)] = n
    return {key: tally(LAYOUT[key], cells) for key, cells in found.items()}


def one_column(cursor, sql: str, params, key: str) -> dict[str, int]:
    """A table of one column from ``(row, n)`` results."""
    cursor.execute(sql, params)
    return tally(LAYOUT[key], {(row, "n"): n for row, n in cursor.fetchall()})


def services_counts(cursor, params) -> tuple[dict[str, int], int]:
    """Referrals by domain and status, and how many of them have barriers written down."""
    cursor.execute(REFERRALS_SQL, params)
    rows = cursor.fetchall()
    cells = tally(LAYOUT["services_by_domain"], {(d, s): n for d, s, n, _b in rows})
    return cells, sum(b for *_rest, b in rows)


def placement_counts(cursor, params) -> tuple[dict[str, int], int]:
    cursor.execute(PLACEMENTS_SQL, params)
    rows = cursor.fetchall()
    cells = tally(LAYOUT["placements"], {(setting, "n"): n for setting, n, _m in rows})
    return cells, sum(moves for *_rest, moves in rows)


def timeliness_counts(cursor, params) -> dict[str, int]:
    cursor.execute(TIMELINESS_SQL, params)
    found = {}
    for kind, on_time, late, not_done in cursor.fetchall():
        found |= {(kind, "on_time"): on_time, (kind, "late"): late, (kind, "not_done"): not_done}
    return tally(LAYOUT["timeliness"], found)


def episode_counts(cursor, params) -> tuple[dict[str, int], dict[str, int]]:
    """Episodes by length, and the whole: episodes, youth, days missing (rounded as the
    report rounds them)."""
    cursor.execute(EPISODES_SQL, params)
    bands, whole = {}, {"episodes": 0, "youth": 0, "days": 0}
    for band, n, youth, days in cursor.fetchall():
        if band is None:
            whole = {"episodes": n, "youth": youth, "days": round(float(days or 0))}
        else:
            bands[(band, "n")] = n
    return tally(LAYOUT["missing_episodes"], bands), whole


def coverage_counts(cursor, params) -> dict[str, int]:
    return one_column(cursor, COVERAGE_SQL, params, "mdt_coverage")


def _nonzero(values: dict) -> dict:
    return {key: value for key, value in values.items() if value}


def program_report_sql(
    county_id: int, viewer_id: int, first: date, last: date, now: datetime
) -> Counts:
    """The program report's counts for the period ``first`` to ``last``, counted in plain
    SQL: one statement per table or family of tables (nine in all, with the check of
    the viewer)."""
    with connection.cursor() as cursor:
        params = parameters(cursor, county_id, viewer_id, first, last, now)
        counts = youth_counts(cursor, params)
        counts["identifications_by_source"] = one_column(
            cursor, SOURCES_SQL, params, "identifications_by_source"
        )
        services, barriers = services_counts(cursor, params)
        counts["services_by_domain"] = services | _nonzero({"note/barriers": barriers})
        placements, moves = placement_counts(cursor, params)
        counts["placements"] = placements | _nonzero({"note/moves": moves})
        counts["timeliness"] = timeliness_counts(cursor, params)
        bands, whole = episode_counts(cursor, params)
        counts["missing_episodes"] = bands | _nonzero(
            {"note/youth": whole["youth"], "note/days": whole["days"]}
        )
        counts["diversion"] = one_column(cursor, DIVERSIONS_SQL, params, "diversion")
        counts["mdt_coverage"] = coverage_counts(cursor, params)
    return counts


# The report's side ----------------------------------------------------------------


def _label_keys(spec) -> dict[str, str]:
    return {str(label): str(key) for key, label in spec}


def _coverage_labels() -> dict[str, str]:
    """The coverage table's row labels, which program.coverage_table writes itself."""
    return {
        gettext("MDT meetings held"): "held",
        gettext("With every required agency"): "complete",
        **{
            gettext("Without %(agency)s") % {"agency": label}: str(value)
            for value, label in AgencyType.choices
        },
    }


def table_counts(table, layout: tuple | None) -> dict[str, int]:
    """``{"row/column": n}`` of a ``ReportTable``'s non-zero cells, its labels turned back
    into keys (a label with no key, an agency's name, stands for itself)."""
    rows, columns = {}, {}
    if layout is not None:
        if layout[0] is COVERAGE_ROWS:
            rows = _coverage_labels()
        elif layout[0] is not None:
            rows = _label_keys(layout[0])
        columns = _label_keys(layout[1])
    single = layout is not None and layout[1] is N
    found = {}
    for label, cells in zip(table.rows, table.cells, strict=True):
        for column, n in zip(table.columns, cells, strict=True):
            if n:
                row = rows.get(str(label), str(label))
                col = "n" if single else columns.get(str(column), str(column))
                found[f"{row}/{col}"] = n
    return found


_NOTE_FIGURES = {
    "services_by_domain": ["barriers"],
    "placements": ["moves"],
    "missing_episodes": ["youth", "days"],
}


def program_report_counts(report) -> Counts:
    """The same shape as ``program_report_sql``, from a built ``ProgramReport``: its cells,
    and the figures written in the notes under three of its tables."""
    counts = {}
    for table in report.tables:
        cells = table_counts(table, LAYOUT.get(table.key))
        names = _NOTE_FIGURES.get(table.key, [])
        figures = [int(n) for note in table.notes for n in re.findall(r"\d+", str(note))]
        cells |= _nonzero({f"note/{name}": n for name, n in zip(names, figures, strict=False)})
        counts[table.key] = cells
    return counts
