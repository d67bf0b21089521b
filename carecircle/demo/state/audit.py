"""Ten years of each county's audit log, written in bulk and hash-chained.

Each county's chain goes on from its newest entry, with the entries a county's staff
would have made over the years: mostly reads of youth records and lists, notes written,
sign-ins. The entries are written with PostgreSQL's COPY, two counties at a time (one
process each; chains are independent), and the chain head moves to the last entry, so
``manage.py audit_verify`` walks the whole chain as it would any other.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import connection, connections, transaction

from carecircle.audit.chain import content_hash
from carecircle.audit.models import AuditChainHead
from carecircle.audit.partitions import ensure_months

YEARS = 10
COLUMNS = (
    "chain, seq, prev_hash, entry_hash, occurred_at, actor_id, actor_username, actor_agency, "
    "county_id, youth_id, action, object_type, object_id, record_class, purpose, "
    "legal_basis, disclosure, outcome, source_address, detail"
)
# What staff do, and how often (the share of entries).
KINDS = [
    ("youth.view", "youth.youth", 50),
    ("youth.list", "", 15),
    ("obligation.list", "", 10),
    ("note.create", "records.note", 10),
    ("auth.sign_in", "", 8),
    ("screening.view", "screening.screening", 5),
    ("report.viewed", "", 2),
]


def write_history(total: int, *, seed: int, progress: Callable[[str], None]) -> int:
    if total <= 0:
        return 0
    now = datetime.now(UTC)
    ensure_months((now - timedelta(days=365 * YEARS + 31)).date(), now.date())
    with connection.cursor() as cursor:
        cursor.execute("SELECT county_id, count(*) FROM youth_youth GROUP BY county_id")
        youth_by_county = dict(cursor.fetchall())
    youth_sum = sum(youth_by_county.values())
    work = [
        (county_id, max(1, round(total * count / youth_sum)), seed + county_id)
        for county_id, count in sorted(youth_by_county.items(), key=lambda item: -item[1])
    ]
    progress(f"Writing {sum(n for _, n, _ in work):,} audit entries in {len(work)} chains")
    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        written = 0
        for county_id, count in pool.imap_unordered(_write_chain, work):
            written += count
            progress(f"  county {county_id}: {count:,} entries")
    return written


def _write_chain(job: tuple[int, int, int]) -> tuple[int, int]:
    county_id, count, seed = job
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM youth_youth WHERE county_id = %s", [county_id])
        youth = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT u.id, u.username, a.name FROM accounts_user u "
            "JOIN accounts_membership m ON m.user_id = u.id "
            "JOIN accounts_agency a ON a.id = m.agency_id WHERE u.county_id = %s",
            [county_id],
        )
        staff = cursor.fetchall()
    kinds = [kind for kind in KINDS for _ in range(kind[2])]
    end = datetime.now(UTC) - timedelta(days=1)
    start = end - timedelta(days=365 * YEARS)
    step = (end - start) / count
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(chain=county_id)
        seq, prev = head.seq, head.entry_hash
        raw = connection.cursor().cursor
        with raw.copy(f"COPY audit_auditevent ({COLUMNS}) FROM STDIN") as copy:
            for number in range(count):
                seq += 1
                at = (start + step * number).replace(microsecond=0)
                actor_id, username, agency = rng.choice(staff)
                action, object_type, _weight = rng.choice(kinds)
                youth_id = rng.choice(youth) if object_type else None
                object_id = ""
                detail: dict = {}
                if action == "youth.view":
                    object_id = str(youth_id)
                    detail = {"items": [f"note:{uuid.UUID(int=rng.getrandbits(128))}"]}
                elif object_type:
                    object_id = str(uuid.UUID(int=rng.getrandbits(128)))
                elif action.endswith(".list"):
                    detail = {"count": rng.randint(1, 40)}
                address = f"10.{county_id % 250}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                youth_text = str(youth_id) if youth_id else None
                content = [
                    county_id, seq, at.isoformat(), actor_id, username, agency, county_id,
                    youth_text, action, object_type, object_id, "", "", "", False, "success",
                    address, detail,
                ]  # fmt: skip
                digest = content_hash(content, prev)
                copy.write_row(
                    (
                        county_id, seq, prev, digest, at, actor_id, username, agency,
                        county_id, youth_text, action, object_type, object_id, "", "", "",
                        False, "success", address, json.dumps(detail),
                    )
                )  # fmt: skip
                prev = digest
        head.seq, head.entry_hash = seq, prev
        head.save(update_fields=["seq", "entry_hash"])
    connection.close()
    return county_id, count
