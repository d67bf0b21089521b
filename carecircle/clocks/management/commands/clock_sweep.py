import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from carecircle.audit.partitions import ensure_ahead
from carecircle.clocks.sweep import sweep


class Command(BaseCommand):
    help = "Find tasks that became due soon or overdue and send each notice once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Sweep again every this many seconds until stopped (0: sweep once).",
        )

    def handle(self, *args, every: int, **options) -> None:
        while True:
            try:
                # The audit log's coming months (PostgreSQL; nothing when they exist).
                for name in ensure_ahead():
                    self.stdout.write(f"Created {name}.")
            except DatabaseError:
                pass  # the table was busy: the next pass tries again; notices go out
            result = sweep()
            if result.notices or options["verbosity"] > 1:
                self.stdout.write(
                    f"Examined {result.examined} tasks; wrote {len(result.notices)} notices."
                )
            if not every:
                return
            close_old_connections()
            time.sleep(every)
