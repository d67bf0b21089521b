"""Apply the retention schedule: review what is due (always), destroy it with --commit."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from carecircle.sealing import retention


class Command(BaseCommand):
    help = (
        "Destroy sealed records whose destruction date has come, except those under a "
        "legal hold. Without --commit it is a dry run: it lists and records what is due."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Destroy what is due.")
        parser.add_argument(
            "--today", help="The date to apply the schedule for (YYYY-MM-DD); default today."
        )

    def handle(self, *args, commit: bool, today: str | None, **options):
        try:
            # Without --today each county's own date decides (see retention.orders_due).
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today takes a date as YYYY-MM-DD.") from None

        def progress(number: int, total: int) -> None:
            self.stdout.write(f"  {number}/{total}")

        result = retention.apply_schedule(today=day, commit=commit, progress=progress)
        self.stdout.write(retention.describe(result, commit=commit))
