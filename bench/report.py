"""The benchmark's table, and writing it into docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import date
from pathlib import Path

START = "<!-- make bench: start -->"
END = "<!-- make bench: end -->"
FLOORS = ("floor", "floor, again")
# The floor laid out as a page, with its header and an audit entry: what every page of
# youth data does before its own work. Shown beside the floor, not held to a target.
PAGE_FLOOR = "floor as a page"
AUDIT = ("profile, audit on", "profile, audit off")
PAGE_LIMIT = 3.0
REPORT_LIMIT = 1.5
GROWTH_LIMIT = 1.5
AUDIT_LIMIT = 0.10


def machine() -> str:
    cpu = "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // (1024 * 1024)
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0
    try:
        postgres = subprocess.run(
            [
                "psql",
                os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
                + "/postgres",
                "-tAc",
                "SHOW server_version",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[0]
        revision = subprocess.run(
            ["git", "describe", "--always", "--dirty=+changes"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError, IndexError):
        postgres, revision = "unknown", ""
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} GiB; PostgreSQL {postgres} on the same "
        f"machine; Python {platform.python_version()}; gunicorn, 3 sync workers; "
        f"Care Circle {revision or 'working tree'}"
    )


def _floor_p95(pages: dict) -> float:
    return sum(pages[name]["p95"] for name in FLOORS) / len(FLOORS)


def render(runs: dict, *, clients: int, seconds: float) -> str:
    scales = sorted(runs)
    lines = [
        f"Run of {date.today():%Y-%m-%d}: {machine()}.",
        f"{clients} concurrent clients, {seconds:g} s a page after 2 s of warm-up.",
        "",
    ]
    checks: list[str] = []
    for scale in scales:
        pages = runs[scale]["pages"]
        floor = _floor_p95(pages)
        as_page = pages.get(PAGE_FLOOR, {}).get("p95") or 0
        built = runs[scale].get("built") or 0
        lines += [
            f"**Scale {scale:g}**"
            + (f" (state built in {built / 60:.0f} min)" if built else "")
            + f": the floor's p95 is {floor:.1f} ms (the mean of its two measurements).",
            "",
            "| path | p50 ms | p95 ms | answers/s | errors | p95 ÷ floor | p95 ÷ floor as a page |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in pages.items():
            if "failed" in row:
                lines.append(f"| {name} | — | — | — | all | no answer: {row['failed']} | — |")
                if name != PAGE_FLOOR and scale == max(scales):
                    checks.append(_check(f"{name}: p95 within 3× the floor", False))
                continue
            ratio = row["p95"] / floor if floor else 0
            to_page = f"{row['p95'] / as_page:.2f}" if as_page else "—"
            lines.append(
                f"| {name} | {row['p50']:.1f} | {row['p95']:.1f} | {row['throughput']:.1f} "
                f"| {row['errors']} | {ratio:.2f} | {to_page} |"
            )
            if name not in (*FLOORS, PAGE_FLOOR, *AUDIT) and scale == max(scales):
                checks.append(_check(f"{name}: p95 within 3× the floor", ratio <= PAGE_LIMIT))
        on, off = pages.get(AUDIT[0]), pages.get(AUDIT[1])
        if on and off:
            added = on["p50"] / off["p50"] - 1
            lines += [
                "",
                f"The audit entry adds {added:.1%} to the profile's median time "
                f"({on['p50']:.1f} ms against {off['p50']:.1f} ms; p95 "
                f"{on['p95']:.1f} against {off['p95']:.1f}).",
            ]
            checks.append(_check(f"scale {scale:g}: audit adds under 10%", added < AUDIT_LIMIT))
        reports = runs[scale].get("reports") or []
        if reports:
            lines += [
                "",
                "| report | page's build p50 ms | p95 | plain SQL p50 ms | p95 | ratio (p50) "
                "| same figures |",
                "|---|---:|---:|---:|---:|---:|---|",
            ]
            for row in reports:
                ratio = row["report_p50"] / row["sql_p50"] if row["sql_p50"] else 0
                lines.append(
                    f"| {row['name']} | {row['report_p50']:.1f} | {row['report_p95']:.1f} "
                    f"| {row['sql_p50']:.1f} | {row['sql_p95']:.1f} | {ratio:.2f} "
                    f"| {'yes' if row['equal'] else 'NO'} |"
                )
                if scale == max(scales):
                    checks.append(
                        _check(f"{row['name']}: within 1.5× plain SQL", ratio <= REPORT_LIMIT)
                    )
        lines.append("")
    if len(scales) >= 2:
        small, large = scales[0], scales[-1]
        lines += [
            f"**Growth** from scale {small:g} to {large:g} (p95 at {large:g} ÷ p95 at {small:g}):",
            "",
            "| path | growth |",
            "|---|---:|",
        ]
        for name, row in runs[large]["pages"].items():
            before = runs[small]["pages"].get(name)
            if before and name not in FLOORS and "failed" not in row and "failed" not in before:
                growth = row["p95"] / before["p95"]
                lines.append(f"| {name} | {growth:.2f} |")
                if name not in (*AUDIT, PAGE_FLOOR):
                    checks.append(_check(f"{name}: grows under 1.5×", growth <= GROWTH_LIMIT))
        lines.append("")
    if checks:
        lines += ["Against the targets:", "", *checks, ""]
    return "\n".join(lines)


def _check(text: str, ok: bool) -> str:
    return f"- {'met' if ok else 'NOT MET'}: {text}"


def write(path: Path, table: str) -> None:
    text = path.read_text()
    block = f"{START}\n{table}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n## The whole state under load (`make bench`)\n\n" + block + "\n"
    path.write_text(text)
