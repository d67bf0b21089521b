"""One scale's measurements for bench/run.py: serve, load every key path, time the
reports beside plain SQL. DATABASE_URL names the scale's database."""

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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecircle.settings")

import django

django.setup()

import requests

from bench import load
from bench.paths import audit_pair, key_paths, report_vs_sql


def serve(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "CARECIRCLE_BENCHMARK": "1",
        "CARECIRCLE_ENV": "development",
        # The API answers every request of the run (its limit is per token).
        "CARECIRCLE_API_RATE": "1000000/minute",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "carecircle.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            # Slow pages are measured, not cut off at gunicorn's 30 s.
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz")


def summary(result: load.Result) -> dict:
    return {
        "p50": round(result.p50, 1),
        "p95": round(result.p95, 1),
        "throughput": round(result.throughput, 1),
        "requests": result.requests,
        "errors": result.errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--only", action="append", help="measure this path only (and the floor); repeatable"
    )
    args = parser.parse_args()
    server = serve(args.port)
    pages: dict[str, dict] = {}
    try:
        base = f"http://127.0.0.1:{args.port}"

        def measured(name, addresses, headers, seconds=args.seconds) -> load.Result:
            result = load.run(
                name=name,
                host="127.0.0.1",
                port=args.port,
                addresses=addresses,
                headers=headers,
                clients=args.clients,
                seconds=seconds,
            )
            print(
                f"   {name:<30} p50 {result.p50:7.1f} ms  p95 {result.p95:7.1f} ms  "
                f"{result.throughput:6.1f}/s  errors {result.errors}",
                flush=True,
            )
            return result

        paths = key_paths(base)
        if args.only:
            known = [name for name, _a, _h in paths]
            unknown = sorted(set(args.only) - set(known))
            if unknown:
                raise SystemExit(f"No such path: {', '.join(unknown)}. The paths: {known}")
            paths = [p for p in paths if p[0] in args.only or p[0].startswith("floor")]
        for name, addresses, headers in paths:
            try:
                pages[name] = summary(measured(name, addresses, headers))
            except RuntimeError as failed:  # no answer in time: the table says so
                print(f"   {failed}", flush=True)
                pages[name] = {"failed": str(failed)}
        # Audit on and off in turns, so that both see the same machine.
        on, off = [], []
        for _ in range(0 if args.only else 2):
            for side, (name, addresses, headers) in zip((on, off), audit_pair(base), strict=True):
                side.append(measured(name, addresses, headers, args.seconds / 2))
        for name, parts in (("profile, audit on", on), ("profile, audit off", off)):
            if not parts:
                continue
            merged = load.Result(
                name,
                sum(p.requests for p in parts),
                sum(p.errors for p in parts),
                sum(p.seconds for p in parts),
                [ms for p in parts for ms in p.latencies_ms],
            )
            pages[name] = summary(merged)
    finally:
        server.terminate()
        server.wait(timeout=30)
    reports = [] if args.only else report_vs_sql()
    args.out.write_text(json.dumps({"pages": pages, "reports": reports}, indent=1))


if __name__ == "__main__":
    main()
