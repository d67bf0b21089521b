"""The HMAC chain over audit entries: computing and verifying it."""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from carecircle.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64

# The fields an entry's hash covers, in order.
HASHED_FIELDS = (
    "chain",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_agency",
    "county_id",
    "youth_id",
    "action",
    "object_type",
    "object_id",
    "record_class",
    "purpose",
    "legal_basis",
    "disclosure",
    "outcome",
    "source_address",
    "detail",
)


def _canonical(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    if value is not None and not isinstance(value, str | int | bool | dict | list | float):
        return str(value)
    return value


def entry_hash(event: AuditEvent, prev_hash: str) -> str:
    return content_hash([_canonical(getattr(event, name)) for name in HASHED_FIELDS], prev_hash)


def content_hash(content: list, prev_hash: str) -> str:
    """The HMAC of an entry's values (in ``HASHED_FIELDS`` order, as text where
    ``_canonical`` makes them so) after the entry before it."""
    payload = json.dumps([prev_hash, content], sort_keys=True, separators=(",", ":"))
    return hmac.new(settings.AUDIT_HMAC_KEY, payload.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Problem:
    chain: int
    event_id: int | None
    seq: int
    reason: str

    def __str__(self) -> str:
        where = f"entry {self.event_id}" if self.event_id is not None else "an entry"
        return f"chain {self.chain}, {where} (position {self.seq}): {self.reason}"


def verify_chain(chain: int) -> Iterator[Problem]:
    """Walk one chain in order and yield the first problem found, if any."""
    expected_seq = 1
    prev_hash = GENESIS
    entries = AuditEvent.objects.filter(chain=chain).order_by("seq", "id").iterator(2000)
    for event in entries:
        if event.seq < expected_seq:
            yield Problem(chain, event.pk, event.seq, "an extra entry was inserted here")
            return
        if event.seq > expected_seq:
            yield Problem(
                chain,
                event.pk,
                event.seq,
                f"entries from position {expected_seq} to {event.seq - 1} are missing",
            )
            return
        if event.prev_hash != prev_hash:
            yield Problem(
                chain, event.pk, event.seq, "it does not follow the entry before it (reordered?)"
            )
            return
        if entry_hash(event, prev_hash) != event.entry_hash:
            yield Problem(chain, event.pk, event.seq, "its content was changed")
            return
        prev_hash = event.entry_hash
        expected_seq += 1


def chains() -> list[int]:
    return sorted(
        set(AuditEvent.objects.values_list("chain", flat=True).distinct())
        | set(AuditChainHead.objects.values_list("chain", flat=True))
    )


def head_token() -> str:
    """Every chain's newest position and hash, as one line to keep somewhere safe."""
    rows = []
    for chain in chains():
        last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
        if last is not None:
            rows.append(f"{chain}:{last.seq}:{last.entry_hash}")
    return ",".join(rows)


def verify_head(token: str) -> Iterator[Problem]:
    """Entries a saved head names must still be there, with the same hash."""
    for part in filter(None, token.split(",")):
        try:
            chain_text, seq_text, expected_hash = part.split(":")
            chain, seq = int(chain_text), int(seq_text)
        except ValueError:
            raise ValueError(f"'{part}' is not chain:position:hash") from None
        event = AuditEvent.objects.filter(chain=chain, seq=seq).first()
        if event is None:
            newest = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
            have = newest.seq if newest else 0
            yield Problem(
                chain, None, seq, f"the newest entries were removed (the chain ends at {have})"
            )
        elif event.entry_hash != expected_hash:
            yield Problem(chain, event.pk, seq, "it differs from the saved head")
