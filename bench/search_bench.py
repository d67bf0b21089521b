"""Search-before-create latency over a synthetic county of N youth.

Run against an empty PostgreSQL database (never a real one):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carecircle_bench \
        .venv/bin/python bench/search_bench.py --youth 1000 --youth 100000

For each size it (re)builds one synthetic county with that many youth (bulk inserts,
with the same search keys the actions write), then times 200 searches with typos,
swapped dates and nicknames, and prints the median and 95th percentile.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecircle.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from faker import Faker

from carecircle.accounts.actions import create_county
from carecircle.accounts.models import County
from carecircle.youth.matching import Probe, find_matches
from carecircle.youth.models import Youth, YouthSearchKey
from carecircle.youth.search import keys_for


def build(size: int, seed: int = 7) -> County:
    rng = random.Random(seed)
    fake = Faker(["en_US", "es_MX"])
    fake.seed_instance(seed)
    county = create_county(
        actor=None, name=f"Bench County {size}", slug=f"bench-{size}", program_year=2026
    )
    batch = 5000
    today = date.today()
    for start in range(0, size, batch):
        with transaction.atomic():
            youth = [
                Youth(
                    county=county,
                    first_name=fake.first_name(),
                    last_name=fake.last_name(),
                    date_of_birth=today - timedelta(days=rng.randint(10 * 365, 20 * 365)),
                )
                for _ in range(min(batch, size - start))
            ]
            Youth.objects.bulk_create(youth, batch_size=1000)
            YouthSearchKey.objects.bulk_create(
                (
                    YouthSearchKey(youth=y, county=county, key=key)
                    for y in youth
                    for key in keys_for(y, aliases=[])
                ),
                batch_size=5000,
            )
        print(f"  built {start + len(youth)} of {size}", flush=True)
    return county


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def probes(county: County, count: int, rng: random.Random) -> list[Probe]:
    sample = list(Youth.objects.filter(county=county).order_by("?")[:count])
    result = []
    for youth in sample:
        born = youth.date_of_birth
        if rng.random() < 0.3 and born.day <= 12:
            born = date(born.year, born.day, born.month)
        result.append(
            Probe(
                first_name=typo(youth.first_name, rng),
                last_name=youth.last_name if rng.random() < 0.5 else typo(youth.last_name, rng),
                date_of_birth=born,
            )
        )
    return result


def measure(county: County, rng: random.Random) -> dict:
    queryset = Youth.objects.filter(county=county)
    times = []
    found = 0
    for probe in probes(county, 200, rng):
        started = time.perf_counter()
        matches = find_matches(queryset, probe, county_id=county.pk)
        times.append((time.perf_counter() - started) * 1000)
        found += bool(matches)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "found": f"{found}/200",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--youth", type=int, action="append", required=True)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL to an empty database.")
    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    for size in args.youth:
        existing = County.objects.filter(slug=f"bench-{size}").first()
        started = time.perf_counter()
        county = existing or build(size)
        built = time.perf_counter() - started
        result = measure(county, rng)
        print(
            f"youth={size} build_s={built:.0f} median_ms={result['median_ms']} "
            f"p95_ms={result['p95_ms']} found={result['found']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
