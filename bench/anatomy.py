"""Where one page's time goes, on a benchmark state: queries, planning, Python.

Asks each named page a few times in this process (Django's test client, signed in
through the real sign-in pages as the benchmark's people) and prints the median time,
the number of queries and their time, the slowest query shapes with PostgreSQL's
planning and execution time (EXPLAIN ANALYZE), and with --profile the functions that
took the most time. For finding what to mend after `make bench`; not part of it.

    .venv/bin/python bench/anatomy.py --scale 0.1 "youth profile" caseload
    .venv/bin/python bench/anatomy.py --scale 1 --profile "county dashboard"
    SORT=tottime .venv/bin/python bench/anatomy.py --scale 1 --profile caseload
    CALLERS=trans_real.py:.*gettext .venv/bin/python bench/anatomy.py --profile caseload

With --time, named functions are timed where they are called, without a profiler's
overhead (which, on a busy machine, also blames whichever function lost the CPU): each
is given as milliseconds a page. Name the module the caller looks the function up in
(``carecircle.youth.access:current_statuses`` for the caseload's ``access.…`` calls),
and a method by its class (``django.db.models.sql.compiler:SQLCompiler.as_sql``):

    .venv/bin/python bench/anatomy.py --scale 1 caseload \
        --time carecircle.youth.access:current_statuses \
        --time carecircle.sharing.policy:visible_items
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# How much of each query shape to print (SQL_WIDTH=2000 for whole queries).
SQL_WIDTH = int(os.environ.get("SQL_WIDTH", "150"))

# Milliseconds spent in each function named with --time, and its calls, in the timed runs.
TIMED: dict[str, list[float]] = defaultdict(list)

PAGES = (
    "floor",
    "floor as a page",
    "caseload",
    "youth profile",
    "youth timeline",
    "search before create",
    "due and overdue",
    "county dashboard",
    "county dashboard, counted anew",
    "program report",
    "program report, counted anew",
    "statewide",
)


def _setup(scale: float) -> None:
    from bench.run import database_url

    os.environ.setdefault("DATABASE_URL", database_url(scale))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecircle.settings")
    os.environ["CARECIRCLE_BENCHMARK"] = "1"  # the floor's page
    import django

    django.setup()


def _clients_and_urls():
    from django.conf import settings

    from bench.paths import _county, _youth, pages, username
    from carecircle.accounts.testing import signed_in_client

    clients: dict = {}

    def signed_in(name: str):
        # A code is accepted once: an earlier run may have used this step's code, and
        # signed_in_client tries the next step's in turn.
        if name not in clients:
            for _turn in range(3):
                try:
                    clients[name] = signed_in_client(name, settings.CARECIRCLE_DEMO_PASSWORD)
                    break
                except AssertionError:
                    continue
            else:
                raise SystemExit(f"{name} could not sign in.")
        return clients[name]

    county = _county()
    coordinator = signed_in(username("coordinator", county))
    found = {
        "floor": (coordinator, ["/benchmark/floor/"]),
        "floor as a page": (coordinator, ["/benchmark/floor/page/"]),
    }
    for name, who, urls in pages(_youth(county)[:5]):
        found[name] = (signed_in(username(who, county)), urls)
    return found


def _time_calls(target: str) -> None:
    """Wrap ``module:function`` (or ``module:Class.method``) so each call is timed."""
    import functools
    import importlib

    module_name, _, path = target.partition(":")
    owner = importlib.import_module(module_name)
    *classes, name = path.split(".")
    for class_name in classes:
        owner = getattr(owner, class_name)
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMED[target].append((time.perf_counter() - started) * 1000)

    setattr(owner, name, timed)


def _shape(sql: str) -> str:
    """A query with its literal values left out, so repeats are counted together."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _explain(sql: str) -> tuple[float, float] | None:
    """Planning and execution time of a read (never a write: ANALYZE runs it)."""
    from django.db import connection

    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return None

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    return plan["Planning Time"], plan["Execution Time"]


def anatomy(name: str, client, urls: list[str], *, runs: int, profile: bool, top: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:2]:  # warm: caches, connections
        client.get(url)
    times, queries_per_run = [], []
    shapes: dict[str, list[float]] = defaultdict(list)
    examples: dict[str, str] = {}
    profiler = cProfile.Profile() if profile else None
    TIMED.clear()
    for run in range(runs):
        url = urls[run % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            response = client.get(url)
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answered {response.status_code}")
        queries_per_run.append(len(captured.captured_queries))
        for query in captured.captured_queries:
            shape = _shape(query["sql"])
            shapes[shape].append(float(query["time"]) * 1000)
            examples.setdefault(shape, query["sql"])
    sql_ms = sum(sum(t) for t in shapes.values()) / runs
    print(
        f"\n== {name}: median {statistics.median(times):.1f} ms over {runs} runs, "
        f"{statistics.median(queries_per_run):.0f} queries, {sql_ms:.1f} ms in the database "
        f"(as Django sees it)"
    )
    slowest = sorted(shapes.items(), key=lambda kv: -sum(kv[1]))[:top]
    for shape, spent in slowest:
        timed = _explain(examples[shape])
        plan = f"plan {timed[0]:5.1f} exec {timed[1]:6.1f}" if timed else " " * 22
        print(
            f"  {sum(spent) / runs:7.1f} ms/run  x{len(spent) / runs:<4.1f} {plan}  "
            f"{examples[shape][:SQL_WIDTH]}"
        )
    for target, spent in TIMED.items():
        print(f"  {sum(spent) / runs:7.1f} ms/run  x{len(spent) / runs:<4.1f} in {target}")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("SORT", "cumulative"))
        stats.print_stats(60)
        if os.environ.get("CALLERS"):  # e.g. CALLERS=gettext: who calls it, and how often
            stats.print_callers(os.environ["CALLERS"])
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help=f"any of: {', '.join(PAGES)} (default all)")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=8, help="query shapes shown per page")
    parser.add_argument("--profile", action="store_true", help="also profile the Python")
    parser.add_argument(
        "--time",
        action="append",
        default=[],
        metavar="MODULE:FUNCTION",
        help="time this function where it is called (repeatable)",
    )
    args = parser.parse_args()
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    _setup(args.scale)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    for target in args.time:
        _time_calls(target)
    pages = _clients_and_urls()
    for name in args.pages or PAGES:
        client, urls = pages[name]
        anatomy(name, client, urls, runs=args.runs, profile=args.profile, top=args.top)


if __name__ == "__main__":
    main()
