"""The county program report and dashboard written again as plain SQL for PostgreSQL,
so a benchmark can time the reports against the same aggregates hand-written and check
that both give the same numbers.

- ``program_report_sql(county_id, viewer_id, first, last, now)`` and
  ``program_report_counts(report)``: ``bench/plain_sql_program.py``;
- ``dashboard_sql(county_id, viewer_id, first, last, now)`` and
  ``dashboard_counts(dashboard)``: ``bench/plain_sql_dashboard.py``.

Each pair returns the same shape, so ``program_report_sql(...) ==
program_report_counts(build_program_report(...))`` when the two agree. The viewer must
be an active coordinator of the county: the SQL writes the sharing policy down for
that county-wide role only (see ``plain_sql_program``).
"""

from bench.plain_sql_dashboard import dashboard_counts, dashboard_sql
from bench.plain_sql_program import program_report_counts, program_report_sql

__all__ = ["dashboard_counts", "dashboard_sql", "program_report_counts", "program_report_sql"]
