from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from carecircle.lib import crypto
from carecircle.lib.rotation import rotate_field_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first key of CARECIRCLE_FIELD_KEYS, in "
        "batches, one transaction each. Safe to run again; --dry-run only counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; change nothing."
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")

    def handle(self, *args, dry_run: bool = False, batch_size: int = 500, **options) -> None:
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1."))

        def progress(model: str, counts: Counter) -> None:
            done = sum(counts.values())
            self.stdout.write(
                _("%(model)s: %(done)d values checked, %(changed)d not yet under the first key")
                % {
                    "model": model,
                    "done": done,
                    "changed": counts[crypto.ROTATED] + counts[crypto.WAS_PLAIN],
                }
            )

        try:
            result = rotate_field_keys(dry_run=dry_run, batch_size=batch_size, progress=progress)
        except crypto.FieldEncryptionError as error:
            raise CommandError(str(error)) from None
        for label, counts in sorted(result.counts.items()):
            self.stdout.write(
                _(
                    "%(field)s: %(rotated)d re-encrypted, %(plain)d plain encrypted, "
                    "%(current)d already under the first key, %(empty)d empty"
                )
                % {
                    "field": label,
                    "rotated": counts[crypto.ROTATED],
                    "plain": counts[crypto.WAS_PLAIN],
                    "current": counts[crypto.CURRENT],
                    "empty": counts[crypto.EMPTY],
                }
            )
        if dry_run:
            message = _("Dry run: %(n)d values would be rewritten; nothing was changed.")
        else:
            message = _(
                "%(n)d values rewritten. Every value is now under the first key; older keys "
                "can be removed from CARECIRCLE_FIELD_KEYS."
            )
        self.stdout.write(self.style.SUCCESS(message % {"n": result.changed}))
