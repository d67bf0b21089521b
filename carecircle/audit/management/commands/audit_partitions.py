from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError, connection

from carecircle.audit import partitions

LOCK_NOT_AVAILABLE = "55P03"


class Command(BaseCommand):
    help = (
        "Create the audit log's monthly partitions (PostgreSQL) from this month (UTC) to "
        "--months ahead, and for the months of any entries waiting in the default "
        "partition. Safe to run again; run it every day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=partitions.AHEAD,
            help=f"Months ahead of this one to create (default {partitions.AHEAD}).",
        )

    def handle(self, *args, months: int, **options) -> None:
        if months < 0:
            raise CommandError("--months cannot be negative.")
        if connection.vendor != "postgresql":
            self.stdout.write("The audit log is partitioned only on PostgreSQL: nothing to do.")
            return
        try:
            created = partitions.ensure_ahead(months=months)
        except partitions.NotPartitioned as error:
            raise CommandError(str(error)) from None
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            raise CommandError(
                f"The audit table stayed busy for {partitions.LOCK_TIMEOUT} (a backup or a "
                f"long verification?); partitions created before that are kept, the next run "
                f"creates the rest. ({error})"
            ) from None
        for name in created:
            self.stdout.write(f"Created {name}.")
        if not created:
            self.stdout.write(
                f"Every partition from this month to {months} months ahead already exists."
            )
