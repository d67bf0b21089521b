"""Report pages at two sizes of synthetic county: how their time and queries grow.

Run against a new, migrated PostgreSQL database (never a real one), one per size:

    createdb -h 127.0.0.1 -U postgres carecircle_bench_1000
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/carecircle_bench_1000
    .venv/bin/python manage.py migrate && .venv/bin/python bench/reports_bench.py --youth 1000

It builds the demo (two counties of N youth each, with their histories:
identifications, screenings, placements, missing episodes, meetings, referrals,
diversion), then asks each report page through Django's test client — the full
middleware, session and audit path — and prints the median and slowest of 7 requests
and the number of queries of one.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecircle.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carecircle.accounts.models import County, User
from carecircle.demo.builder import build_demo
from carecircle.reports.models import StatewideSnapshot

RUNS = 7


def timed(client: Client, url: str) -> tuple[float, float, int]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), max(times), len(queries)


def measure(size: int) -> list[tuple]:
    if County.objects.exists():
        sys.exit("The database already has counties: give the benchmark a new one.")
    started = time.perf_counter()
    build_demo(counties=2, youth_per_county=size, seed=11)
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # As autovacuum would after a load: without statistics the planner guesses.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="coordinator.fernhollow"))
    year = str(timezone.localdate().year)
    rows = [
        ("county dashboard", *timed(client, "/reports/")),
        ("program report, a year", *timed(client, f"/reports/program/?period={year}")),
    ]
    client.logout()
    start = time.perf_counter()
    client.get("/public/statewide/")
    publish = (time.perf_counter() - start) * 1000
    assert StatewideSnapshot.objects.exists()
    rows.append(("statewide, publishing a quarter", publish, publish, 0))
    rows.append(("statewide, published", *timed(client, "/public/statewide/")))
    print(f"built {2 * size} youth in {built:.0f} s", file=sys.stderr)
    return [(size * 2, *row) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--youth", type=int, required=True, help="youth per county")
    args = parser.parse_args()
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        print("Point DATABASE_URL at an empty PostgreSQL database.", file=sys.stderr)
    results = measure(args.youth)
    print("| youth | page | median ms | slowest ms | queries |")
    print("|---|---|---|---|---|")
    for youth, page, median, slowest, queries in results:
        print(f"| {youth:,} | {page} | {median:.0f} | {slowest:.0f} | {queries or '—'} |")


if __name__ == "__main__":
    main()
