"""The key paths of the benchmark: who asks, and which addresses, in the largest county.

Runs in bench/measure.py's process, with Django set up on the scale's database.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from bench.load import cycle, sign_in
from carecircle.accounts.models import County, User
from carecircle.demo.builder import STATE_ANALYST_USERNAME, persona_username
from carecircle.youth.models import Youth

SAMPLE = 300


def _county() -> County:
    """The largest county (the synthetic state's first)."""
    return County.objects.order_by("pk").first()


def _youth(county: County) -> list[Youth]:
    rng = random.Random(7)
    ids = list(
        Youth.objects.filter(
            county=county, merged_into__isnull=True, sealed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    chosen = rng.sample(ids, min(SAMPLE, len(ids)))
    return list(Youth.objects.filter(pk__in=chosen).order_by("pk"))


def _api_token(coordinator: User) -> str:
    from carecircle.api.actions import issue_token
    from carecircle.api.models import Scope

    return issue_token(
        actor=coordinator,
        user=coordinator,
        name="Benchmark",
        scopes=[Scope.YOUTH_READ],
        expires_at=timezone.now() + timedelta(days=1),
    ).text


_SESSIONS: dict[str, dict[str, str]] = {}


def _session(base: str, username: str) -> dict[str, str]:
    """A session of ``username``'s, signed in once per run through the real pages."""
    if username not in _SESSIONS:
        cookie = sign_in(base, username, settings.CARECIRCLE_DEMO_PASSWORD)
        _SESSIONS[username] = {"Cookie": f"sessionid={cookie}"}
    return _SESSIONS[username]


def pages(youth: list[Youth]) -> list[tuple[str, str, list[str]]]:
    """The key pages: (name, whose page — a persona, or the state analyst, addresses)."""
    searches = [
        "/youth/intake/?"
        + urlencode(
            {
                "search": "1",
                "first_name": y.first_name,
                "last_name": y.last_name,
                "date_of_birth": f"{y.date_of_birth:%Y-%m-%d}",
            }
        )
        for y in youth
    ]
    year = timezone.localdate().year
    return [
        ("caseload", "social_worker", ["/youth/"]),
        ("youth profile", "coordinator", [f"/youth/{y.pk}/" for y in youth]),
        ("youth timeline", "coordinator", [f"/youth/{y.pk}/timeline/" for y in youth]),
        ("search before create", "coordinator", searches),
        ("due and overdue", "coordinator", ["/clocks/"]),
        # Served kept after the first visit (reports/kept.py); "counted anew" is the
        # page's "Count again now", which counts every time.
        ("county dashboard", "coordinator", ["/reports/"]),
        ("county dashboard, counted anew", "coordinator", ["/reports/?anew=1"]),
        ("program report", "coordinator", [f"/reports/program/?period={year}"]),
        (
            "program report, counted anew",
            "coordinator",
            [f"/reports/program/?period={year}&anew=1"],
        ),
        ("statewide", STATE_ANALYST_USERNAME, ["/reports/statewide/"]),
    ]


def username(who: str, county: County) -> str:
    return who if who == STATE_ANALYST_USERNAME else persona_username(who, county.slug)


def key_paths(base: str) -> list[tuple]:
    county = _county()
    coordinator = persona_username("coordinator", county.slug)
    as_coordinator = _session(base, coordinator)
    token = _api_token(User.objects.get(username=coordinator))
    return [
        ("floor", cycle(["/benchmark/floor/"]), as_coordinator),
        ("floor as a page", cycle(["/benchmark/floor/page/"]), as_coordinator),
        *[
            (name, cycle(urls), _session(base, username(who, county)))
            for name, who, urls in pages(_youth(county))
        ],
        ("API youth list", cycle(["/api/v1/youth/"]), {"Authorization": f"Bearer {token}"}),
        ("floor, again", cycle(["/benchmark/floor/"]), as_coordinator),
    ]


def audit_pair(base: str) -> list[tuple]:
    county = _county()
    youth = _youth(county)
    as_coordinator = _session(base, persona_username("coordinator", county.slug))
    return [
        ("profile, audit on", cycle([f"/youth/{y.pk}/" for y in youth]), as_coordinator),
        (
            "profile, audit off",
            cycle([f"/benchmark/youth/{y.pk}/unaudited/" for y in youth]),
            as_coordinator,
        ),
    ]


def _timed(work, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def report_vs_sql(runs: int = 7) -> list[dict]:
    """Each report built as its page builds it (the sharing policy's querysets, in
    Python), and the same figures written as plain SQL: checked equal, and timed."""
    from bench import plain_sql
    from carecircle.reports import periods
    from carecircle.reports.dashboard import build_dashboard
    from carecircle.reports.program import build_program_report
    from carecircle.reports.sources import ViewerSource

    county = _county()
    viewer = User.objects.get(username=persona_username("coordinator", county.slug))
    now = timezone.now()
    today = timezone.localdate()
    year, quarter = periods.year(today.year), periods.quarter_of(today)
    pairs = [
        (
            f"program report, {year.key}",
            lambda: plain_sql.program_report_counts(
                build_program_report(ViewerSource(viewer), year, now=now)
            ),
            lambda: plain_sql.program_report_sql(county.pk, viewer.pk, year.first, year.last, now),
        ),
        (
            f"county dashboard, {quarter.key}",
            lambda: plain_sql.dashboard_counts(
                build_dashboard(ViewerSource(viewer), quarter, now=now)
            ),
            lambda: plain_sql.dashboard_sql(county.pk, viewer.pk, quarter.first, quarter.last, now),
        ),
    ]
    rows = []
    for name, report, sql in pairs:
        report(), sql()  # warm: connections, caches
        report_times, report_figures = _timed(report, runs)
        sql_times, sql_figures = _timed(sql, runs)
        rows.append(
            {
                "name": name,
                "report_p50": round(statistics.median(report_times), 1),
                "report_p95": round(max(report_times), 1),
                "sql_p50": round(statistics.median(sql_times), 1),
                "sql_p95": round(max(sql_times), 1),
                "equal": report_figures == sql_figures,
            }
        )
        print(
            f"   {name:<30} report {rows[-1]['report_p50']} ms, plain SQL "
            f"{rows[-1]['sql_p50']} ms, same figures: {rows[-1]['equal']}",
            flush=True,
        )
    return rows
