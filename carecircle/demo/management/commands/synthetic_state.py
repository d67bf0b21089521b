from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecircle.accounts.models import County
from carecircle.demo.state import STATE_COUNTIES, build_state


class Command(BaseCommand):
    help = (
        "Build a synthetic state for benchmarks on a new PostgreSQL database: scale 1 is "
        "58 counties, 60,000 youth with their histories and 20 million audit entries."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 is a whole state.")
        parser.add_argument("--counties", type=int, default=STATE_COUNTIES)
        parser.add_argument("--seed", type=int, default=2026, help="Seed for the same data.")

    def handle(self, *args, scale: float, counties: int, seed: int, **options):
        if County.objects.exists():
            raise CommandError(
                "The database already has counties. Build the synthetic state on a new "
                "PostgreSQL database (createdb, then point DATABASE_URL at it and migrate)."
            )
        if counties < 2 or scale <= 0:
            raise CommandError("Give a scale above zero and at least two counties.")
        try:
            summary = build_state(
                scale=scale,
                seed=seed,
                counties_count=counties,
                progress=lambda message: self.stdout.write(message),
            )
        except RuntimeError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic state at scale {scale}: {summary.counties} counties, "
                f"{summary.youth:,} youth copied, {summary.staff:,} staff, "
                f"{summary.audit_events:,} audit entries."
            )
        )
        for table, rows in sorted(summary.rows.items()):
            self.stdout.write(f"  {table:<32} {rows:>12,}")
        for step, seconds in summary.seconds.items():
            self.stdout.write(f"  {step:<32} {seconds:>10.1f} s")
