"""The whole-state benchmark (`make bench`): key pages under load, each against a floor.

For each scale (0.1 and 1 by default) it builds the synthetic state on its own
PostgreSQL database (`manage.py synthetic_state`; kept between runs unless --rebuild),
starts gunicorn on it with the benchmark's pages (CARECIRCLE_BENCHMARK=1), signs in as
the largest county's coordinator and social worker and as the state analyst through the
real sign-in pages, then asks each page with concurrent clients and measures p50, p95
and throughput. In the same run it measures the floor, a signed-in page through the
same server and middleware that makes one query by primary key, and each page's p95 is
given as a ratio to the floor's. Each report is also built in this process beside the
same figures written as plain SQL (bench/plain_sql.py), checked equal and timed. The
youth profile is measured with and without its audit entry. It prints the table and
writes it into docs/benchmarks.md with the machine it ran on.

    make bench                              # scales 0.1 and 1
    .venv/bin/python bench/run.py --scale 0.1 --seconds 10 --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import report

PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PORT = 8765
PYTHON = str(ROOT / ".venv/bin/python")


def database_url(scale: float) -> str:
    return f"{PG}/carecircle_bench_{str(scale).replace('.', '_')}"


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", f"{PG}/postgres", "-tAc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def prepare(scale: float, *, rebuild: bool) -> float:
    """The scale's database, built unless it is already there. Returns build seconds."""
    name = database_url(scale).rsplit("/", 1)[1]
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    if exists and not rebuild:
        marker = psql(
            f"SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            f"WHERE datname = '{name}'"
        )
        if marker == "synthetic state complete":
            print(f"== scale {scale}: reusing database {name} (--rebuild builds it anew)")
            # Brought up to the code's migrations (a kept state may be older than them).
            subprocess.run(
                [PYTHON, "manage.py", "migrate", "-v0"],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": database_url(scale)},
                check=True,
            )
            return 0.0
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": database_url(scale)}
    started = time.perf_counter()
    for command in (
        ["migrate", "-v0"],
        ["createcachetable"],
        ["synthetic_state", "--scale", str(scale)],
    ):
        print(f"== scale {scale}: manage.py {' '.join(command)}", flush=True)
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    psql(f"COMMENT ON DATABASE {name} IS 'synthetic state complete'")
    return time.perf_counter() - started


def measure(scale: float, *, clients: int, seconds: float, only: list[str] | None = None) -> dict:
    """One scale's measurements, in a process of its own (Django's settings hold one
    database)."""
    out = ROOT / "var" / f"bench-{scale}.json"
    env = {**os.environ, "DATABASE_URL": database_url(scale)}
    subprocess.run(
        [
            PYTHON,
            "bench/measure.py",
            "--port",
            str(PORT),
            "--clients",
            str(clients),
            "--seconds",
            str(seconds),
            "--out",
            str(out),
            *[arg for name in only or [] for arg in ("--only", name)],
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, action="append", help="default: 0.1 and 1")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0, help="each page")
    parser.add_argument("--rebuild", action="store_true", help="build the states anew")
    parser.add_argument("--no-write", action="store_true", help="do not write the docs")
    parser.add_argument(
        "--only",
        action="append",
        help="measure this path only, beside the floor (repeatable; the docs are not written)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every scale this many times in turn, a table each (the docs are not "
        "written): how far one run is from the next",
    )
    args = parser.parse_args()
    scales = args.scale or [0.1, 1.0]
    built = {scale: prepare(scale, rebuild=args.rebuild) for scale in scales}
    for number in range(1, args.rounds + 1):
        runs = {}
        for scale in scales:
            print(
                f"== scale {scale}: measuring ({args.clients} clients, {args.seconds:g} s a page)"
                + (f", round {number} of {args.rounds}" if args.rounds > 1 else "")
            )
            measured = measure(scale, clients=args.clients, seconds=args.seconds, only=args.only)
            runs[scale] = {**measured, "built": built[scale]}
        table = report.render(runs, clients=args.clients, seconds=args.seconds)
        print(table)
    if not (args.no_write or args.only or args.rounds > 1):
        report.write(ROOT / "docs/benchmarks.md", table)
        print("Written to docs/benchmarks.md")


if __name__ == "__main__":
    main()
