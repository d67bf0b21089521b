"""Re-encrypting every encrypted field under the first key of ``CARECIRCLE_FIELD_KEYS``.

After a new key is put first, this brings every stored value under it, so the old key
can then be removed. Values already under the first key are left as they are, so a
second run changes nothing; a plain value (written around the application) is
encrypted. Rows are locked and rewritten in batches, one transaction per batch: a run
that stops midway leaves every row readable, and running it again finishes the job.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from carecircle.lib import crypto
from carecircle.lib.fields import batches, encrypted_fields, raw_values, write_raw

AUDIT_USERNAME = "rotate_field_keys"


@dataclass
class RotationResult:
    dry_run: bool
    # {"app.model.field": {"current": n, "rotated": n, "was_plain": n, "empty": n}}
    counts: dict[str, Counter] = field(default_factory=dict)

    def total(self, state: str) -> int:
        return sum(c[state] for c in self.counts.values())

    @property
    def changed(self) -> int:
        return self.total(crypto.ROTATED) + self.total(crypto.WAS_PLAIN)


def rotate_field_keys(
    *,
    dry_run: bool = False,
    batch_size: int = 500,
    progress: Callable[[str, Counter], None] | None = None,
) -> RotationResult:
    """Rewrap every encrypted value; ``dry_run`` only counts. Audited as a system event
    (successful or not) unless it is a dry run. Raises ``FieldDecryptionError`` for a
    value that no configured key opens; batches written before it stay written."""
    crypto.check_keys()
    result = RotationResult(dry_run=dry_run)
    try:
        for model, names in encrypted_fields():
            labels = [f"{model._meta.label_lower}.{name}" for name in names]
            for label in labels:
                result.counts[label] = Counter(dict.fromkeys(crypto.STATES, 0))
            for rows in batches(model, names, size=batch_size):
                _rewrap_batch(model, names, labels, rows, result, dry_run=dry_run)
                if progress:
                    progress(model._meta.label_lower, _model_counts(result, labels))
        _rewrap_authenticators(result, dry_run=dry_run, batch_size=batch_size)
    except crypto.FieldEncryptionError:
        if not dry_run:
            _audit(result, outcome="failure")
        raise
    if not dry_run:
        _audit(result, outcome="success")
    return result


def _rewrap_batch(model, names, labels, rows, result, *, dry_run: bool) -> None:
    with transaction.atomic():
        if not dry_run:
            # Read again under lock, so a value saved since the batch was read is
            # rewrapped from what is stored now, not overwritten with older text.
            pks = [row[0] for row in rows]
            locked = model._base_manager.select_for_update().filter(pk__in=pks)
            rows = list(raw_values(locked.order_by("pk"), names))
        for pk, *stored in rows:
            changed = {}
            for name, label, value in zip(names, labels, stored, strict=True):
                rewrapped = crypto.rewrap(value or "", label=label)
                result.counts[label][rewrapped.state] += 1
                if rewrapped.stored != (value or ""):
                    changed[name] = rewrapped.stored
            if changed and not dry_run:
                write_raw(model, pk, changed)


AUTHENTICATOR_LABEL = "mfa.authenticator.data"
AUTHENTICATOR_SECRETS = ("secret", "seed")  # an authenticator app's, recovery codes'


def _rewrap_authenticators(result: RotationResult, *, dry_run: bool, batch_size: int) -> None:
    """The second-step secrets, which the MFA adapter encrypts with the same keys."""
    from allauth.mfa.models import Authenticator

    counts = result.counts[AUTHENTICATOR_LABEL] = Counter(dict.fromkeys(crypto.STATES, 0))
    pks = list(Authenticator.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        with transaction.atomic():
            locked = Authenticator.objects.select_for_update().filter(
                pk__in=pks[start : start + batch_size]
            )
            for authenticator in locked.order_by("pk"):
                data = dict(authenticator.data)
                for key in AUTHENTICATOR_SECRETS:
                    if isinstance(data.get(key), str) and data[key]:
                        rewrapped = crypto.rewrap(data[key], label=AUTHENTICATOR_LABEL)
                        counts[rewrapped.state] += 1
                        data[key] = rewrapped.stored
                if data != authenticator.data and not dry_run:
                    Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def _model_counts(result: RotationResult, labels: list[str]) -> Counter:
    total: Counter = Counter()
    for label in labels:
        total.update(result.counts[label])
    return total


def _audit(result: RotationResult, *, outcome: str) -> None:
    from carecircle.audit.actions import record_event

    with transaction.atomic():
        record_event(
            actor=None,
            action="field_keys.rotate",
            username=AUDIT_USERNAME,
            outcome=outcome,
            # Counts and a fingerprint of the key now in front; never a key or a value.
            detail={
                "key": crypto.key_fingerprint(crypto.configured_keys()[0]),
                "keys_configured": len(crypto.configured_keys()),
                "fields": {label: dict(c) for label, c in sorted(result.counts.items())},
            },
        )
